import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, type ProxyHarness, startProxy } from './support/server-harness';

/** Deterministic PRNG so a failure reproduces. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = mulberry32(20261125);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

const NASTY_STRINGS = ['', '\u0000', '\ud800', '\uffff', '🦀'.repeat(50), 'A'.repeat(20_000), '"}]{', '\u202e\u0647', '<|endoftext|>', '${process.env}', '__proto__'];
const NASTY_VALUES: unknown[] = [null, true, 0, -1, 1e308, -0.5, 2 ** 53 + 1, 'x', [], {}, [[[]]], { __proto__: { polluted: 1 } }, ...NASTY_STRINGS];

function validOpenAI(): Record<string, unknown> {
  return { model: 'auto', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'What is 2+2?' }], max_tokens: 20, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }] };
}

function validAnthropic(): Record<string, unknown> {
  return { model: 'auto', max_tokens: 20, system: 'sys', messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 2+2?' }] }], tools: [{ name: 'f', input_schema: { type: 'object' } }] };
}

function validResponses(): Record<string, unknown> {
  return {
    model: 'auto',
    instructions: 'sys',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'What is 2+2?' }] },
      { type: 'function_call', call_id: 'c1', name: 'f', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: '4' },
    ],
    max_output_tokens: 20,
    tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
    text: { format: { type: 'json_schema', name: 'n', schema: { type: 'object' } } },
  };
}

/** A valid body for the endpoint, to be mutated. */
function validFor(path: string): Record<string, unknown> {
  if (path === '/v1/chat/completions') return validOpenAI();
  return path === '/v1/responses' ? validResponses() : validAnthropic();
}

/** Replaces one random node of a JSON value with a hostile value. */
function mutate(value: unknown, depth = 0): unknown {
  if (depth > 0 && rand() < 0.3) return pick(NASTY_VALUES);
  if (Array.isArray(value)) {
    if (value.length === 0 || rand() < 0.1) return [...value, pick(NASTY_VALUES)];
    const copy = [...value];
    const i = Math.floor(rand() * copy.length);
    copy[i] = mutate(copy[i], depth + 1);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    const keys = Object.keys(copy);
    if (keys.length === 0 || rand() < 0.1) copy[pick(['role', 'type', 'content', 'stream', 'n', 'tool_choice', 'response_format', 'input', 'text', 'store'])] = pick(NASTY_VALUES);
    else if (rand() < 0.15) delete copy[pick(keys)];
    else {
      const k = pick(keys);
      copy[k] = mutate(copy[k], depth + 1);
    }
    return copy;
  }
  return pick(NASTY_VALUES);
}

function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

interface Probe {
  method: string;
  path: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
}

function nextProbe(i: number): Probe {
  const path = pick(['/v1/chat/completions', '/v1/messages', '/v1/messages/count_tokens', '/v1/feedback', '/v1/responses']);
  switch (i % 8) {
    case 0:
      return { method: 'POST', path, body: randomBytes(Math.floor(rand() * 300)) };
    case 1:
    case 2:
    case 3:
      return { method: 'POST', path, body: JSON.stringify(mutate(validFor(path))) };
    case 4:
      // Streaming variants exercise the SSE path with hostile content.
      return { method: 'POST', path, body: JSON.stringify({ ...(mutate(validFor(path)) as object), stream: true }) };
    case 5:
      return { method: 'POST', path, body: pick(['null', '[]', '"str"', '1', '{}', '{"model":null}', '{"messages":{}}', JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: pick(NASTY_STRINGS) }] })]) };
    case 6:
      return { method: pick(['GET', 'PUT', 'DELETE', 'PATCH', 'HEAD']), path: pick([path, '/v1/models/%E0%A4%A', '/v1/models/../../etc/passwd', `/v1/${'a'.repeat(4000)}`, '/v1/models?x=%00']) };
    default:
      return { method: 'POST', path, body: '{"model":"auto"}', headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']), 'anthropic-version': '2023-06-01', authorization: pick(['Bearer', 'Basic Zm9v', 'Bearer \u00ff', '']) } };
  }
}

function send(base: URL, agent: Agent, p: Probe): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: base.hostname, port: base.port, path: p.path, method: p.method, agent, headers: { 'content-type': 'application/json', ...p.headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(p.body);
  });
}

/** Raw bytes on a fresh socket; returns the status line the server answered with, or '' when it just closed. */
function sendRaw(base: URL, text: string, stallMs = 0): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(Number(base.port), base.hostname);
    let data = '';
    socket.on('data', (d) => (data += d.toString('latin1')));
    socket.on('close', () => resolve(data.split('\r\n')[0] ?? ''));
    socket.on('error', () => undefined);
    socket.write(text);
    if (stallMs === 0) socket.end();
  });
}

describe('fuzzing the proxy with malformed and hostile requests', () => {
  let h: ProxyHarness;
  beforeAll(async () => {
    h = await startProxy({ bodyLimitBytes: 256 * 1024, requestTimeoutMs: 500 });
  });
  afterAll(() => h.close());

  it('never answers 5xx or crashes across thousands of bad requests, and still serves afterwards', async () => {
    const base = new URL(h.server.url);
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses = new Map<number, number>();
    const fivexx: Probe[] = [];
    const N = 2000;
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < N) {
          const probe = nextProbe(next++);
          const status = await send(base, agent, probe);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 500) fivexx.push(probe);
        }
      }),
    );
    agent.destroy();
    expect(fivexx.map((p) => `${p.method} ${p.path} ${String(p.body).slice(0, 200)}`)).toEqual([]);
    // The mix really exercised both rejection and success paths.
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(200)).toBeGreaterThan(10);

    const raw = await Promise.all([
      sendRaw(base, 'POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nX-Evil: a\rInjected: b\r\nContent-Length: 2\r\n\r\n{}'),
      sendRaw(base, 'POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'),
      sendRaw(base, `GET /v1/models HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'h'.repeat(20_000)}\r\n\r\n`),
      sendRaw(base, 'POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999\r\n\r\n{'),
      sendRaw(base, 'GARBAGE\r\n\r\n'),
      sendRaw(base, 'GET /healthz HTTP/1.1\r\nHost: evil.example\r\n\r\n'),
      // Slowloris: headers promise a body that never fully arrives; the request timeout ends it.
      sendRaw(base, 'POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{"mod', 1),
      sendRaw(base, 'POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nContent-Le', 1),
    ]);
    for (const line of raw) expect(line).not.toMatch(/^HTTP\/1\.1 5\d\d/);
    expect(raw[3]).toMatch(/^HTTP\/1\.1 413/);
    expect(raw[5]).toMatch(/^HTTP\/1\.1 403/);

    const ok = await post(`${h.openaiBase}/chat/completions`, { model: 'auto', messages: [{ role: 'user', content: 'still there?' }] });
    expect(ok.status).toBe(200);
  });
});
