import { describe, expect, it } from 'vitest';
import { ApiError } from '../src-shared/contract/errors';
import { OPERATION_NAMES } from '../src-shared/contract/operations';
import { EVENT_NAMES } from '../src-shared/contract/events';
import { callOperation, type HandlerTable } from '../src-main/server/api/table';

// Validation happens before any handler runs, so these calls need no handlers.
const noHandlers = {} as HandlerTable;
const mapError = (err: unknown) => new ApiError({ code: 'internal', message: String(err) });

describe('contract payload validation', () => {
  it('names the wrong-typed field', async () => {
    const out = await callOperation(noHandlers, 'playground.run', { runId: 'r1', prompt: 42 }, {}, mapError);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'prompt' } });
    if (!out.ok) expect(out.error.message).toMatch(/^playground.run: 'prompt': .*expected string/);
  });

  it('names a missing field', async () => {
    const out = await callOperation(noHandlers, 'feedback.submit', { rating: 'up' }, {}, mapError);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'requestId' } });
    if (!out.ok) expect(out.error.message).toBe("feedback.submit: 'requestId' is required");
  });

  it('does not call a wrong-typed field missing', async () => {
    const out = await callOperation(noHandlers, 'proxy.setEnabled', { enabled: 'yes' }, {}, mapError);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'enabled' } });
    if (!out.ok) expect(out.error.message).toBe("proxy.setEnabled: 'enabled': Invalid input: expected boolean, received string");
  });

  it('names a field with a bad value', async () => {
    const out = await callOperation(noHandlers, 'proxy.setEnabled', { enabled: true, port: 70000 }, {}, mapError);
    expect(out).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'port' } });
  });

  it('refuses an operation the contract does not declare', async () => {
    const out = await callOperation(noHandlers, 'fs.readFile', {}, {}, mapError);
    expect(out).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
  });

  it('declares the operations and events the GUI needs', () => {
    for (const op of ['config.save', 'playground.run', 'train.start', 'proxy.setEnabled', 'keys.set', 'stats.summary', 'requests.list']) expect(OPERATION_NAMES).toContain(op);
    for (const ev of ['playground.token', 'train.progress', 'proxy.status', 'stats.changed']) expect(EVENT_NAMES).toContain(ev);
  });
});
