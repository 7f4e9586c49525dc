import type { Command } from 'commander';
import { openTracker } from '../../core/tracker';
import { loadCliConfig } from '../context';
import { CliError } from '../exit';

export function registerFeedback(program: Command): void {
  program
    .command('feedback')
    .description('Rate a routed answer (adaptive routing learns from it)')
    .argument('<request_id>', 'the id printed by route (id=req_…) or returned in X-MMRouter-Request-Id')
    .argument('<rating>', 'up or down')
    .option('--comment <text>', 'why')
    .action(async (requestId: string, rating: string, opts: { comment?: string }, cmd: Command) => {
      if (rating !== 'up' && rating !== 'down') throw new CliError(`rating must be 'up' or 'down', got '${rating}'`);
      const loaded = loadCliConfig(cmd);
      const tracker = openTracker({ path: loaded.databasePath, flushIntervalMs: loaded.config.tracking.flush_interval_ms });
      try {
        await tracker.feedback.add({ requestId, rating, ts: Date.now(), ...(opts.comment ? { comment: opts.comment } : {}) });
        process.stdout.write(`Recorded thumbs ${rating} for ${requestId}\n`);
      } finally {
        await tracker.close();
      }
    });
}
