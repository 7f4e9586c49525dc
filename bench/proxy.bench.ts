/**
 * Proxy overhead: the same OpenAI chat-completions requests sent straight to the mock upstream,
 * through mmrouter (`auto` routing, rules classifier, tracking on, and every routing policy on:
 * breakers, a budget with a high limit, adaptive routing with feedback present, a running
 * experiment, alert rules), through the same build with the policies off, through Portkey's gateway
 * and through a bare node:http relay (the floor for any node:http proxy on this machine). Coding
 * agents' requests too: a 60 kB conversation, and Claude Code's recorded request to /v1/messages.
 * Upstreams, proxies and the gateway each run in their own process; this one only measures.
 *
 *   npx tsx bench/proxy.bench.ts [--requests 3000] [--duration 10]   (after `npm run build:cli`)
 */
import type { ChildProcess } from 'node:child_process';
import { Agent, createServer as createHttpServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { writeRoutingConfig } from './support/config';
import { agentConversation, claudeCodeRequest } from './support/conversation';
import { postLoad, seedFeedback } from './support/load';
import { cpuSeconds, rssMb } from './support/proc';
import { runBench, spawnQuiet, startProcess } from './support/processes';
import type { RequestRecord, RouteDecision } from '../src-shared/routing';
import type { RouterApi } from '../src-main/core/router/types';

const PORTKEY_PORT = 8787;
const WARM_UP_REQUESTS = 4000;
const BLOCK = 50;
const LOAD_ROUNDS = 6;
const LOAD_WARM_UP_S = 6;
const BODY = JSON.stringify({ messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 16 });
const UPSTREAM_KEY = 'sk-bench-upstream';

interface Target {
  name: string;
  url: string;
  model: string;
  headers: Record<string, string>;
}

// ---------------------------------------------------------------- child process roles

/**
 * mmrouter as users run it: the bundled `mmrouter serve` (`npm run build:cli` made it), `auto`
 * routing every tier to one model with a fallback. `openai`: the OpenAI requests are relayed to an
 * OpenAI model; `anthropic`: they are translated for an Anthropic model (the cross-family path).
 */
function startMmrouter(upstream: string, family: 'openai' | 'anthropic', policies = false): Promise<{ child: ChildProcess; line: string }> {
  const { config } = writeRoutingConfig(upstream, family, policies);
  const key = family === 'openai' ? 'OPENAI_API_KEY' : 'ANTHROPIC_API_KEY';
  return startProcess(process.execPath, ['bin/mmrouter.cjs', '-c', config, 'serve', '--port', '0'], /listening on (http:\/\/\S+)\/v1/, { [key]: UPSTREAM_KEY });
}

/**
 * `--role proxy-noop`: the same HTTP server over a router that answers at once, without classifier,
 * provider SDK, upstream or tracker. Its overhead over a bare upstream is the HTTP layer's own share.
 */
async function runNoopProxy(): Promise<void> {
  const { createServer } = await import('../src-main/server/server');
  const usage = { inputTokens: 8, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0 };
  const router: RouterApi = {
    route: async (req) => {
      const decision: RouteDecision = { requestId: 'req_noop', requestedModel: req.model, candidates: ['noop'], model: 'noop', provider: 'none', attempts: [], escalated: false, fallback: false, reasons: [] };
      const record = { id: 'req_noop', costUsd: 0, usage, model: 'noop' } as RequestRecord;
      return { decision, record, response: { id: 'noop', model: 'noop', text: 'Paris.', toolCalls: [], finishReason: 'stop', usage } };
    },
    stream: () => {
      throw new Error('not benchmarked');
    },
    models: () => [],
    close: async () => undefined,
  };
  const server = await createServer({ router, feedback: undefined, host: '127.0.0.1', port: 0 });
  process.stdout.write(`${server.url}\n`);
}

/**
 * `--role relay --upstream <url>`: the floor for any proxy written on node:http, measured on the
 * same machine in the same run: read the body, POST it upstream on a keep-alive connection, send
 * the answer back. No parsing, routing or tracking.
 */
async function runRelay(upstream: string): Promise<void> {
  const target = new URL(upstream);
  const relayAgent = new Agent({ keepAlive: true, maxSockets: 512 });
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${UPSTREAM_KEY}` };
      const up = request({ host: target.hostname, port: target.port, path: `/v1${req.url?.replace(/^\/v1/, '') ?? ''}`, method: 'POST', agent: relayAgent, headers }, (ur) => {
        const out: Buffer[] = [];
        ur.on('data', (c: Buffer) => out.push(c));
        ur.on('end', () => {
          const answer = Buffer.concat(out);
          res.writeHead(ur.statusCode ?? 502, { 'content-type': ur.headers['content-type'] ?? 'application/json', 'content-length': answer.length });
          res.end(answer);
        });
      });
      up.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`));
}

