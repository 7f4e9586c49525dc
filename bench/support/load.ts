import { spawn } from 'node:child_process';

export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  total: number;
}

/**
 * `connections` concurrent clients POSTing `body` for `seconds` (autocannon, in its own process:
 * it has no typings to import, and the load must not share the measuring process's event loop).
 * Any non-2xx answer or socket error fails the run: a fast wrong answer is not throughput.
 */
export async function postLoad(url: string, body: string, opts: { seconds: number; connections?: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const headers = Object.entries({ 'content-type': 'application/json', ...opts.headers }).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = ['node_modules/autocannon/autocannon.js', '-c', String(opts.connections ?? 200), '-d', String(opts.seconds), '-m', 'POST', ...headers, '-b', body, '--json', url];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const result = JSON.parse(out) as { non2xx: number; errors: number; requests: { average: number; total: number } };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors under load`);
  return { rps: result.requests.average, total: result.requests.total };
}

/**
 * Ratings for adaptive routing to read: a few answered requests, each rated, so a policies-on
 * proxy routes with feedback present (its scores are re-read after each rating).
 */
export async function seedFeedback(proxy: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const body = JSON.stringify({ model: 'auto', max_tokens: 16, messages: [{ role: 'user', content: `What is the capital of country ${i}?` }] });
    const res = await fetch(`${proxy}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const id = res.headers.get('x-mmrouter-request-id');
    await res.arrayBuffer();
    if (!id) throw new Error(`policies proxy: no request id (HTTP ${res.status})`);
    const rated = await fetch(`${proxy}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ request_id: id, rating: i % 3 === 0 ? 'down' : 'up' }) });
    if (!rated.ok) throw new Error(`policies proxy: feedback answered HTTP ${rated.status}`);
  }
}
