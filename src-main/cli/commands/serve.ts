import type { Command } from 'commander';
import { createRouter } from '../../core/router/create';
import { createServer, DEFAULT_BODY_LIMIT_BYTES } from '../../server/server';
import { loadCliConfig } from '../context';
import { CliError } from '../exit';

interface ServeOptions {
  port: number;
  host: string;
  insecure?: boolean;
  bodyLimitMb: number;
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
    .action(async (opts: ServeOptions, cmd: Command) => {
      const loaded = loadCliConfig(cmd);
      const apiKey = process.env.MMROUTER_API_KEY || undefined;
      const router = await createRouter(loaded, { source: 'proxy', onTrackerError: (err) => process.stderr.write(`mmrouter: request log: ${err.message}\n`) });
      const server = await createServer({
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
      process.stderr.write(
        `mmrouter proxy listening on ${server.url}/v1 (config ${loaded.path}, classifier ${loaded.config.classifier.strategy}${apiKey ? ', API key required' : ''})\n` +
          `  OpenAI:    base_url=${server.url}/v1  model="auto"\n  Anthropic: ANTHROPIC_BASE_URL=${server.url}\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stderr.write('mmrouter: shutting down, finishing in-flight requests...\n');
          server.close().then(resolve, resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new CliError(`--port must be a whole number from 0 to 65535, got '${v}'`);
  return n;
}