// ---------------------------------------------------------------- process management

const tsx = (file: string, args: string[]): Promise<{ child: ChildProcess; line: string }> => startProcess(process.execPath, ['--import', 'tsx', file, ...args], /^http:\/\//);

async function startPortkey(): Promise<ChildProcess> {
  const child = spawnQuiet(process.execPath, ['node_modules/@portkey-ai/gateway/build/start-server.js', `--port=${PORTKEY_PORT}`, '--headless']);
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORTKEY_PORT}/`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('Portkey gateway did not start');
}


// ---------------------------------------------------------------- measurement

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function body(t: Target, stream: boolean): string {
  return JSON.stringify({ ...JSON.parse(BODY), model: t.model, ...(stream ? { stream: true } : {}) });
}

/** What a request carries: the one-line question, or a coding agent's ~60 kB conversation. */
type Payload = (t: Target, stream: boolean) => string;
const agentBody: Payload = (t) => agentConversation(t.model);
/** Claude Code's recorded 48 kB request with its tools, for `/messages`. */
const claudeCodeBody: Payload = () => claudeCodeRequest();

/** One request; resolves with [time to first body byte, time to end] in ms. */
function once(t: Target, payload: string): Promise<[number, number]> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let first = 0;
    const u = new URL(`${t.url}/chat/completions`);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', ...t.headers } }, (res) => {
      res.on('data', () => {
        if (first === 0) first = performance.now() - started;
      });
      res.on('end', () => (res.statusCode === 200 ? resolve([first, performance.now() - started]) : reject(new Error(`${t.name}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
}

/**
 * Rotates through the targets in blocks of BLOCK requests, so drift (GC, CPU frequency, the
 * neighbours on this machine) hits all of them alike, while each target serves a run of requests
 * the way a proxy serves one client. Alternating every single request would measure each process
 * with caches just evicted by the five others, which no deployment does.
 */
async function sequential(targets: Target[], n: number, stream: boolean, payload: Payload = body): Promise<Map<string, { first: number[]; total: number[] }>> {
  const out = new Map(targets.map((t) => [t.name, { first: [] as number[], total: [] as number[] }]));
  const payloads = new Map(targets.map((t) => [t.name, payload(t, stream)]));
  for (let done = 0; done < n; done += BLOCK) {
    for (const t of targets) {
      for (let i = 0; i < BLOCK; i++) {
        const [first, total] = await once(t, payloads.get(t.name) as string);
        out.get(t.name)?.first.push(first);
        out.get(t.name)?.total.push(total);
      }
    }
  }
  return out;
}

/**
 * Brings each target to steady state on its own before anything is measured: V8 optimises a
 * function only after many calls, and a proxy with more code needs more requests to get there
 * (200 were too few: mmrouter measured ~0.3 ms slower than once warm). A proxy serves for hours.
 */
async function warmUp(targets: Target[], requests: number, payload: Payload = body): Promise<void> {
  for (const t of targets) {
    const plain = payload(t, false);
    const streamed = payload(t, true);
    for (let i = 0; i < requests; i++) await once(t, i % 4 === 3 ? streamed : plain).catch(() => undefined);
  }
}

/**
 * Requests per second with 200 connections (autocannon in its own process: it has no typings to
 * import), and the CPU the proxy process spent per request meanwhile. The proxy's one thread is
 * the bottleneck there, so its CPU per request is what its throughput follows, and it varies less
 * from run to run than throughput does.
 */
async function throughput(t: Target, seconds: number, pid: number | undefined, payload: Payload = body, path = '/chat/completions'): Promise<{ requests: number; cpuSeconds: number }> {
  const cpuBefore = pid === undefined ? 0 : cpuSeconds(pid);
  // 200 connections each sending 60 kB time out behind the mock upstream, which reads every body too.
  const connections = payload === body ? 200 : 50;
  const result = await postLoad(`${t.url}${path}`, payload(t, false), { seconds, headers: t.headers, connections }).catch((err: Error) => {
    throw new Error(`${t.name}: ${err.message}`);
  });
  return { requests: result.total, cpuSeconds: pid === undefined ? NaN : cpuSeconds(pid) - cpuBefore };
}

