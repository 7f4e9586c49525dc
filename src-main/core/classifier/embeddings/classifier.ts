import path from 'node:path';
import type { Classification } from '../../../../src-shared/labels';
import type { Classifier } from '../types';
import { loadEmbedder, type Embedder } from './embedder';
import { checkHeadCompatible, predict, type TrainedHead } from './head';
import { SHIPPED_TRAINED_MODEL, shippedModelsDir } from './model-location';
import { readTrainedModel, TrainedModelError } from './trained-model';
import type { CancelSignal } from '../../cancel-signal';

/** Labels prompts with a trained softmax head over sentence embeddings plus structural features. */
export class EmbeddingClassifier implements Classifier {
  readonly strategy = 'embeddings';

  constructor(
    private readonly embedder: Embedder,
    private readonly head: TrainedHead,
  ) {}

  async classify(prompt: string, signal?: CancelSignal): Promise<Classification> {
    signal?.throwIfAborted();
    const [result] = await this.classifyMany([prompt]);
    return result!;
  }

  /** One model call for many prompts: much cheaper per prompt than classify() in a loop. */
  async classifyMany(prompts: string[]): Promise<Classification[]> {
    const embeddings = await this.embedder.embed(prompts);
    return prompts.map((p, i) => ({ ...predict(this.head, embeddings[i] ?? new Float32Array(this.head.embeddingDimension), p), strategy: this.strategy }));
  }
}

export interface LoadEmbeddingClassifierOptions {
  /** transformers.js model (folder or hub id); default: the one the trained model was trained on. */
  model?: string;
  /** Folder written by saveTrainedModel; default: the shipped head trained on eval_data/. */
  trainedModel?: string;
}

export async function loadEmbeddingClassifier(opts: LoadEmbeddingClassifierOptions = {}): Promise<EmbeddingClassifier> {
  const dir = opts.trainedModel ?? path.join(shippedModelsDir(), SHIPPED_TRAINED_MODEL);
  const { head, metadata } = await readTrainedModel(dir);
  const embedder = await loadEmbedder(opts.model ?? metadata.embeddingModel.id);
  const incompatible =
    checkHeadCompatible(head, embedder.dimension) ??
    (embedder.fingerprint === metadata.embeddingModel.sha256 ? undefined : `it was trained with embedding model '${metadata.embeddingModel.id}' and '${embedder.model}' has different files`);
  if (incompatible) throw new TrainedModelError(`cannot use trained classifier '${dir}': ${incompatible}; retrain it with \`mmrouter train\` or configure the matching classifier.embeddings.model`);
  return new EmbeddingClassifier(embedder, head);
}
