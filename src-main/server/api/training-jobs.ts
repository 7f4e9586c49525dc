import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../../src-shared/contract/errors';
import type { ClassifierScoreSchema, TrainJobSchema, TrainReportSchema } from '../../../src-shared/contract/schemas';
import { loadEmbeddingClassifier, perCell, saveTrainedModel, trainClassifier, type TrainPhase, type TrainResult } from '../../core/classifier/embeddings';
import { datasetFormatOf, readLabeledPrompts, splitDataset, type DatasetFormat, type LabeledPrompt } from '../../core/eval/dataset';
import { evaluateClassifier, type EvalReport } from '../../core/eval/evaluate';
import type { ApiEventBus } from './event-bus';

type TrainJob = z.infer<typeof TrainJobSchema>;
type TrainReport = z.infer<typeof TrainReportSchema>;
type ClassifierScore = z.infer<typeof ClassifierScoreSchema>;

export interface TrainFile {
  fileName: string;
  content: string;
}

export interface TrainingJobsOptions {
  bus: ApiEventBus;
  /** Trained models are saved under it, one folder per job. */
  modelsDir: string;
  /** Routes with the model in `dir` from now on; resolves with the config path that now names it. */
  useTrainedModel(dir: string): Promise<string>;
  /** Least time between two train.progress events of one phase. Default 100 ms. */
  progressIntervalMs?: number;
}

interface Job extends TrainJob {
  controller: AbortController;
  result?: TrainResult;
  modelDir?: string;
}

const SAMPLE_ROWS = 20;

/**
 * Training the embedding classifier from a file the user dropped into the GUI: preview, one job
 * at a time with progress and cancel, a report against the shipped model on the same held-out
 * rows, and activation.
 */
export class TrainingJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly opts: TrainingJobsOptions) {}

  preview(file: TrainFile) {
    const { format, rows, issues } = read(file);
    return {
      format,
      rows: rows.length,
      errors: issues,
      counts: perCell(rows),
      sample: rows.slice(0, SAMPLE_ROWS).map(({ line, prompt, complexity, category }) => ({ line, prompt, complexity, category })),
    };
  }

  start(input: TrainFile & { acceptErrors: boolean; evalFraction: number; seed: number }): { jobId: string } {
    const running = [...this.jobs.values()].find((j) => j.state === 'running');
    if (running) throw new ApiError({ code: 'conflict', message: `training job ${running.jobId} is still running: wait for it or cancel it` });
    const { rows, issues } = read(input);
    if (rows.length === 0) throw new ApiError({ code: 'invalid_input', message: issues[0] ? `no usable rows: line ${issues[0].line}: ${issues[0].message}` : 'no prompts in file', field: 'content' });
    if (issues.length > 0 && !input.acceptErrors) {
      const first = issues[0];
      throw new ApiError({
        code: 'invalid_input',
        message: `${issues.length} problem(s) in the file (first: line ${first?.line}: ${first?.message}); fix them, or train on the ${rows.length} good rows with acceptErrors`,
        field: 'content',
      });
    }
    const job: Job = { jobId: `train-${randomUUID().slice(0, 8)}`, state: 'running', phase: null, done: 0, total: 0, report: null, error: null, active: false, controller: new AbortController() };
    this.jobs.set(job.jobId, job);
    void this.run(job, rows, input.evalFraction, input.seed);
    return { jobId: job.jobId };
  }

  get(jobId: string): TrainJob {
    return view(this.job(jobId));
  }

  cancel(jobId: string): TrainJob {
    const job = this.job(jobId);
    if (job.state === 'running') job.controller.abort(new Error('cancelled'));
    return view(job);
  }

  async activate(jobId: string): Promise<{ jobId: string; modelDir: string; configPath: string }> {
    const job = this.job(jobId);
    if (job.state !== 'done' || !job.result) throw new ApiError({ code: 'conflict', message: `training job ${jobId} is ${job.state}; only a finished job's model can be activated`, field: 'jobId' });
    const modelDir = job.modelDir ?? join(this.opts.modelsDir, jobId);
    if (!job.modelDir) {
      await saveTrainedModel(modelDir, job.result);
      job.modelDir = modelDir;
    }
    const configPath = await this.opts.useTrainedModel(modelDir);
    for (const other of this.jobs.values()) other.active = other === job;
    return { jobId, modelDir, configPath };
  }

  /** Stops running jobs (at shutdown). */
  cancelAll(): void {
    for (const job of this.jobs.values()) if (job.state === 'running') job.controller.abort(new Error('shutting down'));
  }

  private job(jobId: string): Job {
    const job = this.jobs.get(jobId);
    if (!job) throw new ApiError({ code: 'not_found', message: `no training job ${jobId}`, field: 'jobId' });
    return job;
  }

  private async run(job: Job, rows: LabeledPrompt[], evalFraction: number, seed: number): Promise<void> {
    const signal = job.controller.signal;
    const progress = this.progressReporter(job);
    try {
      const result = await trainClassifier({ rows, evalFraction, seed, signal, onProgress: progress });
      const heldOut = splitDataset(rows, evalFraction, seed).eval;
      let shipped: ClassifierScore | null = null;
      if (heldOut.length > 0) {
        const classifier = await loadEmbeddingClassifier();
        shipped = score('shipped embeddings', await evaluateClassifier(classifier, heldOut, { signal, onProgress: (done, total) => progress('evaluate', done, total) }));
      }
      const report: TrainReport = {
        counts: { train: result.model.metadata.counts.train, eval: result.model.metadata.counts.eval },
        trained: result.evalReport && score('trained embeddings', result.evalReport),
        shipped,
      };
      Object.assign(job, { state: 'done', result, report });
      this.opts.bus.emit('train.done', { jobId: job.jobId, report });
    } catch (err) {
      const cancelled = signal.aborted;
      const message = cancelled ? 'training was cancelled' : err instanceof Error ? err.message : String(err);
      Object.assign(job, { state: cancelled ? 'cancelled' : 'failed', error: message });
      this.opts.bus.emit('train.failed', { jobId: job.jobId, message, cancelled });
    }
  }

  /** Emits train.progress at phase changes, at the end of a phase, and otherwise at most every interval. */
  private progressReporter(job: Job): (phase: TrainPhase, done: number, total: number) => void {
    const interval = this.opts.progressIntervalMs ?? 100;
    let last = 0;
    return (phase, done, total) => {
      const now = performance.now();
      const edge = phase !== job.phase || done >= total;
      Object.assign(job, { phase, done, total });
      if (!edge && now - last < interval) return;
      last = now;
      this.opts.bus.emit('train.progress', { jobId: job.jobId, phase, done, total });
    };
  }
}

function read(file: TrainFile): { format: DatasetFormat; rows: LabeledPrompt[]; issues: { line: number; message: string }[] } {
  const format = datasetFormatOf(file.fileName);
  if (!format) throw new ApiError({ code: 'invalid_input', message: `cannot read '${file.fileName}': use a .yaml, .yml, .jsonl, .ndjson or .csv file`, field: 'fileName' });
  return { format, ...readLabeledPrompts(file.content, format) };
}

function score(classifier: string, report: EvalReport): ClassifierScore {
  const axis = (a: EvalReport['complexity'] | EvalReport['category']) => ({ labels: [...a.labels], accuracy: a.accuracy, confusion: a.confusion });
  return { classifier, n: report.n, accuracy: report.accuracy, complexity: axis(report.complexity), category: axis(report.category) };
}

function view(job: Job): TrainJob {
  const { jobId, state, phase, done, total, report, error, active } = job;
  return { jobId, state, phase, done, total, report, error, active };
}
