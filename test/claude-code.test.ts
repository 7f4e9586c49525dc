import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTracker, type Tracker } from '../src-main/core/tracker';
import type { RequestRecord } from '../src-shared/routing';
import { CHEAP, type ProxyHarness, startProxy } from './support/server-harness';

/** Claude Code from npm (a dev dependency), the client users point at the proxy. */
const CLAUDE = resolve('node_modules/.bin/claude');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `claude -p` as README tells users to run it: only the base URL and a key changed. HOME is a
 * fresh directory so no user settings or credentials leak in, and the environment is otherwise
 * empty but for PATH, so nothing of the machine's own Anthropic setup takes part.
 */
function claude(h: ProxyHarness, cwd: string, home: string, args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      CLAUDE,
      ['-p', ...args],
      { cwd, timeout: 120_000, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ANTHROPIC_BASE_URL: h.server.url, ANTHROPIC_API_KEY: 'x' } },
      (err, stdout, stderr) => done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    ).stdin?.end();
  });
}

type Json = Record<string, unknown>;

function messagesOf(body: unknown): Json[] {
  return ((body as Json).messages ?? []) as Json[];
}

describe('Claude Code through the proxy, model auto, mock upstream behind it', () => {
  let h: ProxyHarness;
  let reader: Tracker;
  let cwd: string;
  let home: string;

  beforeAll(async () => {
    h = await startProxy();
    reader = openTracker({ path: h.dbPath, flushIntervalMs: 20 });
  });
  afterAll(async () => {
    await reader.close();
    await h.close();
  });
  beforeEach(() => {
    h.mock.reset();
    cwd = mkdtempSync(join(tmpdir(), 'mmrouter-claude-cwd-'));
    home = mkdtempSync(join(tmpdir(), 'mmrouter-claude-home-'));
    return () => {
      rmSync(cwd, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    };
  });

  /** The proxy's records of Claude Code's calls, once the write-behind tracker has them all. */
  async function records(count: number): Promise<RequestRecord[]> {
    for (let i = 0; i < 200; i++) {
      const rows = reader.log.recent({ limit: 50 }).filter((r) => r.source === 'proxy:anthropic');
      if (rows.length >= count) return rows.reverse();
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`fewer than ${count} Claude Code requests reached the tracker`);
  }

  it('answers a one-shot prompt: the answer printed, the request routed, relayed with every field and recorded', async () => {
    const before = reader.log.recent({ limit: 1000 }).length;
    h.mock.enqueue({ kind: 'reply', reply: { text: 'Paris.' } });
    const run = await claude(h, cwd, home, ['What is the capital of France?', '--model', 'auto']);
    expect(run.stderr).not.toMatch(/API Error/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('Paris.');

    const calls = h.mock.requests.filter((r) => r.path === '/v1/messages');
    expect(calls).toHaveLength(1);
    const sent = calls[0]!;
    expect(sent.family).toBe('anthropic');
    expect(sent.model).toBe(CHEAP);
    // Relayed as Claude Code wrote it: its beta headers, thinking and context settings, and the
    // system message it puts after the first user turn.
    expect(sent.headers['anthropic-beta']).toMatch(/claude-code-/);
    const body = sent.body as Json;
    expect(body).toMatchObject({ stream: true, thinking: { type: 'adaptive' }, context_management: expect.any(Object), output_config: expect.any(Object), metadata: expect.any(Object) });
    expect(messagesOf(body).map((m) => m.role)).toEqual(['user', 'system']);
    expect(JSON.stringify(messagesOf(body)[0])).toContain('What is the capital of France?');

    // Classified on the user's words, not on the environment and git reminders Claude Code adds.
    const rows = (await records(before + 1)).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ requestedModel: 'auto', model: CHEAP, status: 'ok', stream: true, complexity: 'simple', category: 'factual' });
  });

  it.each([
    [CHEAP, 'relayed to an Anthropic model', 'anthropic'],
    ['auto', 'translated for the OpenAI model the router picks for an explanation (medium)', 'openai'],
  ] as const)('runs a tool the model asks for and answers from its result, --model %s: %s', async (model, _how, family) => {
    writeFileSync(join(cwd, 'note.txt'), 'the secret word is persimmon\n');
    h.mock.enqueue({ kind: 'reply', reply: { toolCalls: [{ name: 'Read', arguments: JSON.stringify({ file_path: join(cwd, 'note.txt') }) }] } });
    h.mock.enqueue({ kind: 'reply', reply: { text: 'The note says the secret word is persimmon.' } });
    const run = await claude(h, cwd, home, ['Read note.txt and explain what it says.', '--model', model, '--allowedTools', 'Read']);
    expect(run.stderr).not.toMatch(/API Error/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('The note says the secret word is persimmon.');

    expect(h.mock.requests.map((r) => r.family)).toEqual([family, family]);
    // The second call carries the model's tool call and the file Claude Code read for it.
    const history = JSON.stringify(messagesOf(h.mock.requests[1]?.body));
    expect(history).toContain('Read');
    expect(history).toContain(family === 'anthropic' ? '"type":"tool_result"' : '"role":"tool"');
    expect(history).toContain('persimmon');
  });
});
