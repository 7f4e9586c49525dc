import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../core/config/errors';
import { loadConfig } from '../../core/config/load';
import { packageRoot } from '../../core/package-root';
import { createAppCore } from '../../server/api/app-core';
import { startDashboardServer } from '../../server/api/dashboard-server';
import { globals } from '../context';
import { CliError } from '../exit';
import { findConfig, userConfigPath } from '../paths';
import { parsePort, untilSignal } from './serve';

interface DashboardOptions {
  port: number;
  host: string | true;
  proxyPort: number;
  demo?: boolean;
}

export function registerDashboard(program: Command, version: string): void {
  program
    .command('dashboard')
    .description('Open the GUI in a browser: playground, config editor, analytics, training; the proxy runs alongside')
    .option('-p, --port <n>', 'port for the GUI and its /api', parsePort, 8000)
    .option('-H, --host [address]', 'listen beyond this machine (default address 0.0.0.0); needs MMROUTER_API_KEY', '127.0.0.1')
    .option('--proxy-port <n>', 'port of the OpenAI/Anthropic-compatible proxy', parsePort, 8080)
    .option('--demo', 'start in demo mode: the offline simulator answers, no API key needed')
    .action(async (opts: DashboardOptions, cmd: Command) => {
      const root = packageRoot();
      const rendererDir = join(root, 'out', 'renderer');
      if (!existsSync(join(rendererDir, 'index.html'))) throw new CliError('the GUI is not built: run `npm run build:app` in the mmrouter folder first');
      const host = opts.host === true ? '0.0.0.0' : opts.host;
      const apiKey = process.env.MMROUTER_API_KEY || undefined;
      // Saves go to the config in use, unless that is the shipped default: then to ~/.mmrouter/config.yaml, as `mmrouter init` writes.
      const shippedDefault = join(root, 'configs', 'default.yaml');
      const found = findConfig(globals(cmd).config);
      const userConfig = found === shippedDefault ? userConfigPath() : found;
      const databasePath = databasePathOf(existsSync(userConfig) ? userConfig : found);
      const core = await createAppCore({
        mode: 'web',
        version,
        dataDir: join(process.env.HOME || homedir(), '.mmrouter'),
        userConfigPath: userConfig,
        fallbackConfigPath: found,
        presetsDir: join(root, 'configs'),
        databasePath,
        demo: opts.demo ?? false,
        proxyHost: host,
        proxyPort: opts.proxyPort,
        ...(apiKey ? { proxyApiKey: apiKey } : {}),
      });
      const server = await startDashboardServer({ core, host, port: opts.port, rendererDir, ...(apiKey ? { apiKey } : {}) }).catch(async (err: unknown) => {
        await core.close();
        throw err instanceof Error && 'code' in err && err.code === 'EADDRINUSE' ? new CliError(`port ${opts.port} is in use: pick another with --port`) : err instanceof Error && !('code' in err) ? new CliError(err.message) : err;
      });
      const info = await core.handlers['app.info']({}, {});
      if (info.configError) {
        const { path, line, column, message } = info.configError;
        process.stderr.write(`mmrouter: ${path}${line ? `:${line}:${column ?? 1}` : ''}: ${message}\n  running the demo config until you fix it in the GUI's config editor\n`);
      }
      const proxy = core.proxy.status();
      process.stderr.write(
        `mmrouter dashboard on ${server.url}${apiKey ? ' (API key required)' : ''}\n` +
          (proxy.running ? `  proxy: ${proxy.url}/v1  model="auto"\n` : `  proxy not running: ${proxy.error ?? 'stopped'} (turn it on from the GUI)\n`),
      );
      await untilSignal(async () => {
        process.stderr.write('mmrouter: shutting down...\n');
        await server.close();
        await core.close();
      });
    });
}

/** The config's request database; the default one when the config does not load (the GUI then opens on the demo to fix it). */
function databasePathOf(configFile: string): string {
  try {
    return loadConfig(configFile).databasePath;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return process.env.MMROUTER_DB || join(process.env.HOME || homedir(), '.mmrouter', 'mmrouter.db');
  }
}
