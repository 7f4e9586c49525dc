import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome, writeFile } from './support/cli';

/** Each bad input gives exactly one clear line on stderr and exit code 2, never a stack trace. */
async function expectUsageError(args: string[], pattern: RegExp, env: Record<string, string> = {}) {
  const home = tempHome();
  const res = await runCli(args, { env: { HOME: home, ...env } });
  expect(res.code).toBe(2);
  const lines = res.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(res.stderr).not.toMatch(/\bat .+:\d+:\d+/);
  return res;
}

describe('bad input', () => {
  it('names the line and column of malformed YAML', async () => {
    const dir = tempHome();
    const file = writeFile(dir, 'bad.yaml', 'providers:\n  anthropic: {}\nmodels: [unclosed\n');
    await expectUsageError(['-c', file, 'route', 'hi'], /bad\.yaml:\d+:\d+: invalid YAML/);
  });

  it('names an unknown model used by a route, with its position', async () => {
    const dir = tempHome();
    const cfg = writeFile(dir, 'c.yaml', (await import('node:fs')).readFileSync('configs/demo.yaml', 'utf8').replace('reasoning: { model: claude-opus-4-6', 'reasoning: { model: claude-opus-9'));
    await expectUsageError(['-c', cfg, 'route', 'hi'], /c\.yaml:\d+:\d+: unknown model 'claude-opus-9'/);
  });

  it('rejects an unknown model asked for on the command line', async () => {
    await expectUsageError(['-c', 'configs/demo.yaml', 'route', '-m', 'gpt-99', 'hi'], /unknown model 'gpt-99'; use "auto" or one of: auto, claude-haiku/);
  });

  it('names the missing API key environment variable', async () => {
    const res = await expectUsageError(['-c', 'configs/default.yaml', 'route', 'What is the capital of France?'], /ANTHROPIC_API_KEY is not set.*or run `mmrouter init` \(its demo mode needs no key\)$/);
    expect(res.stdout).toBe('');
  });

  it('refuses an empty prompt', async () => {
    await expectUsageError(['-c', 'configs/demo.yaml', 'route', '   '], /the prompt is empty/);
  });

  it('explains an unreadable database path', async () => {
    const dir = tempHome();
    const asDir = join(dir, 'db-is-a-folder');
    mkdirSync(asDir);
    await expectUsageError(['-c', 'configs/demo.yaml', 'route', 'hi'], /db-is-a-folder/, { MMROUTER_DB: asDir });
  });

  it('reports a missing config file', async () => {
    await expectUsageError(['-c', 'nope.yaml', 'stats'], /nope\.yaml: file not found\. Run `mmrouter init`/);
  });

  it('treats an unknown option as a usage error', async () => {
    const home = tempHome();
    const res = await runCli(['route', '--frobnicate', 'x'], { env: { HOME: home } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown option '--frobnicate'/);
  });
});
