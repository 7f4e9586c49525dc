import type { Command } from 'commander';
import { createRouter } from '../../core/router/create';
import { RouteError } from '../../core/router/types';
import { globals, loadCliConfig, printJson, readPipedStdin } from '../context';
import { CliError, EXIT } from '../exit';
import { routeLine } from '../format';

interface RouteOptions {
  model: string;
  stream?: boolean;
  verbose?: boolean;
  maxTokens?: number;
  system?: string;
}

export function registerRoute(program: Command): void {
  program
    .command('route')
    .description('Classify a prompt, route it to the right model and print the answer')
    .argument('[prompt...]', 'the prompt (or pipe it on stdin)')
    .option('-m, --model <name>', 'a configured model name, or "auto" to route', 'auto')
    .option('-s, --stream', 'print the answer as it arrives')
    .option('-v, --verbose', 'also print why the router chose the model')
    .option('--system <text>', 'a system prompt')
    .option('--max-tokens <n>', 'output token limit', (v) => parsePositiveInt(v, '--max-tokens'))
    .action(async (words: string[], opts: RouteOptions, cmd: Command) => {
      const prompt = words.length ? words.join(' ') : ((await readPipedStdin()) ?? '');
      if (prompt.trim() === '') throw new CliError('the prompt is empty: pass it as an argument (mmrouter route "your prompt") or on stdin');
      const { json } = globals(cmd);
      const loaded = loadCliConfig(cmd);
      const router = await createRouter(loaded, { source: 'cli' });
      const abort = new AbortController();
      const onSigint = () => abort.abort(new Error('interrupted'));
      process.once('SIGINT', onSigint);
      try {
        const chat = {
          messages: [...(opts.system ? [{ role: 'system' as const, content: opts.system }] : []), { role: 'user' as const, content: prompt }],
          ...(opts.maxTokens ? { maxTokens: opts.maxTokens } : {}),
        };
        const req = { model: opts.model, chat, source: 'cli', signal: abort.signal };
        let result;
        if (opts.stream && !json) {
          for await (const ev of router.stream(req)) {
            if (ev.type === 'text') process.stdout.write(ev.delta);
            else if (ev.type === 'end') result = ev.result;
          }
          process.stdout.write('\n');
        } else {
          result = await router.route(req);
          if (!json) process.stdout.write(`${result.response.text}\n`);
        }
        if (!result) throw new CliError('the stream ended without a result', EXIT.failure);
        const simulated = router.models().find((m) => m.name === result.record.model)?.providerType === 'simulator';
        if (json) {
          printJson({ text: result.response.text, toolCalls: result.response.toolCalls, finishReason: result.response.finishReason, simulated, decision: result.decision, record: result.record });
        } else {
          process.stderr.write(`${routeLine(result.record, simulated)}\n`);
          if (opts.verbose) for (const reason of result.decision.reasons) process.stderr.write(`  - ${reason}\n`);
        }
      } catch (err) {
        // A first run without a key lands here: point at the way to a working setup.
        if (err instanceof RouteError && err.errorClass === 'config') throw new CliError(`${err.message}; or run \`mmrouter init\` (its demo mode needs no key)`);
        throw err;
      } finally {
        process.off('SIGINT', onSigint);
        await router.close();
      }
    });
}

function parsePositiveInt(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`${flag} must be a positive whole number, got '${v}'`);
  return n;
}
