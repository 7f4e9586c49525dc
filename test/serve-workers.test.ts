import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import OpenAI from 'openai';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { BIN } from './support/cli';
import { startMockUpstream, type MockUpstream } from './support/mock-upstream';
import { proxyConfig, UPSTREAM_KEY } from './support/server-harness';

/** `mmrouter serve` and `serve --workers N`, run as a user runs them: the real binary, its own processes. */

let mock: MockUpstream;
let child: ChildProcess | undefined;

beforeAll(async () => {
  mock = await startMockUpstream();
});
afterAll(() => mock.close());
afterEach(() => {
  child?.kill('SIGKILL');
  child = undefined;
});

interface Served {
  url: string;
  dbPath: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function serve(extraArgs: string[]): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-workers-'));
  const config = join(dir, 'mmrouter.yaml');
  writeFileSync(config, proxyConfig(mock));
  const dbPath = join(dir, 'mmrouter.db');
  let stderr = '';
  const proc = spawn(process.execPath, [BIN, '-c', config, 'serve', ...extraArgs], {
    env: { PATH: process.env.PATH ?? '', ANTHROPIC_API_KEY: UPSTREAM_KEY, OPENAI_API_KEY: UPSTREAM_KEY, MMROUTER_DB: dbPath },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child = proc;
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /listening on (http:\/\/\S+)\/v1/.exec(stderr)?.[1];
      if (url) resolve({ url, dbPath, stderr: () => stderr, exited });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
}

function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
}

function workerPids(primary: number): number[] {
  try {
    return execFileSync('ps', ['--ppid', String(primary), '-o', 'pid='], { encoding: 'utf8' }).split('\n').map((l) => Number(l.trim())).filter((n) => n > 0);
  } catch {
    return [];
  }
}

async function ask(client: OpenAI, n: number): Promise<string[]> {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => client.chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: `What is the capital of country number ${i}?` }] })),
  );
  return answers.map((a) => a.id);
}

describe('serve', () => {
  it('serves from a child with the larger young generation; a SIGTERM to the launched pid drains it, records once and exits 0', async () => {
    const served = await serve(['--port', '0']);
    const launcher = child?.pid ?? 0;
    const [proxy] = workerPids(launcher);
    expect(workerPids(launcher)).toHaveLength(1);
    expect(cmdline(proxy ?? 0)).toContain('--max-semi-space-size=32');
    expect(cmdline(launcher)).not.toContain('--max-semi-space-size');
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    // In flight when the signal arrives: the proxy must finish it before it exits.
    mock.enqueue({ kind: 'delay', ms: 400 }, { times: 5 });
    const upstreamBefore = mock.requests.length;
    const inFlight = ask(client, 5);
    // Signalled once all five have reached the upstream: a fixed wait let a busy machine signal before they had connected.
    while (mock.requests.length - upstreamBefore < 5) await new Promise((r) => setTimeout(r, 10));
    child?.kill('SIGTERM');
    const ids = await inFlight;
    expect(await served.exited).toBe(0);
    expect(workerPids(launcher)).toHaveLength(0);
    const db = new Database(served.dbPath, { readonly: true });
    const stored = (db.prepare('SELECT id FROM requests').all() as { id: string }[]).map((r) => r.id);
    db.close();
    expect(stored.sort()).toEqual(ids.map((id) => id.replace(/^chatcmpl-/, '')).sort());
  });
});

describe('serve --workers', () => {
  it('serves from several processes on one port, replaces a worker that dies, and records every request once on shutdown', async () => {
    const served = await serve(['--port', '0', '--workers', '2']);
    expect(served.stderr()).toContain('2 workers');
    const primary = child?.pid ?? 0;
    expect(workerPids(primary)).toHaveLength(2);
    for (const worker of workerPids(primary)) expect(cmdline(worker)).toContain('--max-semi-space-size=32');
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: 'unused', maxRetries: 0 });

    const first = await ask(client, 30);
    const victim = workerPids(primary)[0] ?? 0;
    process.kill(victim, 'SIGKILL');
    const replaced = new RegExp(`worker ${victim} stopped \\(SIGKILL\\); starting a replacement`);
    const settled = () => workerPids(primary).length === 2 && !workerPids(primary).includes(victim) && replaced.test(served.stderr());
    for (let i = 0; i < 100 && !settled(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(workerPids(primary)).not.toContain(victim);
    expect(workerPids(primary)).toHaveLength(2);
    expect(served.stderr()).toMatch(replaced);
    // A killed worker loses at most its unflushed batch; what is asked after it must all land.
    const second = await ask(client, 30);

    child?.kill('SIGTERM');
    expect(await served.exited).toBe(0);
    const db = new Database(served.dbPath, { readonly: true });
    const rows = db.prepare('SELECT id FROM requests').all() as { id: string }[];
    db.close();
    const stored = new Set(rows.map((r) => r.id));
    expect(rows.length).toBe(stored.size);
    for (const id of second) expect(stored.has(id.replace(/^chatcmpl-/, ''))).toBe(true);
    expect(first.filter((id) => stored.has(id.replace(/^chatcmpl-/, ''))).length).toBeGreaterThan(0);
  });

  it('reports a port in use once, in one line, and exits 2', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const failed = serve(['--port', String(port), '--workers', '2']);
    const error = await failed.then(
      () => '',
      (err: Error) => err.message,
    );
    blocker.close();
    expect(error).toMatch(/exited with 2/);
    expect(error.match(/port \d+ is in use/g)).toHaveLength(1);
  });

  it('refuses a worker count that is not a positive whole number', async () => {
    const failed = await serve(['--workers', '0']).then(
      () => '',
      (err: Error) => err.message,
    );
    expect(failed).toMatch(/exited with 2.*--workers must be a whole number from 1 to 256 or 'auto', got '0'/s);
  });
});
