/**
 * CPU per proxied request of two builds of `mmrouter serve`, in alternating rounds under the same
 * load, to tell whether a change to the hot path helps. Throughput figures on these shared
 * machines drift by ±15% between runs, so two builds are measured turn about in one command. Run
 * it once with the same build as A and B first: that spread is the noise floor of the moment
 * (seen here from ±2% to ±30%), and a difference smaller than it means nothing.
 *
 *   cp dist/cli.mjs dist/cli-before.mjs    # build A: before the change
 *   npm run build:cli                      # build B: with it
 *   npx tsx bench/proxy-ab.bench.ts --a dist/cli-before.mjs --b dist/cli.mjs [--rounds 3] [--duration 6]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { cpuSeconds } from './support/proc';

/** Under a shorter warm-up the first measured rounds still ran ~2x slower (V8 tiering up). */
const WARM_UP_S = 10;
const BODY = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 16 });
const children: ChildProcess[] = [];

/** Starts a process and resolves with the first capture of `ready` in its output. */
function start(args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', ...env } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const watch = (d: Buffer): void => {
      out += d.toString();
      const m = ready.exec(out);
      if (m?.[1]) resolve({ child, url: m[1] });
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.on('exit', (code) => reject(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}


/** Requests served in `seconds` with 200 connections (autocannon runs in its own process). */
async function load(url: string, seconds: number): Promise<number> {
  const args = ['node_modules/autocannon/autocannon.js', '-c', '200', '-d', String(seconds), '-m', 'POST', '-H', 'content-type=application/json', '-b', BODY, '--json', `${url}/v1/chat/completions`];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((resolve) => child.on('exit', resolve));
  const result = JSON.parse(out) as { non2xx: number; errors: number; requests: { total: number } };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors under load`);
  return result.requests.total;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string', default: 'dist/cli.mjs' }, rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '6' } } });
  if (!values.a) throw new Error('name build A with --a (e.g. a copy of dist/cli.mjs made before the change)');
  const upstream = await start(['--import', 'tsx', 'test/support/mock-upstream-cli.ts', '--port', '0', '--latency-ms', '20'], /(http:\/\/\S+)/);
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-ab-'));
  const cell = '{ model: gpt-4o-mini }';
  const tier = `{ factual: ${cell}, reasoning: ${cell}, creative: ${cell}, code: ${cell} }`;
  const config = join(dir, 'mmrouter.yaml');
  writeFileSync(
    config,
    `providers:\n  openai: { base_url: ${upstream.url}/v1 }\nclassifier: { strategy: rules }\nmodels:\n  gpt-4o-mini: { provider: openai, pricing: { input: 0.15, output: 0.6 } }\nroutes:\n  simple: ${tier}\n  medium: ${tier}\n  complex: ${tier}\n`,
  );
  // Each build keeps its own request log: one shared SQLite file would make them wait on each other.
  const serve = (build: string, db: string) => start([build, '-c', config, 'serve', '--port', '0'], /listening on (http:\/\/\S+)\/v1/, { OPENAI_API_KEY: 'sk-bench', MMROUTER_DB: join(dir, db) });
  const builds = { A: await serve(values.a, 'a.db'), B: await serve(values.b, 'b.db') };
  // Unmeasured: JIT, connection pools and the upstream reach steady state first.
  for (const { url } of Object.values(builds)) await load(url, WARM_UP_S);
  const perRequest: Record<'A' | 'B', number[]> = { A: [], B: [] };
  for (let round = 1; round <= Number(values.rounds); round++) {
    const line: string[] = [];
    for (const name of ['A', 'B'] as const) {
      const { child, url } = builds[name];
      const before = cpuSeconds(child.pid);
      const requests = await load(url, Number(values.duration));
      const us = ((cpuSeconds(child.pid) - before) / requests) * 1e6;
      perRequest[name].push(us);
      line.push(`${name} ${us.toFixed(0)} µs/request (${requests} requests)`);
    }
    console.log(`round ${round}: ${line.join('   ')}`);
  }
  const ratios = perRequest.B.map((b, i) => b / (perRequest.A[i] ?? b)).sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)] ?? NaN;
  console.log(`\nB / A CPU per request, median of the rounds: ${median.toFixed(3)} (A ${values.a}, B ${values.b})`);
}

main()
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const c of children) c.kill('SIGTERM');
  });
