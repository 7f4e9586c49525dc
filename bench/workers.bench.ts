/**
 * How `mmrouter serve --workers N` scales: requests per second at 200 connections against an
 * upstream that answers in 20 ms, for 1, 2, … workers up to the machine's cores, each run's
 * throughput divided by the one-worker run of the same command, with the CPU all workers spent per
 * request. The load generator and the mock upstream run on the same machine and take their share
 * of its cores, so on a small machine the curve flattens early; on a server the upstream is
 * elsewhere.
 *
 *   npm run build:cli && npx tsx bench/workers.bench.ts [--duration 8] [--max N]
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeSingleModelConfig } from './support/config';
import { postLoad } from './support/load';
import { cpuSeconds } from './support/proc';
import { runBench, startMockUpstreamProcess, startProcess } from './support/processes';

const BODY = JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'What is the capital of France?' }], max_tokens: 16 });
const WARM_UP_S = 5;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { duration: { type: 'string', default: '8' }, max: { type: 'string' } } });
  const seconds = Number(values.duration);
  const max = Number(values.max ?? availableParallelism());
  const upstream = await startMockUpstreamProcess(20);
  const { dir, config } = writeSingleModelConfig(upstream, 'mmrouter-workers-');
  const rows: string[][] = [['workers', 'req/s', '÷ 1 worker', 'CPU per request, all workers (µs)']];
  let single = NaN;
  for (let workers = 1; workers <= max; workers++) {
    // Every run appends to one shared request log, as a team's server would.
    const served = await startProcess(process.execPath, ['bin/mmrouter.cjs', '-c', config, 'serve', '--port', '0', '--workers', String(workers)], /listening on (http:\/\/\S+)\/v1/, {
      OPENAI_API_KEY: 'sk-bench',
      MMROUTER_DB: join(dir, 'mmrouter.db'),
    });
    const url = `${served.line}/v1/chat/completions`;
    await postLoad(url, BODY, { seconds: WARM_UP_S });
    // The serve process and all it started: the workers, or the one proxy process.
    const before = cpuSeconds(served.child.pid);
    const load = await postLoad(url, BODY, { seconds });
    const cpuUs = ((cpuSeconds(served.child.pid) - before) / load.total) * 1e6;
    if (workers === 1) single = load.rps;
    rows.push([String(workers), load.rps.toFixed(0), `${(load.rps / single).toFixed(2)}×`, cpuUs.toFixed(0)]);
    served.child.kill('SIGTERM');
    await new Promise((resolve) => served.child.once('exit', resolve));
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? [];
  console.log(`\nserve --workers: ${seconds}s of 200 connections per run after ${WARM_UP_S}s warm-up, 20 ms upstream, ${availableParallelism()} cores on this machine\n`);
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  │  '));
}

runBench(main);
