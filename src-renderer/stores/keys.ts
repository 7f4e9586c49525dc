import { create } from 'zustand';
import type { OperationOutput } from '../../src-shared/contract';
import { api } from '../transport';
import { errorMessage } from '../format';

export type KeyInfo = OperationOutput<'keys.list'>['keys'][number];
export type KeyCheck = OperationOutput<'keys.check'>;

interface KeysState {
  keys: KeyInfo[] | null;
  checks: Record<string, KeyCheck | { pending: true }>;
  error: string | null;
  load(): Promise<void>;
  /** The key goes to main and is forgotten here: it is never read back. */
  save(provider: string, key: string): Promise<boolean>;
  remove(provider: string): Promise<void>;
  check(provider: string): Promise<void>;
}

export const useKeys = create<KeysState>((set, get) => {
  const replace = (info: KeyInfo) => set({ keys: (get().keys ?? []).map((k) => (k.provider === info.provider ? info : k)), error: null });
  return {
    keys: null,
    checks: {},
    error: null,
    async load() {
      try {
        set({ keys: (await api.invoke('keys.list')).keys, error: null });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    async save(provider, key) {
      try {
        replace(await api.invoke('keys.set', { provider, key }));
        const { [provider]: _, ...checks } = get().checks;
        set({ checks });
        return true;
      } catch (e) {
        set({ error: errorMessage(e) });
        return false;
      }
    },
    async remove(provider) {
      try {
        replace(await api.invoke('keys.delete', { provider }));
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    async check(provider) {
      set({ checks: { ...get().checks, [provider]: { pending: true } } });
      try {
        const result = await api.invoke('keys.check', { provider });
        set({ checks: { ...get().checks, [provider]: result } });
      } catch (e) {
        set({ checks: { ...get().checks, [provider]: { provider, ok: false, message: errorMessage(e), latencyMs: 0 } } });
      }
    },
  };
});
