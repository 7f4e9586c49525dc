import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import type { ConfigDocument } from '../../../src-shared/contract/operations';
import { ApiError } from '../../../src-shared/contract/errors';
import type { Category, Complexity } from '../../../src-shared/labels';
import { ConfigError } from '../../core/config/errors';
import { parseConfig, type LoadedConfig } from '../../core/config/load';
import type { RouterHost } from './router-host';

export interface ConfigProblem {
  line?: number;
  column?: number;
  message: string;
}

export type ConfigCheck = { valid: true; errors: []; loaded: LoadedConfig } | { valid: false; errors: ConfigProblem[] };

export interface ConfigServiceOptions {
  host: RouterHost;
  /** The user's config: what config.save writes (created on the first save). */
  userConfigPath: string;
  /** What routes while the user's config does not exist yet (e.g. the shipped default). */
  fallbackConfigPath: string;
  /** Folder of the shipped presets (configs/); demo.yaml among them is demo mode. */
  presetsDir: string;
  env?: Record<string, string | undefined>;
}

/**
 * The config the router runs: reading it, checking text as the core would load it, saving it as
 * written (comments and formatting are the user's), editing it through yaml's Document API, and
 * demo mode. Every change is applied to the running router before this returns.
 */
export class ConfigService {
  /** Demo text with the user's in-session edits (a trained model); the shipped file is never written. */
  private demoText: string | undefined;
  private brokenUserConfig: ConfigProblem | undefined;

  constructor(private readonly opts: ConfigServiceOptions) {}

  get userConfigPath(): string {
    return this.opts.userConfigPath;
  }

  get demoPath(): string {
    return join(this.opts.presetsDir, 'demo.yaml');
  }

  /**
   * Starts routing: with the user's config (or the fallback), or in demo mode. A user config that
   * does not load starts the demo instead, so the GUI opens and can fix it (`startupError`).
   */
  async start(demo: boolean): Promise<void> {
    if (demo) return this.setDemo(true);
    try {
      const loaded = this.load(this.userText(), this.opts.userConfigPath);
      await this.opts.host.use(loaded, await this.opts.host.build(loaded), false);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      this.brokenUserConfig = problemOf(err);
      await this.setDemo(true);
    }
  }

  /** Why the user's config did not load at start; cleared once a valid config is saved. */
  get startupError(): ConfigProblem | undefined {
    return this.brokenUserConfig;
  }

  get(): ConfigDocument {
    const demo = this.opts.host.current.demo;
    const presets = this.presets();
    if (demo && this.brokenUserConfig) return { path: this.opts.userConfigPath, yaml: this.userText(), demo, presets, errors: [this.brokenUserConfig] };
    return { path: demo ? this.demoPath : this.opts.userConfigPath, yaml: demo ? this.demoSource() : this.userText(), demo, presets };
  }

  check(yaml: string, path = this.opts.userConfigPath): ConfigCheck {
    try {
      return { valid: true, errors: [], loaded: this.load(yaml, path) };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return { valid: false, errors: [problemOf(err)] };
    }
  }

  /** Writes `yaml` byte for byte and routes with it; refused (file untouched) when it does not load. Leaves demo mode. */
  async save(yaml: string): Promise<{ saved: boolean; valid: boolean; errors: ConfigProblem[]; path: string }> {
    const path = this.opts.userConfigPath;
    const checked = this.check(yaml);
    if (!checked.valid) return { saved: false, valid: false, errors: checked.errors, path };
    const router = await this.opts.host.build(checked.loaded).catch((err: unknown) => {
      // Loads, but cannot route (a trained model that is missing, an embedding model that fails).
      throw new ApiError({ code: 'invalid_input', message: err instanceof Error ? err.message : String(err), field: 'yaml' });
    });
    try {
      await writeAtomically(path, yaml);
    } catch (err) {
      await router.close();
      throw err;
    }
    await this.opts.host.use(checked.loaded, router, false);
    this.brokenUserConfig = undefined;
    return { saved: true, valid: true, errors: [], path };
  }

  presets(): { name: string; description: string }[] {
    return this.presetNames().map((name) => ({ name, description: describePreset(readFileSync(join(this.opts.presetsDir, `${name}.yaml`), 'utf8')) }));
  }

