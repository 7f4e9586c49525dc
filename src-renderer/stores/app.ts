import { create } from 'zustand';
import type { AppInfo, OperationOutput } from '../../src-shared/contract';
import { api } from '../transport';
import { errorMessage } from '../format';

type ProxyStatus = OperationOutput<'proxy.status'>;

interface AppState {
  info: AppInfo | null;
  proxy: ProxyStatus | null;
  /** Bumped when the router starts running another config, so pages reload what depends on it. */
  configVersion: number;
  /** Bumped when requests were recorded. */
  statsVersion: number;
  /** Bumped when a breaker changed state or the budget changed level (pushed by main, no polling). */
  policyVersion: number;
  /** Bumped when an alert fired. */
  alertsVersion: number;
  /** Set when main cannot be reached at all. */
  unreachable: string | null;
  demo: boolean;
  start(): () => void;
  setDemo(enabled: boolean): Promise<void>;
  setProxy(enabled: boolean): Promise<void>;
}

/** What every page shares: app info, demo mode, proxy state, and the change counters events bump. */
export const useApp = create<AppState>((set, get) => ({
  info: null,
  proxy: null,
  configVersion: 0,
  statsVersion: 0,
  policyVersion: 0,
  alertsVersion: 0,
  unreachable: null,
  demo: false,
  start() {
    const refresh = () =>
      Promise.all([api.invoke('app.info'), api.invoke('proxy.status')])
        .then(([info, proxy]) => set({ info, proxy, demo: info.demo, unreachable: null }))
        .catch((e: unknown) => set({ unreachable: errorMessage(e) }));
    void refresh();
    const offs = [
      api.on('proxy.status', (proxy) => set({ proxy })),
      api.on('config.changed', (c) => {
        const info = get().info;
        set({ demo: c.demo, configVersion: get().configVersion + 1, info: info && { ...info, demo: c.demo, classifier: c.classifier } });
      }),
      api.on('stats.changed', () => set({ statsVersion: get().statsVersion + 1 })),
      api.on('policies.breaker', () => set({ policyVersion: get().policyVersion + 1 })),
      api.on('policies.budget', () => set({ policyVersion: get().policyVersion + 1 })),
      api.on('alerts.fired', () => set({ alertsVersion: get().alertsVersion + 1 })),
    ];
    return () => offs.forEach((off) => off());
  },
  async setDemo(enabled) {
    const info = await api.invoke('demo.set', { enabled });
    set({ info, demo: info.demo, configVersion: get().configVersion + 1 });
  },
  async setProxy(enabled) {
    set({ proxy: await api.invoke('proxy.setEnabled', { enabled }) });
  },
}));
