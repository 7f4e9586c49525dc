import { describe, expect, it } from 'vitest';
import { formatUsd, trayPolicies, trayView, type TrayItem } from '../src-main/app/tray-menu';
import type { PoliciesStatus } from '../src-shared/contract/policies';

const toggle = (items: TrayItem[]) => items.find((i) => i.kind === 'checkbox' && i.action === 'toggle-proxy');
const labels = (items: TrayItem[]) => items.flatMap((i) => ('label' in i ? [i.label] : []));

describe('tray menu', () => {
  it('shows the proxy on with its port, URL and the on icon', () => {
    const view = trayView({ proxy: { phase: 'on', port: 8080 }, today: { requests: 12, costUsd: 0.0341 } });
    expect(view.icon).toBe('tray-on');
    expect(toggle(view.items)).toMatchObject({ label: 'Proxy: on (port 8080)', checked: true, enabled: true });
    expect(labels(view.items)).toContain('http://127.0.0.1:8080/v1 · model "auto"');
    expect(labels(view.items)).toContain('Today: 12 requests · $0.03');
    expect(view.tooltip).toContain('8080');
  });

  it('shows it off with the off icon and no URL', () => {
    const view = trayView({ proxy: { phase: 'off', port: 9000 } });
    expect(view.icon).toBe('tray-off');
    expect(toggle(view.items)).toMatchObject({ label: 'Proxy: off (port 9000)', checked: false, enabled: true });
    expect(labels(view.items).some((l) => l.includes('/v1'))).toBe(false);
    expect(labels(view.items)).toContain('Today: —');
  });

  it('reports a port in use in the menu and the tooltip, and can be switched on again', () => {
    const error = 'port 8080 is in use: stop what uses it or pick another port';
    const view = trayView({ proxy: { phase: 'failed', port: 8080, error } });
    expect(view.icon).toBe('tray-off');
    expect(labels(view.items)).toContain(error);
    expect(view.tooltip).toContain('in use');
    expect(toggle(view.items)).toMatchObject({ checked: false, enabled: true });
  });

  it('disables the toggle while starting or stopping, so a double click cannot race', () => {
    expect(toggle(trayView({ proxy: { phase: 'starting', port: 8080 } }).items)).toMatchObject({ enabled: false, checked: false });
    expect(toggle(trayView({ proxy: { phase: 'stopping', port: 8080 } }).items)).toMatchObject({ enabled: false, checked: true });
  });

  it('always offers to open the window and to quit, quit last', () => {
    const items = trayView({ proxy: { phase: 'off', port: 8080 } }).items;
    const actions = items.flatMap((i) => (i.kind === 'action' ? [i.action] : []));
    expect(actions).toEqual(['open-window', 'quit']);
    expect(items.at(-1)).toMatchObject({ action: 'quit' });
  });

  it('counts one request in the singular', () => {
    expect(labels(trayView({ proxy: { phase: 'off', port: 8080 }, today: { requests: 1, costUsd: 0 } }).items)).toContain('Today: 1 request · $0.00');
  });
});

describe('formatUsd', () => {
  it('keeps cheap spend visible', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.000412)).toBe('$0.0004');
    expect(formatUsd(1.5)).toBe('$1.50');
  });
});

