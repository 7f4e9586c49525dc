import type { PoliciesStatus } from '../../src-shared/contract/policies';

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
  /** Budget standing and breakers not closed; absent until first read. */
  policies?: TrayPolicies;
}

export type BudgetLevel = 'normal' | 'warn' | 'downgrade' | 'over';

export interface TrayPolicies {
  /** One per configured window (daily, monthly); empty when no budget is set. */
  budget: { window: 'daily' | 'monthly'; spentUsd: number; limitUsd: number; fraction: number; level: BudgetLevel }[];
  breakersEnabled: boolean;
  /** Breakers skipping their model or provider now (open), or letting one probe through (half-open). */
  tripped: { scope: 'model' | 'provider'; name: string; state: 'open' | 'half-open' }[];
}

/** The tray's part of the policies' status (the contract's policies.status). */
export function trayPolicies(status: PoliciesStatus): TrayPolicies {
  return {
    budget: (status.budget?.windows ?? []).map((w) => ({ window: w.window, spentUsd: w.spentUsd + w.reservedUsd, limitUsd: w.limitUsd, fraction: w.fraction, level: w.mode })),
    breakersEnabled: status.breakersEnabled,
    tripped: status.breakers.flatMap((b) => (b.state === 'closed' ? [] : [{ scope: b.scope, name: b.name, state: b.state }])),
  };
}

export type TrayAction = 'toggle-proxy' | 'open-window' | 'open-budget' | 'quit';

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
  items.push({ kind: 'separator' }, { kind: 'info', label: todayLabel(state.today) });
  const p = state.policies;
  if (p) {
    for (const w of p.budget) items.push({ kind: 'info', label: budgetLabel(w) });
    if (p.breakersEnabled) items.push({ kind: 'info', label: breakersLabel(p.tripped) });
    if (p.budget.length || p.breakersEnabled) items.push({ kind: 'action', action: 'open-budget', label: 'Budget & breakers…' });
  }
  items.push({ kind: 'separator' });
  items.push({ kind: 'action', action: 'open-window', label: 'Open mmrouter' }, { kind: 'action', action: 'quit', label: 'Quit mmrouter' });
  const proxy = on ? `mmrouter: proxy on at 127.0.0.1:${port}` : phase === 'failed' ? `mmrouter: proxy off (${error ?? 'failed to start'})` : 'mmrouter: proxy off';
  return { icon: on ? 'tray-on' : 'tray-off', tooltip: [proxy, ...attention(p)].join(' · '), items };
}

const LEVEL_TEXT: Record<BudgetLevel, string> = { normal: 'normal', warn: 'warning', downgrade: 'routing one tier down', over: 'over the limit' };
const WINDOW_TEXT = { daily: 'today', monthly: 'this month' } as const;

function budgetLabel(w: TrayPolicies['budget'][number]): string {
  return `Budget ${WINDOW_TEXT[w.window]}: ${formatUsd(w.spentUsd)} of ${formatUsd(w.limitUsd)} (${Math.round(w.fraction * 100)}%) · ${LEVEL_TEXT[w.level]}`;
}

/** The menu shows at most this many tripped breakers by name; the window lists them all. */
const BREAKERS_NAMED = 3;

function breakersLabel(tripped: TrayPolicies['tripped']): string {
  if (!tripped.length) return 'Breakers: all closed';
  const anyOpen = tripped.some((b) => b.state === 'open');
  const named = tripped.slice(0, BREAKERS_NAMED).map((b) => `${b.scope} ${b.name}${anyOpen && b.state === 'half-open' ? ' (probing)' : ''}`);
  const more = tripped.length > BREAKERS_NAMED ? ` and ${tripped.length - BREAKERS_NAMED} more` : '';
  const s = tripped.length === 1 ? '' : 's';
  return `${anyOpen ? `Breaker${s} open` : `Breaker${s} probing`}: ${named.join(', ')}${more}`;
}

/** What needs the user's eye, for the tooltip: a budget past normal, breakers not closed. */
function attention(p: TrayPolicies | undefined): string[] {
  if (!p) return [];
  const lines = p.budget.filter((w) => w.level !== 'normal').map((w) => `${w.window} budget ${Math.round(w.fraction * 100)}%: ${LEVEL_TEXT[w.level]}`);
  if (p.tripped.length) lines.push(`${p.tripped.length} breaker${p.tripped.length === 1 ? '' : 's'} not closed`);
  return lines;
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
