import { create } from 'zustand';
import type { OperationOutput, PlaygroundPreview, PlaygroundResult } from '../../src-shared/contract';
import { api } from '../transport';
import { errorMessage } from '../format';

export type Rating = OperationOutput<'feedback.submit'>['rating'];

export interface Run {
  runId: string;
  prompt: string;
  /** 'auto' routes by the classifier; a model name pins it. */
  requested: string;
  text: string;
  state: 'streaming' | 'done' | 'error';
  result: PlaygroundResult | null;
  error: string | null;
  rating: Rating | null;
}

interface PlaygroundState {
  prompt: string;
  preview: PlaygroundPreview | null;
  previewError: string | null;
  /** The first run answers the prompt; the others are "run again on model X" beside it. */
  runs: Run[];
  setPrompt(prompt: string): void;
  send(): void;
  runAgain(model: string): void;
  rate(runId: string, rating: Rating): Promise<void>;
  /** Stops every run still streaming (their calls then fail with "cancelled"). */
  stop(): void;
  listen(): () => void;
}

const PREVIEW_DELAY_MS = 250;
let previewTimer: ReturnType<typeof setTimeout> | undefined;
let previewSeq = 0;

function patchRun(runs: Run[], runId: string, patch: (r: Run) => Partial<Run>): Run[] {
  return runs.map((r) => (r.runId === runId ? { ...r, ...patch(r) } : r));
}

export const usePlayground = create<PlaygroundState>((set, get) => {
  const start = (prompt: string, requested: string, keep: Run[]): void => {
    const runId = crypto.randomUUID();
    const run: Run = { runId, prompt, requested, text: '', state: 'streaming', result: null, error: null, rating: null };
    set({ runs: [...keep, run] });
    api
      .invoke('playground.run', requested === 'auto' ? { runId, prompt } : { runId, prompt, model: requested })
      // The done event usually arrives first; the resolved result settles the run either way.
      .then((result) => set({ runs: patchRun(get().runs, runId, () => ({ state: 'done', result, text: result.text })) }))
      .catch((e: unknown) => set({ runs: patchRun(get().runs, runId, () => ({ state: 'error', error: errorMessage(e) })) }));
  };

  return {
    prompt: '',
    preview: null,
    previewError: null,
    runs: [],
    setPrompt(prompt) {
      set({ prompt });
      clearTimeout(previewTimer);
      if (!prompt.trim()) {
        set({ preview: null, previewError: null });
        return;
      }
      const seq = ++previewSeq;
      previewTimer = setTimeout(() => {
        api
          .invoke('playground.classify', { prompt })
          .then((preview) => seq === previewSeq && set({ preview, previewError: null }))
          .catch((e: unknown) => seq === previewSeq && set({ previewError: errorMessage(e) }));
      }, PREVIEW_DELAY_MS);
    },
    send() {
      if (get().runs.some((r) => r.state === 'streaming')) return;
      const prompt = get().prompt.trim();
      if (prompt) start(prompt, 'auto', []);
    },
    runAgain(model) {
      const first = get().runs[0];
      if (first) start(first.prompt, model, get().runs);
    },
    async rate(runId, rating) {
      const run = get().runs.find((r) => r.runId === runId);
      if (!run?.result) return;
      await api.invoke('feedback.submit', { requestId: run.result.requestId, rating });
      set({ runs: patchRun(get().runs, runId, () => ({ rating })) });
    },
    stop() {
      for (const run of get().runs) if (run.state === 'streaming') void api.invoke('playground.cancel', { runId: run.runId }).catch(() => undefined);
    },
    listen() {
      const offs = [
        api.on('playground.token', (e) => set({ runs: patchRun(get().runs, e.runId, (r) => ({ text: r.text + e.text })) })),
        api.on('playground.done', (e) => set({ runs: patchRun(get().runs, e.runId, () => ({ state: 'done', result: e.result, text: e.result.text })) })),
        api.on('playground.error', (e) => set({ runs: patchRun(get().runs, e.runId, () => ({ state: 'error', error: e.error.message })) })),
      ];
      return () => offs.forEach((off) => off());
    },
  };
});
