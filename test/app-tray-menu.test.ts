import { describe, expect, it } from 'vitest';
import { formatUsd, trayView, type TrayItem } from '../src-main/app/tray-menu';

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
