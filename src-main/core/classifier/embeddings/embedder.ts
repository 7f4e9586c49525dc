import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { SHIPPED_EMBEDDING_MODEL, shippedModelsDir } from './model-location';

/** Turns prompts into unit-length sentence vectors (mean pooling over tokens). */
export interface Embedder {
  /** The model as configured: the shipped id, a folder path or a hub id. */
  readonly model: string;
  readonly dimension: number;
  /** sha256 over the model's files, so a trained head can tell which model it was trained on. */
  readonly fingerprint: string;
  embed(texts: string[]): Promise<Float32Array[]>;
}

export class EmbeddingModelError extends Error {
  override readonly name = 'EmbeddingModelError';
}

type Transformers = typeof import('@huggingface/transformers');
type FeatureExtractor = Awaited<ReturnType<Transformers['pipeline']>> & {
  (texts: string[], options: { pooling: 'mean'; normalize: true }): Promise<{ dims: number[]; data: ArrayLike<number> }>;
};

interface ModelSource {
  /** Folder transformers.js resolves local ids against. */
  localModelPath: string;
  /** The id handed to transformers.js: a folder name under localModelPath, or a hub id. */
  id: string;
  remote: boolean;
  /** Where the model's files are on disk once loaded (for the fingerprint). */
  filesDir: (cacheDir: string) => string;
}

/**
 * Where a configured model comes from: nothing = the shipped model; a path (or an existing
 * folder) = that folder, offline; a name under the shipped `models/` = that model, offline;
 * anything else = a Hugging Face hub id, downloaded (and cached) by transformers.js.
 */
function resolveSource(model: string | undefined): ModelSource {
  const shipped = shippedModelsDir();
  const name = model ?? SHIPPED_EMBEDDING_MODEL;
  const asPath = path.resolve(name);
  const looksLikePath = path.isAbsolute(name) || name.startsWith('.') || name.includes('\\');
  if (looksLikePath || existsSync(path.join(asPath, 'config.json'))) {
    return { localModelPath: path.dirname(asPath), id: path.basename(asPath), remote: false, filesDir: () => asPath };
  }
  if (existsSync(path.join(shipped, name, 'config.json')) || model === undefined) {
    return { localModelPath: shipped, id: name, remote: false, filesDir: () => path.join(shipped, name) };
  }
  return { localModelPath: shipped, id: name, remote: true, filesDir: (cacheDir) => path.join(cacheDir, name) };
}

function hashFiles(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d).sort()) {
      const p = path.join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else hash.update(path.relative(dir, p)).update('\0').update(readFileSync(p));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

/** The shipped model is int8 only; full-precision models ship `onnx/model.onnx`. */
function dtypeFor(filesDir: string): 'q8' | 'fp32' {
  return !existsSync(path.join(filesDir, 'onnx', 'model.onnx')) && existsSync(path.join(filesDir, 'onnx', 'model_quantized.onnx')) ? 'q8' : 'fp32';
}

function loadFailure(model: string, source: ModelSource, cause: unknown): EmbeddingModelError {
  const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
  const advice = source.remote
    ? 'it is not a local folder and could not be downloaded from the Hugging Face hub (no network?); set classifier.embeddings.model to a local transformers.js model folder'
    : `the model folder ${path.join(source.localModelPath, source.id)} is missing or incomplete; rebuild the shipped model with \`npx tsx scripts/build-embedding-model.ts\` or set classifier.embeddings.model to a transformers.js model folder`;
  return new EmbeddingModelError(`cannot load embedding model '${model}': ${advice} (${reason})`, { cause });
}

/** transformers.js settings are process-global, so loads take turns to set and use them. */
let loading: Promise<unknown> = Promise.resolve();

/** Texts per model call: bounds padding waste and keeps each call short for the event loop. */
const BATCH = 32;
/**
 * Tokenisation is synchronous, so a pasted megabyte would stall the event loop; the opening of a
 * prompt says what it is about, and a mean over thousands of words has long since settled.
 */
const MAX_EMBED_CHARS = 8000;

/** Loaded models by configured name: retraining, eval and compare reuse one ONNX session. */
const loaded = new Map<string, Promise<Embedder>>();

export function loadEmbedder(model?: string): Promise<Embedder> {
  const label = model ?? SHIPPED_EMBEDDING_MODEL;
  let embedder = loaded.get(label);
  if (!embedder) {
    embedder = createEmbedder(label, model);
    loaded.set(label, embedder);
    // A failed load is not remembered: the user may fix the folder or the network and retry.
    embedder.catch(() => loaded.delete(label));
  }
  return embedder;
}

async function createEmbedder(label: string, model: string | undefined): Promise<Embedder> {
  const source = resolveSource(model);
  const turn = loading.then(async () => {
    const transformers: Transformers = await import('@huggingface/transformers');
    const { env } = transformers;
    env.allowLocalModels = true;
    env.allowRemoteModels = source.remote;
    env.localModelPath = source.localModelPath + path.sep;
    const filesDir = source.filesDir(env.cacheDir ?? '');
    const extractor = (await transformers.pipeline('feature-extraction', source.id, {
      dtype: source.remote ? 'fp32' : dtypeFor(filesDir),
    })) as FeatureExtractor;
    return { extractor, fingerprint: hashFiles(filesDir) };
  });
  loading = turn.catch(() => undefined);
  let ready: { extractor: FeatureExtractor; fingerprint: string };
  try {
    ready = await turn;
  } catch (err) {
    throw loadFailure(label, source, err);
  }
  const probe = await ready.extractor(['probe'], { pooling: 'mean', normalize: true });
  return new PipelineEmbedder(label, probe.dims[1] ?? 0, ready.fingerprint, ready.extractor);
}

class PipelineEmbedder implements Embedder {
  constructor(
    readonly model: string,
    readonly dimension: number,
    readonly fingerprint: string,
    private readonly extractor: FeatureExtractor,
  ) {}

  async embed(texts: string[]): Promise<Float32Array[]> {
    const out = new Array<Float32Array>(texts.length);
    // Batches of similar length: a batch is padded to its longest text, so mixing a pasted log
    // with one-liners would make every one-liner pay for the log.
    const order = texts.map((_, i) => i).sort((a, b) => (texts[a]?.length ?? 0) - (texts[b]?.length ?? 0));
    for (let i = 0; i < order.length; i += BATCH) {
      const ids = order.slice(i, i + BATCH);
      const result = await this.extractor(
        ids.map((k) => (texts[k] ?? '').slice(0, MAX_EMBED_CHARS)),
        { pooling: 'mean', normalize: true },
      );
      ids.forEach((k, row) => {
        const v = Float32Array.from({ length: this.dimension }, (_, j) => Number(result.data[row * this.dimension + j]));
        // A prompt with no known token pools to 0/0; "no information" is the zero vector.
        out[k] = v.some(Number.isNaN) ? new Float32Array(this.dimension) : v;
      });
    }
    return out;
  }
}
