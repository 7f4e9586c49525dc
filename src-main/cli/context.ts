import type { Command } from 'commander';
import { loadConfig, type LoadedConfig } from '../core/config/load';
import { findConfig } from './paths';

/** Options every command inherits from the program. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
}

export function globals(cmd: Command): GlobalOptions {
  return cmd.optsWithGlobals<GlobalOptions>();
}

export function loadCliConfig(cmd: Command): LoadedConfig {
  return loadConfig(findConfig(globals(cmd).config));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Reads all of stdin when it is piped; undefined on a terminal. */
export async function readPipedStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