/**
 * Throughput and CPU per request of every target, measured in rounds that take the targets in
 * turn, so a slow minute on this shared machine falls on all of them rather than on one.
 */
async function loadRounds(
  targets: Target[],
  seconds: number,
  pids: Map<string, number | undefined>,
  payload: Payload = body,
  rounds = LOAD_ROUNDS,
  path?: string,
): Promise<{ rps: Map<string, number>; cpu: Map<string, number>; perRound: Map<string, { requests: number; cpuSeconds: number }[]> }> {
  const totals = new Map(targets.map((t) => [t.name, { requests: 0, cpuSeconds: 0 }]));
  const perRound = new Map(targets.map((t) => [t.name, [] as { requests: number; cpuSeconds: number }[]]));
  // Unmeasured: under load V8 compiles the paths a few sequential requests never take, and a
  // proxy with more code (the policies) needs longer to get there.
  for (const t of targets) await throughput(t, LOAD_WARM_UP_S, undefined, payload, path);
  for (let round = 0; round < rounds; round++) {
    // Each round starts one target further on, so none always follows the heaviest (Portkey).
    for (const t of [...targets.slice(round % targets.length), ...targets.slice(0, round % targets.length)]) {
      const m = await throughput(t, seconds / rounds, pids.get(t.name), payload, path);
      const sum = totals.get(t.name)!;
      sum.requests += m.requests;
      sum.cpuSeconds += m.cpuSeconds;
      perRound.get(t.name)?.push(m);
    }
  }
  const rps = new Map([...totals].map(([name, s]) => [name, s.requests / seconds]));
  const cpu = new Map([...totals].map(([name, s]) => [name, (s.cpuSeconds / s.requests) * 1e6]));
  return { rps, cpu, perRound };
}

/**
 * The ratio of `a` to `b` round by round (each round measures them a few seconds apart), as
 * min–max and median: how far the machine moved the run's ratio, which is taken over all rounds.
 */
function roundSpread(perRound: Map<string, { requests: number; cpuSeconds: number }[]>, a: string, b: string, of: (m: { requests: number; cpuSeconds: number }) => number): string {
  const bs = perRound.get(b) ?? [];
  const ratios = (perRound.get(a) ?? []).map((m, i) => of(m) / of(bs[i] ?? m)).sort((x, y) => x - y);
  const fmt = (x: number | undefined): string => (x ?? NaN).toFixed(2);
  return `${fmt(ratios[0])}–${fmt(ratios[ratios.length - 1])}, median ${fmt(quantile(ratios, 0.5))}`;
}

