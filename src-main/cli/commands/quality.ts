import type { Command } from 'commander';
import { runQualityEval } from '../../core/eval/quality';
import { createRouter } from '../../core/router/create';
import { resolveModelName } from '../../core/router/candidates';
import { openTracker } from '../../core/tracker';
import { globals, loadCliConfig, printJson } from '../context';
import { CliError, EXIT } from '../exit';
import { table, usd } from '../format';
import { progress } from '../progress';

interface QualityOptions {
  sample: number;
  baseline?: string;
  judge?: string;
}

export function registerQuality(program: Command): void {
  program
    .command('quality')
    .description('LLM-as-judge: replay recorded prompts on the baseline model and score routed vs baseline answers')
    .option('-n, --sample <n>', 'how many recorded requests to replay', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new CliError(`--sample must be a positive whole number, got '${v}'`);
      return n;
    }, 20)
    .option('--baseline <model>', "model to compare against (default: the config's baseline_model)")
    .option('--judge <model>', 'model that scores the answers (default: the complex/reasoning route model)')
    .action(async (opts: QualityOptions, cmd: Command) => {
      const loaded = loadCliConfig(cmd);
      const { config } = loaded;
      const model = (name: string | undefined, fallback: string, flag: string) => {
        const resolved = resolveModelName(config, name ?? fallback);
        if (!resolved) throw new CliError(`${flag}: unknown model '${name}'; configured: ${Object.keys(config.models).join(', ')}`);
        return resolved;
      };
      const baselineModel = model(opts.baseline, config.baseline_model ?? config.routes.medium.reasoning.model, '--baseline');
      const judgeModel = model(opts.judge, config.routes.complex.reasoning.model, '--judge');
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: config.tracking.flush_interval_ms });
      const router = await createRouter(loaded, { source: 'quality' });
      const bar = progress('Judging');
      try {
        const report = await runQualityEval({ router, log: tracker.log, store: tracker.quality, sample: opts.sample, baselineModel, judgeModel, onProgress: (d, t) => bar.update(d, t) });
        bar.done();
        if (report.judged === 0 && report.skipped.length === 0) {
          throw new CliError('no recorded request has its prompt and answer stored: set tracking.store_prompts: true in the config and route some traffic first', EXIT.failure);
        }
        if (globals(cmd).json) return printJson({ baselineModel, judgeModel, ...report });
        const row = (name: string, s: { relevance: number; accuracy: number; completeness: number }) => [name, s.relevance.toFixed(2), s.accuracy.toFixed(2), s.completeness.toFixed(2)];
        process.stdout.write(
          `Judged ${report.judged} requests: routed answers vs ${baselineModel}, scored 1-10 by ${judgeModel}\n` +
            `${table(['', 'relevance', 'accuracy', 'completeness'], [row('routed', report.routed), row('baseline', report.baseline), row('delta', report.delta)])}\n` +
            `Cost of this check: ${usd(report.costUsd)}\n` +
            (report.skipped.length ? `Skipped ${report.skipped.length}: ${report.skipped.map((s) => `${s.requestId} (${s.reason})`).join('; ')}\n` : ''),
        );
      } finally {
        bar.done();
        await router.close();
        await tracker.close();
      }
    });
}
