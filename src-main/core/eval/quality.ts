import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ChatRequest } from '../../../src-shared/chat';
import type { RequestRecord } from '../../../src-shared/routing';
import { jsonObjectIn } from '../json-in-text';
import type { RouterApi } from '../router/types';
import type { QualityJudgement, QualityScores, QualityStore, RequestLogReader } from '../tracker/ports';

export interface QualityOptions {
  router: RouterApi;
  log: RequestLogReader;
  store: QualityStore;
  /** How many recorded requests to replay. */
  sample: number;
  baselineModel: string;
  judgeModel: string;
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
}

export interface QualityReport {
  judged: number;
  /** Recorded requests that could not be used or judged, with why. */
  skipped: { requestId: string; reason: string }[];
  routed: QualityScores;
  baseline: QualityScores;
  /** routed − baseline, per dimension: negative means routing lost quality. */
  delta: QualityScores;
  costUsd: number;
}

const Score = z.number().min(1).max(10);
const ScoresSchema = z.object({ relevance: Score, accuracy: Score, completeness: Score });
const VerdictSchema = z.object({ a: ScoresSchema, b: ScoresSchema });
const DIMENSIONS = ['relevance', 'accuracy', 'completeness'] as const;

const JUDGE_SYSTEM =
  'You are an impartial judge of answers to a user question. Score each answer from 1 (worst) to 10 (best) for ' +
  'relevance (does it address the question), accuracy (is it correct) and completeness (does it cover what was asked). ' +
  'Judge content, not length or style. Reply with JSON only: {"a": {"relevance": n, "accuracy": n, "completeness": n}, "b": {...}}.';

/**
 * LLM-as-judge: replays recorded prompts on the baseline model and has a judge score the routed
 * answer against the baseline's. Only requests whose prompt and answer were stored can be used.
 */
export async function runQualityEval(opts: QualityOptions): Promise<QualityReport> {
  const candidates = pickSample(opts.log, opts.sample, opts.baselineModel);
  const skipped: QualityReport['skipped'] = [];
  const judgements: QualityJudgement[] = [];
  for (const [i, record] of candidates.entries()) {
    opts.signal?.throwIfAborted();
    try {
      judgements.push(await judgeOne(record, opts));
    } catch (err) {
      if (opts.signal?.aborted) throw err;
      skipped.push({ requestId: record.id, reason: err instanceof Error ? err.message : String(err) });
    }
    opts.onProgress?.(i + 1, candidates.length);
  }
  for (const j of judgements) opts.store.add(j);
  const mean = (pick: (j: QualityJudgement) => QualityScores) =>
    Object.fromEntries(DIMENSIONS.map((d) => [d, judgements.length ? judgements.reduce((s, j) => s + pick(j)[d], 0) / judgements.length : 0])) as unknown as QualityScores;
  const routed = mean((j) => j.routed);
  const baseline = mean((j) => j.baseline);
  const delta = Object.fromEntries(DIMENSIONS.map((d) => [d, routed[d] - baseline[d]])) as unknown as QualityScores;
  return { judged: judgements.length, skipped, routed, baseline, delta, costUsd: judgements.reduce((s, j) => s + j.costUsd, 0) };
}

/** The newest successful, stored requests that a model other than the baseline answered. */
function pickSample(log: RequestLogReader, sample: number, baselineModel: string): RequestRecord[] {
  const picked: RequestRecord[] = [];
  let before: number | undefined;
  while (picked.length < sample) {
    const page = log.recent({ limit: 500, ...(before !== undefined ? { before } : {}) });
    if (page.length === 0) break;
    for (const r of page) {
      if (picked.length < sample && r.status === 'ok' && r.prompt && r.response && r.model !== baselineModel && r.source !== 'quality') picked.push(r);
    }
    before = page[page.length - 1]?.ts;
  }
  return picked;
}

async function judgeOne(record: RequestRecord, opts: QualityOptions): Promise<QualityJudgement> {
  const prompt = record.prompt ?? '';
  const ask = (model: string, chat: ChatRequest) => opts.router.route({ model, chat, source: 'quality', ...(opts.signal ? { signal: opts.signal } : {}) });
  const baseline = await ask(opts.baselineModel, { messages: [{ role: 'user', content: prompt }] });
  // Judges favour whichever answer comes first; which one goes first is fixed per request.
  const baselineFirst = (createHash('sha256').update(record.id).digest()[0] ?? 0) % 2 === 1;
  const [a, b] = baselineFirst ? [baseline.response.text, record.response ?? ''] : [record.response ?? '', baseline.response.text];
  const verdict = await ask(opts.judgeModel, {
    messages: [
      { role: 'system', content: JUDGE_SYSTEM },
      { role: 'user', content: `Question:\n${prompt}\n\nAnswer A:\n${a}\n\nAnswer B:\n${b}` },
    ],
    responseFormat: { type: 'json_schema', name: 'verdict', schema: z.toJSONSchema(VerdictSchema) as Record<string, unknown>, strict: true },
    temperature: 0,
  });
  const parsed = VerdictSchema.safeParse(jsonObjectIn(verdict.response.text));
  if (!parsed.success) throw new Error(`the judge's answer was not the expected JSON scores`);
  const { a: first, b: second } = parsed.data;
  return {
    requestId: record.id,
    ts: Date.now(),
    routedModel: record.model ?? '',
    baselineModel: opts.baselineModel,
    judgeModel: opts.judgeModel,
    routed: baselineFirst ? second : first,
    baseline: baselineFirst ? first : second,
    costUsd: baseline.record.costUsd + verdict.record.costUsd,
  };
}
