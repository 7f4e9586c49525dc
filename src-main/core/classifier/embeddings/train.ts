import { CATEGORIES, COMPLEXITIES } from '../../../../src-shared/labels';
import { splitDataset, type LabeledPrompt } from '../../eval/dataset';
import { evaluateClassifier, type EvalReport } from '../../eval/evaluate';
import { EmbeddingClassifier } from './classifier';
import { loadEmbedder } from './embedder';
import { fitHead } from './fit-head';
import { SHIPPED_EMBEDDING_MODEL } from './model-location';
import { writeTrainedModel, type TrainedModel, type TrainingMetadata } from './trained-model';

export type TrainPhase = 'load' | 'embed' | 'fit' | 'evaluate';

export interface TrainOptions {
  rows: readonly LabeledPrompt[];
  /**
   * Rows that are only ever trained on, never held out: a second dataset that widens what the head
   * has seen without changing which of `rows` the evaluation scores.
   */
  extraTrainRows?: readonly LabeledPrompt[];
  /** Share of each label cell held out for evaluation (0 = train on everything). */
  evalFraction: number;
  /** Fixes the split and the cross-validation folds: same rows + seed = same model. */
  seed: number;
  /** transformers.js model (shipped id, folder or hub id); default: the shipped model. */
  embeddingModel?: string;
  onProgress?(phase: TrainPhase, done: number, total: number): void;
  signal?: AbortSignal;
}

export interface TrainResult {
  model: TrainedModel;
  /** The held-out evaluation; null when evalFraction left nothing to evaluate on. */
  evalReport: EvalReport | null;
}

const EMBED_BATCH = 32;

/** Rows per route-table cell: counts[complexity][category], every cell present. */
export function perCell(rows: readonly LabeledPrompt[]): Record<string, Record<string, number>> {
  return Object.fromEntries(
    COMPLEXITIES.map((cx) => [cx, Object.fromEntries(CATEGORIES.map((cat) => [cat, rows.filter((r) => r.complexity === cx && r.category === cat).length]))]),
  );
}

/** Trains the embedding classifier's head. A core function: the CLI prints its progress, the GUI shows it. */
export async function trainClassifier(opts: TrainOptions): Promise<TrainResult> {
  const { signal, onProgress } = opts;
  const held = splitDataset(opts.rows, opts.evalFraction, opts.seed);
  const split = { train: [...held.train, ...(opts.extraTrainRows ?? [])], eval: held.eval };
  if (split.train.length === 0) throw new RangeError('no training rows left after holding out the eval split; lower evalFraction or add data');
  signal?.throwIfAborted();

  onProgress?.('load', 0, 1);
  const embedder = await loadEmbedder(opts.embeddingModel);
  onProgress?.('load', 1, 1);
  signal?.throwIfAborted();

  const embeddings: Float32Array[] = [];
  for (let i = 0; i < split.train.length; i += EMBED_BATCH) {
    embeddings.push(...(await embedder.embed(split.train.slice(i, i + EMBED_BATCH).map((r) => r.prompt))));
    onProgress?.('embed', embeddings.length, split.train.length);
    signal?.throwIfAborted();
  }

  const head = await fitHead(split.train, embeddings, {
    seed: opts.seed,
    ...(signal ? { signal } : {}),
    onProgress: (done, total) => onProgress?.('fit', done, total),
  });

  const evalReport =
    split.eval.length === 0
      ? null
      : await evaluateClassifier(new EmbeddingClassifier(embedder, head), split.eval, {
          onProgress: (done, total) => onProgress?.('evaluate', done, total),
          ...(signal ? { signal } : {}),
        });

  const metadata: TrainingMetadata = {
    format: 'mmrouter-embedding-head/1',
    createdAt: new Date().toISOString(),
    seed: opts.seed,
    evalFraction: opts.evalFraction,
    embeddingModel: { id: opts.embeddingModel ?? SHIPPED_EMBEDDING_MODEL, sha256: embedder.fingerprint, dimension: embedder.dimension },
    counts: { train: split.train.length, eval: split.eval.length, perCell: perCell(split.train) },
    evalScores: evalReport && {
      overall: evalReport.accuracy,
      complexity: evalReport.complexity.accuracy,
      category: evalReport.category.accuracy,
      confidenceThreshold: evalReport.confidence.threshold,
      highConfidence: { n: evalReport.confidence.high.n, accuracy: evalReport.confidence.high.accuracy },
      lowConfidence: { n: evalReport.confidence.low.n, accuracy: evalReport.confidence.low.accuracy },
    },
    hyperparameters: {
      complexity: { l2: head.complexity.l2, temperature: head.complexity.temperature },
      category: { l2: head.category.l2, temperature: head.category.temperature },
    },
  };
  return { model: { head, metadata }, evalReport };
}

/** Writes head.json (weights, standardisation, temperatures) and metadata.json into `dir`. */
export async function saveTrainedModel(dir: string, result: TrainResult): Promise<void> {
  await writeTrainedModel(dir, result.model);
}
