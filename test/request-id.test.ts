import { describe, expect, it } from 'vitest';
import { newRequestId } from '../src-main/core/router/request-id';

describe('request ids', () => {
  it('are unique across many requests, past the refills of the random pool', () => {
    const ids = Array.from({ length: 20_000 }, () => newRequestId(1_700_000_000_000));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50)) expect(id).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it('sort in the order the requests arrived, so the log appends at the end of its index', () => {
    const times = [1_000, 1_700_000_000_000, 1_700_000_000_001, 4_000_000_000_000];
    const ids = times.map((t) => newRequestId(t));
    expect([...ids].sort()).toEqual(ids);
  });
});
