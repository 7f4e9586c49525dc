import { create } from 'zustand';
import type { OperationOutput } from '../../src-shared/contract';
import { api } from '../transport';
import { errorMessage } from '../format';

type Preset = OperationOutput<'config.get'>['presets'][number];
export type ConfigProblem = OperationOutput<'config.validate'>['errors'][number];

interface ConfigState {
  path: string;
  /** What the router runs (the last text loaded or saved). */
  saved: string;
  /** What the editor holds. */
  text: string;
  demo: boolean;
  presets: Preset[];
  problems: ConfigProblem[];
  status: { kind: 'idle' | 'saving' | 'saved' | 'error'; message: string };
  loadError: string | null;
  load(): Promise<void>;
  setText(text: string): void;
  validate(text: string): Promise<ConfigProblem[]>;
  loadPreset(name: string): Promise<void>;
  save(): Promise<void>;
}

export const useConfig = create<ConfigState>((set, get) => ({
  path: '',
  saved: '',
  text: '',
  demo: false,
  presets: [],
  problems: [],
  status: { kind: 'idle', message: '' },
  loadError: null,
  async load() {
    try {
      const doc = await api.invoke('config.get');
      set({ path: doc.path, saved: doc.yaml, text: doc.yaml, demo: doc.demo, presets: doc.presets, loadError: null, status: { kind: 'idle', message: '' } });
    } catch (e) {
      set({ loadError: errorMessage(e) });
    }
  },
  setText(text) {
    // The editor echoes text it was given; only a real edit makes the last message stale.
    if (text === get().text) return;
    set({ text, status: { kind: 'idle', message: '' } });
  },
  async validate(text) {
    const { errors } = await api.invoke('config.validate', { yaml: text });
    // A slower answer for older text must not overwrite the problems of what is on screen now.
    if (text === get().text) set({ problems: errors });
    return errors;
  },
  async loadPreset(name) {
    const preset = await api.invoke('config.preset', { name });
    set({ text: preset.yaml, status: { kind: 'idle', message: `Loaded preset “${name}”. Save to route with it.` } });
  },
  async save() {
    const text = get().text;
    set({ status: { kind: 'saving', message: 'Saving…' } });
    try {
      const r = await api.invoke('config.save', { yaml: text });
      if (r.saved) set({ saved: text, path: r.path, problems: [], demo: false, status: { kind: 'saved', message: `Saved to ${r.path}. mmrouter routes with it now.` } });
      else set({ problems: r.errors, status: { kind: 'error', message: 'Not saved: fix the errors below first. The file on disk is unchanged.' } });
    } catch (e) {
      set({ status: { kind: 'error', message: errorMessage(e) } });
    }
  },
}));