  preset(name: string): { name: string; yaml: string } {
    if (!this.presetNames().includes(name)) throw new ApiError({ code: 'not_found', message: `no preset '${name}'; presets: ${this.presetNames().join(', ')}`, field: 'name' });
    return { name, yaml: readFileSync(join(this.opts.presetsDir, `${name}.yaml`), 'utf8') };
  }

  /** A shipped preset's file for its name; anything else is taken as a path, as the CLI takes it. */
  presetOrPath(nameOrPath: string): string {
    return this.presetNames().includes(nameOrPath) ? join(this.opts.presetsDir, `${nameOrPath}.yaml`) : nameOrPath;
  }

  async setDemo(enabled: boolean): Promise<void> {
    const loaded = enabled ? this.load(this.demoSource(), this.demoPath) : this.load(this.userText(), this.opts.userConfigPath);
    await this.opts.host.use(loaded, await this.opts.host.build(loaded), enabled);
  }

  /** Points the route cell at `model` in the text, keeping the cell's fallbacks, comments and layout. */
  setRoute(yaml: string, complexity: Complexity, category: Category, model: string): string {
    return edit(yaml, (doc) => {
      const cell = doc.getIn(['routes', complexity, category], true);
      if (isMap(cell)) cell.set('model', model);
      else if (isScalar(cell) || cell === undefined) doc.setIn(['routes', complexity, category], model);
      else throw new ApiError({ code: 'invalid_input', message: `routes.${complexity}.${category} is neither a model name nor a {model, fallbacks} mapping`, field: 'yaml' });
    });
  }

  /** Makes the embedding classifier with `trainedModelDir` route the next prompts, in the active config. */
  async useTrainedModel(trainedModelDir: string): Promise<string> {
    const withModel = (text: string) =>
      edit(text, (doc) => {
        doc.setIn(['classifier', 'strategy'], 'embeddings');
        doc.setIn(['classifier', 'embeddings', 'trained_model'], trainedModelDir);
      });
    if (this.opts.host.current.demo) {
      const text = withModel(this.demoSource());
      const loaded = this.load(text, this.demoPath);
      await this.opts.host.use(loaded, await this.opts.host.build(loaded), true);
      this.demoText = text;
      return this.demoPath;
    }
    const saved = await this.save(withModel(this.userText()));
    if (!saved.saved) throw new ApiError({ code: 'conflict', message: `the config cannot take the trained model: ${saved.errors[0]?.message ?? 'invalid'}` });
    return saved.path;
  }

  private load(text: string, path: string): LoadedConfig {
    return parseConfig(text, path, this.opts.env ?? process.env);
  }

  private userText(): string {
    const path = existsSync(this.opts.userConfigPath) ? this.opts.userConfigPath : this.opts.fallbackConfigPath;
    return readFileSync(path, 'utf8');
  }

  private demoSource(): string {
    return this.demoText ?? readFileSync(this.demoPath, 'utf8');
  }

  private presetNames(): string[] {
    return readdirSync(this.opts.presetsDir)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => basename(f, '.yaml'))
      .sort();
  }
}

function problemOf(err: ConfigError): ConfigProblem {
  const { line, column, detail } = err.location;
  return { ...(line !== undefined ? { line } : {}), ...(column !== undefined ? { column } : {}), message: detail };
}

/** The preset's first comment line, which says what it is for. */
function describePreset(text: string): string {
  const first = text.split('\n').find((l) => l.startsWith('#'));
  return first ? first.replace(/^#\s*/, '').replace(/^mmrouter\s+/, '') : '';
}

/** Applies `change` to the YAML document and prints it back; comments and the rest of the layout stay. */
function edit(yaml: string, change: (doc: ReturnType<typeof parseDocument>) => void): string {
  const doc = parseDocument(yaml);
  const syntax = doc.errors[0];
  if (syntax) throw new ApiError({ code: 'invalid_input', message: `fix the YAML first: ${syntax.message.split('\n')[0] ?? ''}`, field: 'yaml' });
  change(doc);
  return doc.toString();
}

/** A crash mid-write leaves the old file or the new one, never half of each. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, 'utf8');
  await rename(temp, path);
}
