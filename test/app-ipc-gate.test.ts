import { describe, expect, it } from 'vitest';
import { answerIpc, IpcRefused, senderRefusal, type IpcSender, type TrustedPage } from '../src-main/app/ipc-gate';
import { APP_ORIGIN } from '../src-main/app/security';
import { ApiError } from '../src-shared/contract/errors';
import { callOperation, type HandlerTable } from '../src-main/server/api/table';

const trusted: TrustedPage = { webContentsId: 7, origin: APP_ORIGIN };
const ours: IpcSender = { webContentsId: 7, frameUrl: `${APP_ORIGIN}/index.html#/playground`, isMainFrame: true };
const mapError = (err: unknown) => new ApiError({ code: 'internal', message: String(err) });

/** Counts handler runs, so a test can tell that a refused call never reached one. */
function table() {
  const calls: string[] = [];
  const handlers = {
    'proxy.status': async () => {
      calls.push('proxy.status');
      return { running: true, url: 'http://127.0.0.1:8080', host: '127.0.0.1', port: 8080, error: null };
    },
    'proxy.setEnabled': async () => {
      calls.push('proxy.setEnabled');
      return { running: false, url: null, host: '127.0.0.1', port: 8080, error: null };
    },
  } as Partial<HandlerTable> as HandlerTable;
  return { calls, call: (op: string, input: unknown) => callOperation(handlers, op, input, {}, mapError) };
}

describe('IPC sender check', () => {
  it('accepts our window showing our renderer', () => {
    expect(senderRefusal(ours, trusted)).toBeUndefined();
  });

  it('refuses another window, a subframe, a navigated page and a vanished frame', () => {
    expect(senderRefusal({ ...ours, webContentsId: 8 }, trusted)).toBe('it is not the mmrouter window');
    expect(senderRefusal({ ...ours, isMainFrame: false }, trusted)).toBe('it comes from a subframe');
    expect(senderRefusal({ ...ours, frameUrl: 'https://evil.example/' }, trusted)).toContain('https://evil.example/');
    expect(senderRefusal({ ...ours, frameUrl: undefined }, trusted)).toContain('no frame');
  });

  it('refuses everyone before the window exists', () => {
    expect(senderRefusal(ours, { ...trusted, webContentsId: undefined })).toBe('it is not the mmrouter window');
  });
});

describe('IPC calls', () => {
  it('answers our window with the handler\'s output, validated', async () => {
    const t = table();
    expect(await answerIpc(t.call, trusted, ours, 'proxy.status', {})).toEqual({ ok: true, value: { running: true, url: 'http://127.0.0.1:8080', host: '127.0.0.1', port: 8080, error: null } });
  });

  it('rejects a foreign sender without running anything', async () => {
    const t = table();
    await expect(answerIpc(t.call, trusted, { ...ours, frameUrl: 'https://evil.example/' }, 'proxy.setEnabled', { enabled: false })).rejects.toThrow(IpcRefused);
    expect(t.calls).toEqual([]);
  });

  it('refuses a channel the contract does not declare', async () => {
    const t = table();
    expect(await answerIpc(t.call, trusted, ours, 'fs.readFile', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('rejects a bad payload naming the field, without running the handler', async () => {
    const t = table();
    const out = await answerIpc(t.call, trusted, ours, 'proxy.setEnabled', { enabled: 'yes' });
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'enabled' } });
    expect(t.calls).toEqual([]);
  });
});
