import { create } from 'zustand';
import type { OperationOutput } from '../../src-shared/contract';
import { api } from '../transport';
import { errorMessage } from '../format';

export type TrainPreview = OperationOutput<'train.preview'>;
export type TrainJob = OperationOutput<'train.get'>;

interface LoadedFile {
  fileName: string;
  content: string;
}

interface TrainingState {
  file: LoadedFile | null;
  preview: TrainPreview | null;
  job: TrainJob | null;
  acceptErrors: boolean;
  error: string | null;
  activated: string | null;
  pick(file: File): Promise<void>;
  setAcceptErrors(accept: boolean): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  activate(): Promise<void>;
  reset(): void;
  listen(): () => void;
}

export const useTraining = create<TrainingState>((set, get) => {
  const patchJob = (jobId: string, patch: Partial<TrainJob>) => {
    const job = get().job;
    if (job?.jobId === jobId) set({ job: { ...job, ...patch } });
  };
  return {
    file: null,
    preview: null,
    job: null,
    acceptErrors: false,
    error: null,
    activated: null,
    async pick(file) {
      set({ file: null, preview: null, job: null, error: null, activated: null, acceptErrors: false });
      try {
        const loaded = { fileName: file.name, content: await file.text() };
        set({ file: loaded, preview: await api.invoke('train.preview', loaded) });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    setAcceptErrors(acceptErrors) {
      set({ acceptErrors });
    },
    async start() {
      const { file, acceptErrors } = get();
      if (!file) return;
      set({ error: null, activated: null });
      try {
        const { jobId } = await api.invoke('train.start', { ...file, acceptErrors });
        set({ job: await api.invoke('train.get', { jobId }) });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    async cancel() {
      const job = get().job;
      if (job) set({ job: await api.invoke('train.cancel', { jobId: job.jobId }) });
    },
    async activate() {
      const job = get().job;
      if (!job) return;
      try {
        const r = await api.invoke('train.activate', { jobId: job.jobId });
        set({ activated: r.modelDir, job: { ...job, active: true } });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    reset() {
      set({ file: null, preview: null, job: null, error: null, activated: null, acceptErrors: false });
    },
    listen() {
      const offs = [
        api.on('train.progress', (e) => patchJob(e.jobId, { phase: e.phase, done: e.done, total: e.total, state: 'running' })),
        api.on('train.done', (e) => patchJob(e.jobId, { state: 'done', report: e.report })),
        api.on('train.failed', (e) => patchJob(e.jobId, { state: e.cancelled ? 'cancelled' : 'failed', error: e.message })),
      ];
      return () => offs.forEach((off) => off());
    },
  };
});
