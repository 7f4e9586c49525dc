import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { PROXY_YOUNG_GENERATION_FLAG, youngGenerationChosen } from '../server/young-generation';

/**
 * What `bin/mmrouter.cjs` runs first, before the CLI is loaded: a single-process `serve` is run
 * again in a child with the proxy's young generation (see young-generation.ts), so the launcher
 * left waiting is a bare Node process. `serve --workers N` needs no launcher: its primary gives
 * the flag to the workers. Every other command runs here. A false match (a prompt that is the word
 * "serve") only costs a second process start.
 */
export function launch(args: readonly string[], runCli: () => void): void {
  if (youngGenerationChosen() || !args.includes('serve') || workersAsked(args)) {
    runCli();
    return;
  }
  const child = spawn(process.execPath, [...process.execArgv, PROXY_YOUNG_GENERATION_FLAG, ...process.argv.slice(1)], { stdio: 'inherit' });
  // A terminal's Ctrl-C reaches both processes; `serve` takes the repeat as the same request.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    process.stderr.write(`mmrouter: could not start the proxy process: ${err.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => (process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0)));
}

function workersAsked(args: readonly string[]): boolean {
  return args.some((a, i) => ((a === '-w' || a === '--workers') && args[i + 1] !== '1') || (a.startsWith('--workers=') && a !== '--workers=1'));
}