describe('tray menu: policies', () => {
  const on = { phase: 'on', port: 8080 } as const;
  const status = (over: Partial<PoliciesStatus> = {}): PoliciesStatus => ({ breakers: [], breakersEnabled: true, cascadeEnabled: false, cascade: [], ...over });
  const daily = (spentUsd: number, reservedUsd: number, mode: 'normal' | 'warn' | 'downgrade' | 'over') => ({ window: 'daily' as const, limitUsd: 5, spentUsd, reservedUsd, fraction: (spentUsd + reservedUsd) / 5, mode, resetsAt: 0 });
  const budget = (windows: ReturnType<typeof daily>[]) => ({ timeZone: 'UTC', mode: windows[0]!.mode, onExceeded: 'cheapest' as const, windows });

  it('shows the budget spent, held included, against the limit with its level', () => {
    const view = trayView({ proxy: on, policies: trayPolicies(status({ budget: budget([daily(3.7, 0.2, 'warn')]) })) });
    expect(labels(view.items)).toContain('Budget today: $3.90 of $5.00 (78%) · warning');
    expect(view.tooltip).toContain('daily budget 78%: warning');
  });

  it('names each level the way the router acts on it', () => {
    const label = (spent: number, mode: 'normal' | 'warn' | 'downgrade' | 'over') => labels(trayView({ proxy: on, policies: trayPolicies(status({ budget: budget([daily(spent, 0, mode)]) })) }).items).find((l) => l.startsWith('Budget today'));
    expect(label(1, 'normal')).toBe('Budget today: $1.00 of $5.00 (20%) · normal');
    expect(label(4.6, 'downgrade')).toBe('Budget today: $4.60 of $5.00 (92%) · routing one tier down');
    expect(label(5.2, 'over')).toBe('Budget today: $5.20 of $5.00 (104%) · over the limit');
  });

  it('leaves the budget out when none is set, and keeps a normal budget out of the tooltip', () => {
    expect(labels(trayView({ proxy: on, policies: trayPolicies(status()) }).items).some((l) => /^Budget (today|this month)/.test(l))).toBe(false);
    expect(trayView({ proxy: on, policies: trayPolicies(status({ budget: budget([daily(1, 0, 'normal')]) })) }).tooltip).toBe('mmrouter: proxy on at 127.0.0.1:8080');
  });

  it('names the open breakers, marks a probing one, and says when all are closed', () => {
    const breakers: PoliciesStatus['breakers'] = [
      { scope: 'provider', name: 'openai', state: 'open', opens: 1 },
      { scope: 'model', name: 'gpt-4.1', state: 'half-open', opens: 2 },
      { scope: 'model', name: 'claude-haiku-4-5', state: 'closed', opens: 1 },
    ];
    const view = trayView({ proxy: on, policies: trayPolicies(status({ breakers })) });
    expect(labels(view.items)).toContain('Breakers open: provider openai, model gpt-4.1 (probing)');
    expect(view.tooltip).toContain('2 breakers not closed');
    expect(labels(trayView({ proxy: on, policies: trayPolicies(status({ breakers: breakers.slice(2) })) }).items)).toContain('Breakers: all closed');
    expect(labels(trayView({ proxy: on, policies: trayPolicies(status({ breakers: breakers.slice(1, 2) })) }).items)).toContain('Breaker probing: model gpt-4.1');
  });

  it('shortens a long list of open breakers and says nothing of breakers when they are off', () => {
    const breakers = ['a', 'b', 'c', 'd', 'e'].map((name) => ({ scope: 'model' as const, name, state: 'open' as const, opens: 1 }));
    expect(labels(trayView({ proxy: on, policies: trayPolicies(status({ breakers })) }).items)).toContain('Breakers open: model a, model b, model c and 2 more');
    expect(labels(trayView({ proxy: on, policies: trayPolicies(status({ breakersEnabled: false })) }).items).some((l) => l.startsWith('Breaker'))).toBe(false);
  });

  it('keeps the policy lines between the day and the window actions', () => {
    const items = trayView({ proxy: on, today: { requests: 3, costUsd: 0.5 }, policies: trayPolicies(status({ budget: budget([daily(1, 0, 'normal')]) })) }).items;
    const all = labels(items);
    expect(all.indexOf('Today: 3 requests · $0.50')).toBeLessThan(all.findIndex((l) => l.startsWith('Budget today')));
    expect(all.findIndex((l) => l.startsWith('Budget today'))).toBeLessThan(all.indexOf('Breakers: all closed'));
    expect(all.indexOf('Breakers: all closed')).toBeLessThan(all.indexOf('Open mmrouter'));
  });

  it('offers the Budget & breakers page right under them, and only when there is something to show', () => {
    const actions = (policies: PoliciesStatus) => trayView({ proxy: on, policies: trayPolicies(policies) }).items.flatMap((i) => (i.kind === 'action' ? [i.action] : []));
    expect(actions(status())).toEqual(['open-budget', 'open-window', 'quit']);
    expect(actions(status({ breakersEnabled: false }))).toEqual(['open-window', 'quit']);
    expect(actions(status({ breakersEnabled: false, budget: budget([daily(1, 0, 'normal')]) }))).toEqual(['open-budget', 'open-window', 'quit']);
  });
});