/** Whether a target can stream at all (Portkey 1.15 on Node 20 answers streams with a 500). */
async function streams(t: Target): Promise<boolean> {
  return once(t, body(t, true)).then(
    () => true,
    () => false,
  );
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { role: { type: 'string' }, upstream: { type: 'string' }, requests: { type: 'string', default: '3000' }, duration: { type: 'string', default: '10' } } });
  if (values.role === 'proxy-noop') return runNoopProxy();
  if (values.role === 'relay') return runRelay(values.upstream ?? '');
  const n = Number(values.requests);
  const seconds = Number(values.duration);

  const fast = (await tsx('test/support/mock-upstream-cli.ts', ['--port', '0'])).line;
  const slow = (await tsx('test/support/mock-upstream-cli.ts', ['--port', '0', '--latency-ms', '20'])).line;
  // mmrouter as the policies issue benchmarks it: every policy on, with feedback present.
  const proxyFast = await startMmrouter(fast, 'openai', true);
  const proxySlow = await startMmrouter(slow, 'openai', true);
  const translatedFast = (await startMmrouter(fast, 'anthropic', true)).line;
  const translatedSlow = await startMmrouter(slow, 'anthropic', true);
  for (const proxy of [proxyFast.line, proxySlow.line, translatedFast, translatedSlow.line]) await seedFeedback(proxy);
  const noPoliciesFast = (await startMmrouter(fast, 'openai')).line;
  const noPoliciesSlow = await startMmrouter(slow, 'openai');
  const noop = (await tsx('bench/proxy.bench.ts', ['--role', 'proxy-noop'])).line;
  const relayFast = (await tsx('bench/proxy.bench.ts', ['--role', 'relay', '--upstream', fast])).line;
  const relaySlow = await tsx('bench/proxy.bench.ts', ['--role', 'relay', '--upstream', slow]);
  const portkey = await startPortkey();

  const auth = { authorization: `Bearer ${UPSTREAM_KEY}` };
  const targetsFor = (upstream: string, proxy: string, relay: string, translated: string, noPolicies: string): Target[] => [
    { name: 'direct', url: `${upstream}/v1`, model: 'gpt-4o-mini', headers: auth },
    { name: 'mmrouter', url: `${proxy}/v1`, model: 'auto', headers: {} },
    { name: 'no-policies', url: `${noPolicies}/v1`, model: 'auto', headers: {} },
    { name: 'translated', url: `${translated}/v1`, model: 'auto', headers: {} },
    { name: 'relay', url: `${relay}/v1`, model: 'gpt-4o-mini', headers: {} },
    { name: 'portkey', url: `http://127.0.0.1:${PORTKEY_PORT}/v1`, model: 'gpt-4o-mini', headers: { ...auth, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstream}/v1` } },
  ];
  const quick = [...targetsFor(fast, proxyFast.line, relayFast, translatedFast, noPoliciesFast), { name: 'http-layer', url: `${noop}/v1`, model: 'auto', headers: {} }];
  const loaded = targetsFor(slow, proxySlow.line, relaySlow.line, translatedSlow.line, noPoliciesSlow.line);
  const pids = new Map([
    ['mmrouter', proxySlow.child.pid],
    ['no-policies', noPoliciesSlow.child.pid],
    ['translated', translatedSlow.child.pid],
    ['relay', relaySlow.child.pid],
    ['portkey', portkey.pid],
  ]);

  await warmUp(quick, WARM_UP_REQUESTS);
  const seq = await sequential(quick, n, false);
  const streaming: Target[] = [];
  for (const t of quick.filter((q) => q.name === 'direct' || q.name === 'mmrouter' || q.name === 'portkey')) if (await streams(t)) streaming.push(t);
  const streamed = await sequential(streaming, Math.max(500, Math.floor(n / 3)), true);
  const { rps, cpu, perRound } = await loadRounds(loaded, seconds, pids);
  const memory = rssMb(proxySlow.child.pid);
  // A coding agent's requests: long conversations, where per-byte work (parsing, serialising, counting tokens) shows.
  const agentQuick = quick.filter((t) => t.name === 'direct' || t.name === 'mmrouter' || t.name === 'relay');
  await warmUp(agentQuick, 200, agentBody);
  const agentSeq = await sequential(agentQuick, 300, false, agentBody);
  const agentLoad = await loadRounds(loaded.filter((t) => t.name === 'mmrouter' || t.name === 'relay'), 8, pids, agentBody, 2);
  // Claude Code's own request, relayed to an Anthropic model by the mmrouter configured with one.
  const claudeCodeLoad = await loadRounds(loaded.filter((t) => t.name === 'translated' || t.name === 'relay'), 8, pids, claudeCodeBody, 2, '/messages');

  const added = (name: string, q: number, m = seq, field: 'total' | 'first' = 'total'): number =>
    quantile(m.get(name)?.[field] ?? [], q) - quantile(m.get('direct')?.[field] ?? [], q);
  const direct = seq.get('direct')?.total ?? [];
  const pct = (name: string): string => `${((100 * (rps.get(name) ?? 0)) / (rps.get('direct') ?? 1)).toFixed(1)}%`;
  const cpuOf = (name: string): string => `${(cpu.get(name) ?? NaN).toFixed(0)} (${((cpu.get(name) ?? NaN) / (cpu.get('relay') ?? NaN)).toFixed(2)}×)`;
  const rows: [string, string, string, string, string][] = [
    ['', 'mmrouter', 'portkey', 'bare node:http relay', 'target (mmrouter)'],
    ['direct median / p99 (ms)', `${quantile(direct, 0.5).toFixed(3)} / ${quantile(direct, 0.99).toFixed(3)}`, '', '', ''],
    ['added median (ms)', added('mmrouter', 0.5).toFixed(3), added('portkey', 0.5).toFixed(3), added('relay', 0.5).toFixed(3), '≤ 0.5'],
    ['  of which the HTTP layer (no-op router), median / p99 (ms)', `${added('http-layer', 0.5).toFixed(3)} / ${added('http-layer', 0.99).toFixed(3)}`, '', '', ''],
    ['added p99 (ms)', added('mmrouter', 0.99).toFixed(3), added('portkey', 0.99).toFixed(3), added('relay', 0.99).toFixed(3), '≤ 3'],
    ['throughput vs direct (200 conn, 20 ms upstream)', pct('mmrouter'), pct('portkey'), pct('relay'), '≥ 70%'],
    ['  mmrouter translating for an Anthropic model: added median / throughput', `${added('translated', 0.5).toFixed(3)} ms / ${pct('translated')}`, '', '', ''],
    ['  proxy CPU per request under that load, µs (÷ the relay\'s)', cpuOf('mmrouter'), cpuOf('portkey'), cpuOf('relay'), ''],
    ['  the same, mmrouter translating for the Anthropic model', cpuOf('translated'), '', '', ''],
    ['req/s (direct ' + (rps.get('direct') ?? 0).toFixed(0) + ')', (rps.get('mmrouter') ?? 0).toFixed(0), (rps.get('portkey') ?? 0).toFixed(0), (rps.get('relay') ?? 0).toFixed(0), ''],
    ['streaming TTFT added, median (ms)', added('mmrouter', 0.5, streamed, 'first').toFixed(3), streamed.has('portkey') ? added('portkey', 0.5, streamed, 'first').toFixed(3) : 'fails (HTTP 500)', '', '≤ 1'],
    ['proxy RSS after / peak under load (MB; its launcher process)', `${memory.rss.toFixed(0)} / ${memory.peak.toFixed(0)} (${memory.launcher.toFixed(0)})`, '', '', '≤ 200'],
    ['policies off: added median (ms), and what the policies add', `${added('no-policies', 0.5).toFixed(3)} (${(added('mmrouter', 0.5) - added('no-policies', 0.5) >= 0 ? '+' : '')}${(added('mmrouter', 0.5) - added('no-policies', 0.5)).toFixed(3)})`, '', '', '≤ +0.05'],
    ['policies off: CPU per request under load, µs (policies on ÷ off)', `${(cpu.get('no-policies') ?? NaN).toFixed(0)} (${((cpu.get('mmrouter') ?? NaN) / (cpu.get('no-policies') ?? NaN)).toFixed(3)}×)`, '', '', '≤ 1.10×'],
    ['coding agent\'s 60 kB request: added median (ms)', added('mmrouter', 0.5, agentSeq).toFixed(3), '', added('relay', 0.5, agentSeq).toFixed(3), ''],
    ['  proxy CPU per request under 50 connections, µs (÷ the relay\'s)', `${(agentLoad.cpu.get('mmrouter') ?? NaN).toFixed(0)} (${((agentLoad.cpu.get('mmrouter') ?? NaN) / (agentLoad.cpu.get('relay') ?? NaN)).toFixed(2)}×)`, '', (agentLoad.cpu.get('relay') ?? NaN).toFixed(0), ''],
    ["Claude Code's recorded 48 kB request to /v1/messages: proxy CPU per request under 50 connections, µs (÷ the relay's)", `${(claudeCodeLoad.cpu.get('translated') ?? NaN).toFixed(0)} (${((claudeCodeLoad.cpu.get('translated') ?? NaN) / (claudeCodeLoad.cpu.get('relay') ?? NaN)).toFixed(2)}×)`, '', (claudeCodeLoad.cpu.get('relay') ?? NaN).toFixed(0), ''],
    ['Portkey added ÷ mmrouter added (median)', (added('portkey', 0.5) / Math.max(added('mmrouter', 0.5), 1e-3)).toFixed(1) + '×', '', '', '≥ 5×'],
  ];
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0)));
  console.log(`\nProxy overhead: ${n} sequential requests per target in rotating blocks of ${BLOCK}, after ${WARM_UP_REQUESTS} warm-up requests each; ${seconds}s autocannon per target in ${LOAD_ROUNDS} rounds\n`);
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  │  '));
  const cpuPerRequest = (m: { requests: number; cpuSeconds: number }): number => m.cpuSeconds / m.requests;
  const requests = (m: { requests: number }): number => m.requests;
  console.log(`\nRound by round (${LOAD_ROUNDS} rounds of ${(seconds / LOAD_ROUNDS).toFixed(0)} s): mmrouter ÷ relay CPU per request ${roundSpread(perRound, 'mmrouter', 'relay', cpuPerRequest)}; throughput ${roundSpread(perRound, 'mmrouter', 'relay', requests)}; policies on ÷ off CPU ${roundSpread(perRound, 'mmrouter', 'no-policies', cpuPerRequest)}`);
}

runBench(main, () => agent.destroy());
