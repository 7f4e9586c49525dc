import type { Command } from 'commander';
import { CLASSIFIER_STRATEGIES } from '../../../src-shared/config-schema';
import { createRouter } from '../../core/router/create';
import { loadCliConfig, printJson, readPipedStdin } from '../context';
import { CliError } from '../exit';

interface ClassifyOptions {
  classifier?: (typeof CLASSIFIER_STRATEGIES)[number];
  trainedModel?: string;
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description('Label a prompt (complexity, category, confidence) without calling a model')
    .argument('[prompt...]', 'the prompt (or pipe it on stdin)')
    .option('--classifier <strategy>', `${CLASSIFIER_STRATEGIES.join(' | ')} (default: the config's)`, parseStrategy)
    .option('--trained-model <dir>', 'a model folder written by mmrouter train (implies embeddings)')
    .action(async (words: string[], opts: ClassifyOptions, cmd: Command) => {
      const prompt = words.length ? words.join(' ') : ((await readPipedStdin()) ?? '');
      if (prompt.trim() === '') throw new CliError('the prompt is empty: pass it as an argument (mmrouter classify "your prompt") or on stdin');
      const loaded = loadCliConfig(cmd);
      const overrides = { ...(opts.classifier ? { strategy: opts.classifier } : {}), ...(opts.trainedModel ? { trainedModel: opts.trainedModel } : {}) };
      // Only the LLM strategy calls a model (and records it); the others need no tracker.
      if (overrides.strategy !== 'llm' && loaded.config.classifier.strategy !== 'llm') loaded.config.tracking.enabled = false;
      const router = await createRouter(loaded, { source: 'cli', classifier: overrides });
      try {
        const c = await router.classify(prompt);
        printJson({ complexity: c.complexity, category: c.category, confidence: Number(c.confidence.toFixed(3)), strategy: c.strategy });
      } finally {
        await router.close();
      }
    });
}

export function parseStrategy(v: string): (typeof CLASSIFIER_STRATEGIES)[number] {
  const found = CLASSIFIER_STRATEGIES.find((s) => s === v);
  if (!found) throw new CliError(`unknown classifier '${v}'; choose ${CLASSIFIER_STRATEGIES.join(', ')}`);
  return found;
}
