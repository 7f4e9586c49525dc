/** What the tray shows, as data: the Electron layer turns these into a Menu, the tests read them. */

export type ProxyPhase = 'off' | 'starting' | 'on' | 'stopping' | 'failed';

export interface TrayState {
  proxy: {
    phase: ProxyPhase;
    /** The port it listens on, or would listen on when switched on. */
    port: number;
    /** Why the last start failed (e.g. the port is in use); shown while the proxy is off. */
    error?: string;
  };
  /** Requests routed since local midnight and what they cost; absent until first read. */
  today?: { requests: number; costUsd: number };
}

export type TrayAction = 'toggle-proxy' | 'open-window' | 'quit';

export type TrayItem =
  | { kind: 'checkbox'; action: TrayAction; label: string; checked: boolean; enabled: boolean }
  | { kind: 'action'; action: TrayAction; label: string }
  | { kind: 'info'; label: string }
  | { kind: 'separator' };

export interface TrayView {
  icon: 'tray-on' | 'tray-off';
  tooltip: string;
  items: TrayItem[];
}

export function trayView(state: TrayState): TrayView {
  const { phase, port, error } = state.proxy;
  const on = phase === 'on';
  const busy = phase === 'starting' || phase === 'stopping';
  const items: TrayItem[] = [{ kind: 'checkbox', action: 'toggle-proxy', label: proxyLabel(phase, port), checked: on || phase === 'stopping', enabled: !busy }];
  if (on) items.push({ kind: 'info', label: `http://127.0.0.1:${port}/v1 · model "auto"` });
  if (phase === 'failed' && error) items.push({ kind: 'info', label: error });
  items.push({ kind: 'separator' }, { kind: 'info', label: todayLabel(state.today) }, { kind: 'separator' });
  items.push({ kind: 'action', action: 'open-window', label: 'Open mmrouter' }, { kind: 'action', action: 'quit', label: 'Quit mmrouter' });
  return {
    icon: on ? 'tray-on' : 'tray-off',
    tooltip: on ? `mmrouter: proxy on at 127.0.0.1:${port}` : phase === 'failed' ? `mmrouter: proxy off (${error ?? 'failed to start'})` : 'mmrouter: proxy off',
    items,
  };
}

function proxyLabel(phase: ProxyPhase, port: number): string {
  switch (phase) {
    case 'on':
      return `Proxy: on (port ${port})`;
    case 'starting':
      return `Proxy: starting on port ${port}…`;
    case 'stopping':
      return 'Proxy: stopping…';
    case 'failed':
    case 'off':
      return `Proxy: off (port ${port})`;
  }
}

function todayLabel(today: TrayState['today']): string {
  if (!today) return 'Today: —';
  const requests = `${today.requests.toLocaleString('en-US')} request${today.requests === 1 ? '' : 's'}`;
  return `Today: ${requests} · ${formatUsd(today.costUsd)}`;
}

/** Dollars with enough digits that a day of cheap requests does not read as $0.00. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (Math.abs(usd) < 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toFixed(2)}`;
}
