/**
 * CPU per proxied request of two builds of `mmrouter serve`, loaded at the same time, to tell
 * whether a change to the hot path helps. Both builds take their load in the same seconds, so
 * whatever else the machine does then (another job, the CPU's clock, the caches) weighs on both:
 * measured here with the same build as A and B while other jobs ran, the rounds' ratios stayed
 * within 0.95-1.02, where loading them turn about spread ±10-35%. Run it with the same build as A
 * and B first: that spread is the noise floor of the moment, and a smaller difference means nothing.
 *
 *   cp dist/cli.mjs dist/cli-before.mjs    # build A: before the change
 *   npm run build:cli                      # build B: with it
 *   npx tsx bench/proxy-ab.bench.ts --a dist/cli-before.mjs --b dist/cli.mjs [--rounds 3] [--duration 6]
 *
 * `--policies a|b|both` runs that build with every routing policy on (the config of `bench:proxy`'s
 * policies row, feedback seeded); `--a dist/cli.mjs --b dist/cli.mjs --policies b` is the policies'
 * cost, both builds measured at once. `--body agent` sends a coding agent's ~60 kB conversation instead of
 * a one-line question (bench/support/conversation.ts); `--body stream` asks for a streamed answer
 * of 2,000 characters (~170 chunks from the mock upstream); `--body claude-code` sends Claude Code's
 * recorded 48 kB request with its tools to /v1/messages (use it with `--family anthropic`). `--family anthropic` routes the OpenAI
 * requests to an Anthropic model: the translated (cross-family) path. `--a relay` takes bench:proxy's
 * bare node:http relay as build A: issue 13's CPU ratio with both loaded at once (`--connections
 * 200` for each, as bench:proxy loads one).
 */
import { parseArgs } from 'node:util';
import { writeRoutingConfig } from './support/config';
import { agentConversation, claudeCodeRequest } from './support/conversation';
import { postLoad, seedFeedback } from './support/load';
import { cpuSeconds } from './support/proc';
import { runBench, startMockUpstreamProcess, startProcess } from './support/processes';

/** Under a shorter warm-up the first measured rounds still ran ~2x slower (V8 tiering up). */
const WARM_UP_S = 10;
const BODIES = {
  short: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 16 }),
  agent: agentConversation('auto'),
  stream: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 1000, stream: true }),
  'claude-code': claudeCodeRequest(),
};

const STREAMED_ANSWER_CHARS = 2_000;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { a: { type: 'string' }, b: { type: 'string', default: 'dist/cli.mjs' }, rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '6' }, policies: { type: 'string', default: '' }, body: { type: 'string', default: 'short' }, family: { type: 'string', default: 'openai' }, connections: { type: 'string' } } });
  if (!values.a) throw new Error('name build A with --a (e.g. a copy of dist/cli.mjs made before the change)');
  if (values.body !== 'short' && values.body !== 'agent' && values.body !== 'stream' && values.body !== 'claude-code') throw new Error(`--body is short, agent, stream or claude-code, not '${values.body}'`);
  if (values.family !== 'openai' && values.family !== 'anthropic') throw new Error(`--family is openai or anthropic, not '${values.family}'`);
  const family = values.family;
  const body = BODIES[values.body];
  // Per build, loaded together: bench:proxy's 200 and 50 in all. 200 connections each sending
  // 60 kB, or reading 170 chunks, time out behind the mock upstream.
  const connections = values.connections !== undefined ? Number(values.connections) : values.body === 'short' ? 100 : 25;
  // Claude Code speaks the Messages API (relayed to an Anthropic model with --family anthropic).
  const path = values.body === 'claude-code' ? '/v1/messages' : '/v1/chat/completions';
  const load = async (url: string, seconds: number): Promise<number> => (await postLoad(`${url}${path}`, body, { seconds, connections })).total;
  const upstream = await startMockUpstreamProcess(20, values.body === 'stream' ? STREAMED_ANSWER_CHARS : 0);
  const withPolicies = (name: 'a' | 'b'): boolean => values.policies === name || values.policies === 'both';
  // Each build keeps its own config folder and request log: one shared SQLite file would make them wait on each other.
  const serve = async (build: string, policies: boolean) => {
    if (build === 'relay') return startProcess(process.execPath, ['--import', 'tsx', 'bench/proxy.bench.ts', '--role', 'relay', '--upstream', upstream], /^(http:\/\/\S+)/);
    const { config } = writeRoutingConfig(upstream, family, policies);
    const started = await startProcess(process.execPath, [build, '-c', config, 'serve', '--port', '0'], /listening on (http:\/\/\S+)\/v1/, { OPENAI_API_KEY: 'sk-bench', ANTHROPIC_API_KEY: 'sk-bench' });
    if (policies) await seedFeedback(started.line);
    return started;
  };
  const builds = { A: await serve(values.a, withPolicies('a')), B: await serve(values.b, withPolicies('b')) };
  const both = (seconds: number) => Promise.all([load(builds.A.line, seconds), load(builds.B.line, seconds)]);
  // Unmeasured: JIT, connection pools and the upstream reach steady state first.
  await both(WARM_UP_S);
  const perRequest: Record<'A' | 'B', number[]> = { A: [], B: [] };
  for (let round = 1; round <= Number(values.rounds); round++) {
    const before = { A: cpuSeconds(builds.A.child.pid), B: cpuSeconds(builds.B.child.pid) };
    const requests = await both(Number(values.duration));
    const line = (['A', 'B'] as const).map((name, i) => {
      const us = ((cpuSeconds(builds[name].child.pid) - before[name]) / (requests[i] ?? NaN)) * 1e6;
      perRequest[name].push(us);
      return `${name} ${us.toFixed(0)} µs/request (${requests[i]} requests)`;
    });
    console.log(`round ${round}: ${line.join('   ')}`);
  }
  const ratios = perRequest.B.map((b, i) => b / (perRequest.A[i] ?? b)).sort((x, y) => x - y);
  const median = ratios[Math.floor(ratios.length / 2)] ?? NaN;
  console.log(`\nB / A CPU per request, median of the rounds: ${median.toFixed(3)} (A ${values.a}, B ${values.b})`);
}

runBench(main);
