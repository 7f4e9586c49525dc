import { resolve } from 'node:path';
import type { Command } from 'commander';
import { saveTrainedModel, trainClassifier } from '../../core/classifier/embeddings';
import { loadLabeledPrompts } from '../../core/eval/dataset';
import { formatEvalReport } from '../../core/eval/evaluate';
import { globals, printJson } from '../context';
import { CliError } from '../exit';
import { progress } from '../progress';

interface TrainOptions {
  data: string;
  output: string;
  evalSplit: number;
  seed: number;
  embeddingModel?: string;
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('Train the embedding classifier on your own labeled prompts')
    .requiredOption('--data <file>', 'YAML, JSONL or CSV with prompt, complexity, category')
    .requiredOption('-o, --output <dir>', 'folder to write the trained model to')
    .option('--eval-split <fraction>', 'share held out for evaluation (0 trains on everything)', (v) => {
      const n = Number(v);
      if (!(n >= 0 && n < 1)) throw new CliError(`--eval-split must be at least 0 and below 1, got '${v}'`);
      return n;
    }, 0.2)
    .option('--seed <n>', 'makes the split and the model reproducible', (v) => parseInt(v, 10), 42)
    .option('--embedding-model <id>', 'transformers.js model: a local folder or a hub id (default: the shipped one)')
    .action(async (opts: TrainOptions, cmd: Command) => {
      const rows = loadLabeledPrompts(opts.data);
      const output = resolve(opts.output);
      const json = globals(cmd).json;
      if (!json) process.stderr.write(`Loaded ${rows.length} examples from ${opts.data}\n`);
      const abort = new AbortController();
      const onSigint = () => abort.abort(new Error('interrupted'));
      process.once('SIGINT', onSigint);
      const bar = progress('Training');
      try {
        const result = await trainClassifier({
          rows,
          evalFraction: opts.evalSplit,
          seed: opts.seed,
          signal: abort.signal,
          ...(opts.embeddingModel ? { embeddingModel: opts.embeddingModel } : {}),
          onProgress: (phase, done, total) => bar.update(done, total, phase),
        });
        bar.done();
        await saveTrainedModel(output, result);
        const { counts } = result.model.metadata;
        if (json) return printJson({ output, metadata: result.model.metadata });
        process.stdout.write(`Eval split: ${counts.train} train, ${counts.eval} eval\n`);
        if (result.evalReport) process.stdout.write(`${formatEvalReport(result.evalReport)}\n`);
        process.stdout.write(`Saved to ${output}\nUse it: mmrouter classify "prompt" --trained-model ${opts.output}\n`);
      } finally {
        bar.done();
        process.off('SIGINT', onSigint);
      }
    });
}
