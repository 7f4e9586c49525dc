import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { createRouter } from '../../core/router/create';
import { prepareDatabase } from '../../core/tracker';
import { createServer, DEFAULT_BODY_LIMIT_BYTES, type RunningServer } from '../../server/server';
import { loadCliConfig } from '../context';
import { CliError } from '../exit';
import { isClusterWorker, reportToPrimary, runPrimary } from '../serve-cluster';

interface ServeOptions {
  port: number;
  host: string;
  insecure?: boolean;
  bodyLimitMb: number;
  workers: number;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the OpenAI- and Anthropic-compatible proxy: point any SDK at http://localhost:8080/v1 with model "auto"')
    .option('-p, --port <n>', 'port to listen on (0 picks a free one)', parsePort, 8080)
    .option('-H, --host <host>', 'address to bind; anything but loopback needs MMROUTER_API_KEY or --insecure', '127.0.0.1')
    .option('--insecure', 'allow a non-loopback host without MMROUTER_API_KEY')
    .option('--body-limit-mb <n>', 'largest request body accepted', (v) => {
      const n = Number(v);
      if (!(n > 0)) throw new CliError(`--body-limit-mb must be a positive number, got '${v}'`);
      return n;
    }, DEFAULT_BODY_LIMIT_BYTES / 1024 / 1024)
    .option('-w, --workers <n>', 'proxy processes sharing the port, for servers with many cores ("auto": one per core)', parseWorkers, 1)
    .action(async (opts: ServeOptions, cmd: Command) => {
      // Loaded before forking, so a bad config is reported once, by the primary.
      const loaded = loadCliConfig(cmd);
      const apiKey = process.env.MMROUTER_API_KEY || undefined;
      const banner = (url: string, workers: string) =>
        process.stderr.write(
          `mmrouter proxy listening on ${url}/v1 (config ${loaded.path}, classifier ${loaded.config.classifier.strategy}${workers}${apiKey ? ', API key required' : ''})\n` +
            `  OpenAI:    base_url=${url}/v1  model="auto"\n  Anthropic: ANTHROPIC_BASE_URL=${url}\n`,
        );
      if (opts.workers > 1 && !isClusterWorker()) {
        if (loaded.config.tracking.enabled) prepareDatabase(loaded.databasePath);
        await runPrimary(opts.workers, (url) => banner(url, `, ${opts.workers} workers`));
        return;
      }
      const start = async (): Promise<RunningServer> => {
        const router = await createRouter(loaded, { source: 'proxy', onTrackerError: (err) => process.stderr.write(`mmrouter: request log: ${err.message}\n`) });
        return createServer({
          router,
          feedback: router.feedback,
          host: opts.host,
          port: opts.port,
          bodyLimitBytes: Math.round(opts.bodyLimitMb * 1024 * 1024),
          ...(apiKey ? { apiKey } : {}),
          ...(opts.insecure ? { insecure: true } : {}),
        }).catch(async (err: unknown) => {
          await router.close();
          throw err instanceof Error && 'code' in err && err.code === 'EADDRINUSE' ? new CliError(`port ${opts.port} is in use: pick another with --port`) : err;
        });
      };
      if (!isClusterWorker()) {
        const server = await start();
        banner(server.url, '');
        await untilSignal(() => {
          process.stderr.write('mmrouter: shutting down, finishing in-flight requests...\n');
          return server.close();
        });
        return;
      }
      // A worker: the primary prints what concerns all workers once, and restarts this one if it dies.
      const server = await start().catch((err: unknown) => {
        reportToPrimary({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
        return undefined;
      });
      if (server) {
        reportToPrimary({ type: 'listening', url: server.url });
        await untilSignal(() => server.close());
      }
      // The IPC channel to the primary would otherwise keep this process alive.
      process.disconnect?.();
    });
}

/** A signal this soon after the first is the same request arriving twice, not a person insisting. */
const REPEAT_WINDOW_MS = 1000;

/**
 * Runs `stop` on the first SIGINT or SIGTERM. The same signal often arrives twice: Ctrl-C reaches
 * the whole process group and the launcher or cluster primary passes it on too, and a service
 * manager signals every process of the service. A repeat after REPEAT_WINDOW_MS exits at once.
 */
export function untilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    let firstAt = 0;
    const onSignal = () => {
      if (firstAt === 0) {
        firstAt = Date.now();
        void stop().then(resolve, resolve);
      } else if (Date.now() - firstAt > REPEAT_WINDOW_MS) {
        process.stderr.write('mmrouter: stopped before in-flight requests finished\n');
        process.exit(130);
      }
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

function parseWorkers(v: string): number {
  if (v === 'auto') return availableParallelism();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new CliError(`--workers must be a whole number from 1 to 256 or 'auto', got '${v}'`);
  return n;
}

export function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, got '${v}'`);
  return n;
}
