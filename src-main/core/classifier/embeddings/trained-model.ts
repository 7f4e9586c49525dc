import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { TrainedHeadSchema, type TrainedHead } from './head';

/** What a trained model folder records about how it was made, for humans and for compatibility checks. */
export const TrainingMetadataSchema = z.object({
  format: z.literal('mmrouter-embedding-head/1'),
  createdAt: z.string(),
  seed: z.number().int(),
  evalFraction: z.number(),
  embeddingModel: z.object({
    /** As configured: the shipped id, a folder or a hub id. */
    id: z.string(),
    /** sha256 over the embedding model's files. */
    sha256: z.string(),
    dimension: z.number().int().positive(),
  }),
  counts: z.object({
    train: z.number().int(),
    eval: z.number().int(),
    /** Training rows per complexity, then per category. */
    perCell: z.record(z.string(), z.record(z.string(), z.number().int())),
  }),
  /** Scores on the held-out split; null when everything was used for training. */
  evalScores: z
    .object({
      overall: z.number(),
      complexity: z.number(),
      category: z.number(),
      confidenceThreshold: z.number(),
      highConfidence: z.object({ n: z.number().int(), accuracy: z.number() }),
      lowConfidence: z.object({ n: z.number().int(), accuracy: z.number() }),
    })
    .nullable(),
  hyperparameters: z.object({
    complexity: z.object({ l2: z.number(), temperature: z.number() }),
    category: z.object({ l2: z.number(), temperature: z.number() }),
  }),
});
export type TrainingMetadata = z.infer<typeof TrainingMetadataSchema>;

export interface TrainedModel {
  head: TrainedHead;
  metadata: TrainingMetadata;
}

const HEAD_FILE = 'head.json';
const METADATA_FILE = 'metadata.json';

export async function writeTrainedModel(dir: string, model: TrainedModel): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, HEAD_FILE), JSON.stringify(model.head) + '\n');
  await writeFile(path.join(dir, METADATA_FILE), JSON.stringify(model.metadata, null, 2) + '\n');
}

export class TrainedModelError extends Error {
  override readonly name = 'TrainedModelError';
}

export async function readTrainedModel(dir: string): Promise<TrainedModel> {
  const read = async <T>(file: string, schema: z.ZodType<T>): Promise<T> => {
    let text: string;
    try {
      text = await readFile(path.join(dir, file), 'utf8');
    } catch {
      throw new TrainedModelError(`cannot load trained classifier '${dir}': ${file} not found; point classifier.embeddings.trained_model at a folder written by \`mmrouter train\``);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new TrainedModelError(`cannot load trained classifier '${dir}': ${file} is not a valid trained model (${parsed.error.issues[0]?.message ?? 'invalid'}); retrain it with \`mmrouter train\``);
    return parsed.data;
  };
  return { head: await read(HEAD_FILE, TrainedHeadSchema), metadata: await read(METADATA_FILE, TrainingMetadataSchema) };
}
