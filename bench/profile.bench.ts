/**
 * Where a proxied request's CPU and memory go: `mmrouter serve` (young generation as `serve` runs
 * it, rules classifier, tracking on; `--policies` for every routing policy on) under 200
 * connections against a 20 ms mock upstream, profiled after a warm-up, and the functions that cost
 * most printed per request. Profiles are proportions, so they hold up on a noisy machine better
 * than absolute timings do; judge a change with `bench:proxy-ab`, find one with this.
 *
 *   npm run build:cli && npx tsx bench/profile.bench.ts [--kind cpu|alloc] [--policies] [--seconds 10] [--family anthropic] [--body agent]
 *
 * `--family anthropic` routes the OpenAI requests to an Anthropic model: the translated path.
 * `--body agent` sends a coding agent's ~60 kB conversation (bench/support/conversation.ts) over 50
 * connections; `--body claude-code` Claude Code's recorded 48 kB request to /v1/messages (with
 * `--family anthropic`).
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROXY_YOUNG_GENERATION_FLAG } from '../src-main/server/young-generation';
import { writeRoutingConfig } from './support/config';
import { agentConversation, claudeCodeRequest } from './support/conversation';
import { postLoad, seedFeedback } from './support/load';
import { cpuSeconds } from './support/proc';
import { runBench, startMockUpstreamProcess, startProcess } from './support/processes';

const BODIES = {
  short: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 16 }),
  agent: agentConversation('auto'),
  'claude-code': claudeCodeRequest(),
};
const TOP = 30;

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame }[];
  samples: number[];
}
interface AllocNode {
  id: number;
  callFrame: CallFrame;
  children?: AllocNode[];
}
interface AllocProfile {
  head: AllocNode;
  samples: { nodeId: number; size: number }[];
}

/** `name file:line`, with node_modules paths shortened to the package. */
function where(f: CallFrame): string {
  const file = f.url.includes('node_modules/') ? (f.url.split('node_modules/').pop() ?? '') : (f.url.split('/').pop() ?? '');
  return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}` : ''}`;
}

function printTop(totals: Map<string, number>, unit: string): void {
  for (const [name, value] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${value.toFixed(2).padStart(9)} ${unit}  ${name}`);
}

/** Self time per function, scaled so that all busy samples add up to the measured CPU per request. */
function cpuReport(dir: string, cpuUsPerRequest: number): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no CPU profile was written in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const counts = new Map<string, number>();
  for (const id of profile.samples) {
    const name = where(frames.get(id) ?? { functionName: '?', url: '', lineNumber: 0 });
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const busy = profile.samples.length - [...counts].filter(([n]) => n.startsWith('(idle)')).reduce((s, [, c]) => s + c, 0);
  const perRequest = new Map([...counts].filter(([n]) => !n.startsWith('(idle)')).map(([n, c]) => [n, (c / busy) * cpuUsPerRequest]));
  console.log(`\nCPU per request ${cpuUsPerRequest.toFixed(0)} µs; self time per function (the profiler's own cost included):\n`);
  printTop(perRequest, 'µs');
}

/** Bytes allocated per request by each function (every allocation, collected or not). */
function allocReport(file: string, requests: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as AllocProfile;
  const frames = new Map<number, CallFrame>();
  const visit = (n: AllocNode): void => {
    frames.set(n.id, n.callFrame);
    n.children?.forEach(visit);
  };
  visit(profile.head);
  const bytes = new Map<string, number>();
  for (const s of profile.samples) {
    const name = where(frames.get(s.nodeId) ?? { functionName: '?', url: '', lineNumber: 0 });
    bytes.set(name, (bytes.get(name) ?? 0) + s.size / requests);
  }
  const total = [...bytes.values()].reduce((a, b) => a + b, 0);
  console.log(`\n${(total / 1024).toFixed(1)} kB allocated per request; by function:\n`);
  printTop(bytes, 'B ');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { kind: { type: 'string', default: 'cpu' }, policies: { type: 'boolean', default: false }, seconds: { type: 'string', default: '10' }, family: { type: 'string', default: 'openai' }, body: { type: 'string', default: 'short' } } });
  if (values.kind !== 'cpu' && values.kind !== 'alloc') throw new Error(`--kind is cpu or alloc, not '${values.kind}'`);
  if (values.family !== 'openai' && values.family !== 'anthropic') throw new Error(`--family is openai or anthropic, not '${values.family}'`);
  if (values.body !== 'short' && values.body !== 'agent' && values.body !== 'claude-code') throw new Error(`--body is short, agent or claude-code, not '${values.body}'`);
  const body = BODIES[values.body];
  // 200 connections each sending 60 kB time out behind the mock upstream (as in bench:proxy-ab).
  const connections = values.body === 'short' ? 200 : 50;
  const seconds = Number(values.seconds);
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-profile-'));
  const upstream = await startMockUpstreamProcess(20);
  const { config } = writeRoutingConfig(upstream, values.family, values.policies);
  const profiler = values.kind === 'cpu' ? ['--cpu-prof', '--cpu-prof-dir', dir] : ['--import', './bench/support/alloc-sampler.mjs'];
  const allocFile = join(dir, 'alloc.heapprofile');
  const proxy = await startProcess(process.execPath, [PROXY_YOUNG_GENERATION_FLAG, ...profiler, 'dist/cli.mjs', '-c', config, 'serve', '--port', '0'], /listening on (http:\/\/\S+)\/v1/, {
    OPENAI_API_KEY: 'sk-bench',
    ANTHROPIC_API_KEY: 'sk-bench',
    MMROUTER_ALLOC_PROFILE: allocFile,
  });
  if (values.policies) await seedFeedback(proxy.line);
  const url = `${proxy.line}${values.body === 'claude-code' ? '/v1/messages' : '/v1/chat/completions'}`;
  await postLoad(url, body, { seconds: 6, connections });
  if (values.kind === 'alloc') proxy.child.kill('SIGUSR1');
  const before = cpuSeconds(proxy.child.pid);
  const { total } = await postLoad(url, body, { seconds, connections });
  const cpuUs = ((cpuSeconds(proxy.child.pid) - before) / total) * 1e6;
  const exited = new Promise((resolve) => proxy.child.once('exit', resolve));
  if (values.kind === 'alloc') {
    const written = new Promise((resolve) => proxy.child.stdout?.on('data', (d: Buffer) => d.toString().includes('alloc profile written') && resolve(undefined)));
    proxy.child.kill('SIGUSR2');
    await written;
  }
  // serve stops cleanly on SIGINT, and --cpu-prof writes its profile on a clean exit.
  proxy.child.kill('SIGINT');
  await exited;
  if (values.kind === 'cpu') cpuReport(dir, cpuUs);
  else allocReport(allocFile, total);
}

runBench(main);
