import { type ChildProcess, spawn } from 'node:child_process';

const children: ChildProcess[] = [];

/**
 * Starts a process for a benchmark and resolves once a line of its output matches `ready`, with
 * the match's first group (or the whole line). Every process started here is stopped by `stopAll`.
 */
export function startProcess(cmd: string, args: string[], ready: RegExp, env: Record<string, string> = {}): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', ...env } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const watch = (d: Buffer): void => {
      out += d.toString();
      for (const line of out.split('\n')) {
        const m = ready.exec(line);
        if (m) resolve({ child, line: (m[1] ?? line).trim() });
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
    child.on('exit', (code) => reject(new Error(`${cmd} ${args.join(' ')} exited (${code}) before it was ready:\n${out.slice(-2000)}`)));
  });
}

/** Starts a process whose output is not needed (the caller polls it for readiness). */
export function spawnQuiet(cmd: string, args: string[]): ChildProcess {
  const child = spawn(cmd, args, { stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The mock upstream in its own process; resolves with its base URL. */
export async function startMockUpstreamProcess(latencyMs = 0, answerChars = 0): Promise<string> {
  const args = ['--import', 'tsx', 'test/support/mock-upstream-cli.ts', '--port', '0', '--latency-ms', String(latencyMs), '--answer-chars', String(answerChars)];
  return (await startProcess(process.execPath, args, /^(http:\/\/\S+)/)).line;
}

export function stopAll(): void {
  for (const c of children) c.kill('SIGTERM');
}

/**
 * Runs a benchmark's main: a failure prints its message (not a stack) and sets exit code 1, and
 * every process it started is stopped either way.
 */
export function runBench(main: () => Promise<void>, cleanup: () => void = () => undefined): void {
  main()
    .catch((err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 1;
    })
    .finally(() => {
      cleanup();
      stopAll();
    });
}
