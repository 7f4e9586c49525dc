import { create } from 'zustand';
import type { OperationOutput } from '../../src-shared/contract';
import { api } from '../transport';
import { errorMessage } from '../format';

export type Stats = OperationOutput<'stats.summary'>;
export type RequestPage = OperationOutput<'requests.list'>;
export type RequestDetail = OperationOutput<'requests.get'>;

export const RANGES = [
  { id: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { id: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
  { id: '90d', label: 'Last 90 days', ms: 90 * 24 * 3600_000 },
  { id: 'all', label: 'All time', ms: null },
] as const;
export type RangeId = (typeof RANGES)[number]['id'];

const PAGE_SIZE = 25;

interface AnalyticsState {
  range: RangeId;
  search: string;
  page: number;
  stats: Stats | null;
  requests: RequestPage | null;
  selected: RequestDetail | null;
  error: string | null;
  setRange(range: RangeId): void;
  setSearch(search: string): void;
  setPage(page: number): void;
  refresh(): Promise<void>;
  select(id: string | null): Promise<void>;
}

function since(range: RangeId): { since?: number } {
  const r = RANGES.find((x) => x.id === range);
  return r?.ms ? { since: Date.now() - r.ms } : {};
}

export const useAnalytics = create<AnalyticsState>((set, get) => ({
  range: '7d',
  search: '',
  page: 1,
  stats: null,
  requests: null,
  selected: null,
  error: null,
  setRange(range) {
    set({ range, page: 1 });
    void get().refresh();
  },
  setSearch(search) {
    set({ search, page: 1 });
    void get().refresh();
  },
  setPage(page) {
    set({ page });
    void get().refresh();
  },
  async refresh() {
    const { range, search, page } = get();
    const window = since(range);
    try {
      const [stats, requests] = await Promise.all([
        api.invoke('stats.summary', window),
        api.invoke('requests.list', { ...window, page, pageSize: PAGE_SIZE, ...(search.trim() ? { search: search.trim() } : {}) }),
      ]);
      // Typing moves on while a search is in flight: only the newest query's answer lands.
      if (get().search === search && get().page === page && get().range === range) set({ stats, requests, error: null });
    } catch (e) {
      set({ error: errorMessage(e) });
    }
  },
  async select(id) {
    if (id === null) return set({ selected: null });
    try {
      set({ selected: await api.invoke('requests.get', { id }) });
    } catch (e) {
      set({ error: errorMessage(e) });
    }
  },
}));
