/**
 * What the Responses API costs the proxy next to chat completions: CPU per request of one
 * `mmrouter serve` under the same load (200 connections, an upstream that answers in 20 ms) for
 * each endpoint and path, in alternating rounds, each divided by the chat-completions relay of the
 * same round. The relayed Responses path should cost about what the relayed chat path does (both
 * read the body once, route, and pass the upstream's bytes back); the translated paths cost more.
 *
 *   npm run build:cli && npx tsx bench/responses.bench.ts [--rounds 3] [--duration 6]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { postLoad } from './support/load';
import { cpuSeconds } from './support/proc';
import { runBench, startMockUpstreamProcess, startProcess } from './support/processes';

const WARM_UP_S = 10;
const PROMPT = 'What is the capital of France?';

/**
 * One OpenAI model (relayed for OpenAI clients) and one Anthropic model (translated). Requests name
 * their model, so no case pays for classification and the cases differ only in their path.
 */
function writeConfig(upstream: string): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'mmrouter-responses-bench-'));
  const cell = '{ model: gpt-4o-mini }';
  const tier = `{ factual: ${cell}, reasoning: ${cell}, creative: ${cell}, code: ${cell} }`;
  const config = join(dir, 'mmrouter.yaml');
  writeFileSync(
    config,
    `providers:\n  openai: { base_url: ${upstream}/v1 }\n  anthropic: { base_url: ${upstream} }\nclassifier: { strategy: rules }\n` +
      `models:\n  gpt-4o-mini: { provider: openai, pricing: { input: 0.15, output: 0.6 } }\n  claude-haiku-4-5: { provider: anthropic, pricing: { input: 1, output: 5 } }\n` +
      `routes:\n  simple: ${tier}\n  medium: ${tier}\n  complex: ${tier}\n`,
  );
  return { dir, config };
}

interface Case {
  name: string;
  path: string;
  body: string;
}

const CASES: Case[] = [
  { name: 'chat completions, relayed (baseline)', path: '/v1/chat/completions', body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], max_tokens: 16 }) },
  { name: 'responses, relayed', path: '/v1/responses', body: JSON.stringify({ model: 'gpt-4o-mini', input: PROMPT, max_output_tokens: 16 }) },
  { name: 'chat completions, translated for Anthropic', path: '/v1/chat/completions', body: JSON.stringify({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: PROMPT }], max_tokens: 16 }) },
  { name: 'responses, translated for Anthropic', path: '/v1/responses', body: JSON.stringify({ model: 'claude-haiku-4-5', input: PROMPT, max_output_tokens: 16 }) },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, duration: { type: 'string', default: '6' } } });
  const upstream = await startMockUpstreamProcess(20);
  const { dir, config } = writeConfig(upstream);
  const env = { OPENAI_API_KEY: 'sk-bench', ANTHROPIC_API_KEY: 'sk-bench', MMROUTER_DB: join(dir, 'bench.db') };
  const { child, line: url } = await startProcess(process.execPath, ['bin/mmrouter.cjs', '-c', config, 'serve', '--port', '0'], /listening on (http:\/\/\S+)\/v1/, env);
  const load = (c: Case, seconds: number) => postLoad(`${url}${c.path}`, c.body, { seconds });
  // Unmeasured: JIT, connection pools and the upstream reach steady state on every path first.
  for (const c of CASES) await load(c, WARM_UP_S / 2);
  const ratios = new Map<string, number[]>(CASES.map((c) => [c.name, []]));
  for (let round = 1; round <= Number(values.rounds); round++) {
    const us: number[] = [];
    for (const c of CASES) {
      const before = cpuSeconds(child.pid);
      const { total } = await load(c, Number(values.duration));
      us.push(((cpuSeconds(child.pid) - before) / total) * 1e6);
    }
    const base = us[0] ?? NaN;
    CASES.forEach((c, i) => ratios.get(c.name)?.push((us[i] ?? NaN) / base));
    console.log(`round ${round}: ${CASES.map((c, i) => `${c.name} ${(us[i] ?? NaN).toFixed(0)} µs`).join(' │ ')}`);
  }
  console.log('\nCPU per request ÷ the chat-completions relay of the same round, median of the rounds:');
  for (const [name, rs] of ratios) {
    const sorted = [...rs].sort((a, b) => a - b);
    console.log(`  ${name.padEnd(45)} ${(sorted[Math.floor(sorted.length / 2)] ?? NaN).toFixed(2)}×`);
  }
}

runBench(main);
