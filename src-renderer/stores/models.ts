import { create } from 'zustand';
import type { OperationOutput } from '../../src-shared/contract';
import { api } from '../transport';

export type ModelEntry = OperationOutput<'models.list'>['models'][number];

interface ModelsState {
  models: ModelEntry[];
  baselineModel: string | null;
  load(): Promise<void>;
}

/** The configured models, reloaded whenever the router runs another config. */
export const useModels = create<ModelsState>((set) => ({
  models: [],
  baselineModel: null,
  async load() {
    const { models, baselineModel } = await api.invoke('models.list');
    set({ models, baselineModel });
  },
}));
