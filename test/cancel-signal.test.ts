import { describe, expect, it } from 'vitest';
import { asAbortSignal, Cancellation } from '../src-main/core/cancel-signal';

describe('Cancellation: the proxy’s per-request signal', () => {
  it('calls each listener once on the first abort, not those removed, and says why', () => {
    const c = new Cancellation();
    const calls: string[] = [];
    const kept = () => calls.push('fn');
    const removed = () => calls.push('removed');
    const handler = { handleEvent: () => calls.push('object') };
    c.addEventListener('abort', kept);
    c.addEventListener('abort', removed);
    c.addEventListener('abort', handler);
    c.removeEventListener('abort', removed);
    expect(() => c.throwIfAborted()).not.toThrow();
    c.abort();
    c.abort(new Error('again'));
    expect(calls).toEqual(['fn', 'object']);
    expect(c.aborted).toBe(true);
    expect((c.reason as Error).name).toBe('AbortError');
    expect(() => c.throwIfAborted()).toThrow(c.reason as Error);
    c.addEventListener('abort', kept);
    expect(calls).toHaveLength(2);
  });

  it('drives a real AbortSignal for APIs that take nothing else', () => {
    const c = new Cancellation();
    const signal = asAbortSignal(c);
    expect(signal.aborted).toBe(false);
    c.abort(new Error('client went away'));
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('client went away');
    const native = new AbortController().signal;
    expect(asAbortSignal(native)).toBe(native);
  });
});
