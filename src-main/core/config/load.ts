import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, resolve } from 'node:path';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { ConfigSchema, type Config } from '../../../src-shared/config-schema';
import { ConfigError } from './errors';
import { checkReferences } from './references';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file it came from. */
  path: string;
  /** Absolute path of the request database, resolved from `tracking.database`. */
  databasePath: string;
}

/** Reads, parses and validates a config file. Every failure is a ConfigError naming file:line:col. */
export function loadConfig(file: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : 'cannot be read';
    throw new ConfigError(`${file}: ${why}. Run \`mmrouter init\` to create a config, or pass one with -c <file>.`);
  }
  return parseConfig(text, path, env);
}

export function parseConfig(text: string, path: string, env: Record<string, string | undefined> = process.env): LoadedConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const problem = (offset: number | undefined, detail: string): ConfigError => {
    if (offset === undefined) return new ConfigError(`${path}: ${detail}`, { detail });
    const { line, col } = lines.linePos(offset);
    return new ConfigError(`${path}:${line}:${col}: ${detail}`, { line, column: col, detail });
  };
  const syntax = doc.errors[0];
  if (syntax) throw problem(syntax.pos[0], `invalid YAML: ${firstLine(syntax.message)}`);

  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw problem(undefined, 'a config must be a YAML mapping with providers, models and routes.');

  const locate = (keyPath: readonly PropertyKey[]): number | undefined => {
    // Walk up until a node exists: a missing key is reported at its parent.
    for (let n = keyPath.length; n >= 0; n--) {
      const node = doc.getIn(keyPath.slice(0, n) as unknown[], true);
      if (isNode(node) && node.range) return node.range[0];
    }
    return undefined;
  };

  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0] as z.core.$ZodIssue;
    throw problem(locate(issue.path), describeIssue(issue));
  }
  const config = parsed.data;

  const reference = checkReferences(config);
  if (reference) throw problem(locate(reference.path), reference.message);

  return { config, path, databasePath: resolveDatabasePath(config.tracking.database, dirname(path), env) };
}

function resolveDatabasePath(db: string, configDir: string, env: Record<string, string | undefined>): string {
  const override = env.MMROUTER_DB;
  const chosen = override && override.trim() !== '' ? override : db;
  if (chosen === ':memory:') return chosen;
  if (chosen === '~' || chosen.startsWith('~/')) return resolve(env.HOME || homedir(), chosen.slice(2));
  return isAbsolute(chosen) ? chosen : resolve(override ? process.cwd() : configDir, chosen);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.length ? `'${issue.path.join('.')}'` : 'config';
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} in ${key}`;
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${key} is required`;
  return `${key}: ${issue.message}`;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
