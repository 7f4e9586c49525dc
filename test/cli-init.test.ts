import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempHome } from './support/cli';

describe('mmrouter init', () => {
  it('writes the demo config where the CLI then finds it by default', async () => {
    const home = tempHome();
    const init = await runCli(['init', '--provider', 'demo'], { env: { HOME: home } });
    expect(init.code).toBe(0);
    const written = join(home, '.mmrouter', 'config.yaml');
    expect(readFileSync(written, 'utf8')).toContain('provider: simulator');
    expect(init.stdout).toContain(`Wrote ${written}`);

    // No -c: the config init wrote is the one used, so this routes offline.
    const route = await runCli(['route', 'What is the capital of France?'], { env: { HOME: home } });
    expect(route.code).toBe(0);
    expect(route.stdout).toMatch(/^\[simulated answer from claude-haiku-4-5-20251001\]/);
  });

  it('refuses a provider whose key is missing, naming the variable, and writes nothing', async () => {
    const home = tempHome();
    const res = await runCli(['init', '--provider', 'openai'], { env: { HOME: home } });
    expect(res.code).toBe(2);
    expect(res.stderr.trim()).toBe('mmrouter: OPENAI_API_KEY is not set: export OPENAI_API_KEY=<your key> and run mmrouter init again, or use --provider demo');
    expect(existsSync(join(home, '.mmrouter', 'config.yaml'))).toBe(false);
  });

  it('does not overwrite an existing config without --force', async () => {
    const home = tempHome();
    expect((await runCli(['init', '-p', 'demo'], { env: { HOME: home } })).code).toBe(0);
    const again = await runCli(['init', '-p', 'demo'], { env: { HOME: home } });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; pass --force/);
    expect((await runCli(['init', '-p', 'demo', '--force'], { env: { HOME: home } })).code).toBe(0);
  });

  it('asks for a provider only when there is a terminal', async () => {
    const res = await runCli(['init'], { env: { HOME: tempHome() } });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/pass --provider anthropic\|openai\|google\|demo/);
  });
});
