import cluster, { type Worker } from 'node:cluster';
import { CliError } from './exit';
import { PROXY_YOUNG_GENERATION_FLAG, youngGenerationChosen } from '../server/young-generation';

/**
 * `serve --workers N`: one proxy process per core behind node:cluster. The workers share the
 * listening socket (the primary hands connections out round-robin) and the SQLite request log,
 * which WAL mode lets several processes append to. The primary only supervises: it prints one
 * ready line when every worker listens, replaces a worker that dies, and on SIGINT/SIGTERM lets
 * every worker drain and flush before it exits.
 */

/** Messages a worker sends its primary. */
export type WorkerMessage = { type: 'listening'; url: string } | { type: 'failed'; message: string };

/** Replacing workers that die faster than this is a crash loop, not bad luck: stop instead. */
const CRASH_WINDOW_MS = 10_000;
const MAX_CRASHES_IN_WINDOW = 5;

export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

/** Tells the primary how this worker's start went (no-op outside a cluster). */
export function reportToPrimary(message: WorkerMessage): void {
  if (cluster.isWorker) process.send?.(message);
}

/**
 * Runs the primary: forks `count` workers (each re-runs this command line and takes the worker
 * branch of `serve`), resolves with the shared URL once all listen, then supervises until a
 * signal; the returned `done` settles when every worker has exited.
 */
export function runPrimary(count: number, onReady: (url: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    let ready = 0;
    let announced = false;
    let stopping = false;
    const crashes: number[] = [];

    const fork = (): Worker => {
      const worker = cluster.fork();
      worker.on('message', (msg: WorkerMessage) => {
        if (msg.type === 'failed') return fail(new CliError(msg.message));
        if (msg.type === 'listening' && ++ready === count && !announced) {
          announced = true;
          onReady(msg.url);
        }
      });
      return worker;
    };

    const fail = (err: Error): void => {
      if (stopping) return;
      stopping = true;
      for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
      cluster.once('exit', () => reject(err));
    };

    cluster.on('exit', (worker, code, signal) => {
      if (stopping) {
        if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
        return;
      }
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - (crashes[0] ?? now) > CRASH_WINDOW_MS) crashes.shift();
      if (crashes.length > MAX_CRASHES_IN_WINDOW) {
        fail(new CliError(`workers keep dying (${crashes.length} in ${CRASH_WINDOW_MS / 1000} s, last: ${signal ?? `exit code ${code}`}); run without --workers to see why`, 1));
        return;
      }
      process.stderr.write(`mmrouter: worker ${worker.process.pid} stopped (${signal ?? `exit code ${code}`}); starting a replacement\n`);
      ready--;
      fork();
    });

    const stop = (): void => {
      if (stopping) return;
      stopping = true;
      process.stderr.write('mmrouter: shutting down, workers finish their in-flight requests...\n');
      // A terminal's Ctrl-C reaches the workers too; a signal sent to the primary alone must be passed on.
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);

    if (!youngGenerationChosen()) cluster.setupPrimary({ execArgv: [...process.execArgv, PROXY_YOUNG_GENERATION_FLAG] });
    for (let i = 0; i < count; i++) fork();
  });
}
