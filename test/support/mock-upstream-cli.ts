/**
 * Runs the mock upstream as its own process, for benchmarks that must not share an event loop
 * with the proxy they measure:
 *   npx tsx test/support/mock-upstream-cli.ts --port 9000 [--latency-ms 20] [--answer-chars 2000] [--record]
 * Prints the base URL (one line, nothing else on stdout) once it is listening.
 */
import { parseArgs } from 'node:util';
import { startMockUpstream } from './mock-upstream';

function nonNegativeInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    'latency-ms': { type: 'string' },
    // Default answers are one short sentence; a long one streams as many chunks as a real answer.
    'answer-chars': { type: 'string' },
    // Recording grows memory with every request, so a long benchmark run leaves it off.
    record: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const mock = await startMockUpstream({
    port: nonNegativeInt('port', values.port, 0),
    latencyMs: nonNegativeInt('latency-ms', values['latency-ms'], 0),
    answerChars: nonNegativeInt('answer-chars', values['answer-chars'], 0),
    record: values.record,
  });
  process.stdout.write(`${mock.url}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void mock.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`mock upstream failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
