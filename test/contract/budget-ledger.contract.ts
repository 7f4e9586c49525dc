import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetLedger } from '../../src-main/core/tracker/ports';

/** A fresh ledger over empty storage; `reopen` gives a new ledger over the same storage. */
export interface LedgerBackend {
  ledger: BudgetLedger;
  reopen(): Promise<BudgetLedger>;
  /** Moves the ledger's clock forward (holds expire by it). */
  advance(ms: number): void;
  close(): Promise<void>;
}

const DAY = { key: 'day:2026-11-26', limitUsd: 10 };
const MONTH = { key: 'month:2026-11', limitUsd: 100 };

/**
 * What every BudgetLedger must do. SQLite runs it today; a PostgreSQL ledger must pass it unchanged.
 * `holdTtlMs` is the TTL the backend was built with.
 */
export function describeBudgetLedgerContract(name: string, holdTtlMs: number, makeBackend: () => Promise<LedgerBackend>): void {
  describe(`budget ledger contract: ${name}`, () => {
    let b: LedgerBackend;
    let ledger: BudgetLedger;
    beforeEach(async () => {
      b = await makeBackend();
      ledger = b.ledger;
    });
    afterEach(() => b.close());

    const spendOf = async (key: string) => (await ledger.spend([key]))[0]!;

    it('holds a reservation, then turns it into the actual spend when settled', async () => {
      const r = await ledger.reserve([DAY], 2);
      expect(r.ok).toBe(true);
      expect(await spendOf(DAY.key)).toEqual({ key: DAY.key, spentUsd: 0, reservedUsd: 2 });
      if (r.ok) await ledger.settle(r.id, 0.5);
      expect(await spendOf(DAY.key)).toEqual({ key: DAY.key, spentUsd: 0.5, reservedUsd: 0 });
    });

    it('releases a hold with nothing spent, and ignores a second settle or release of the same hold', async () => {
      const r = await ledger.reserve([DAY], 3);
      if (!r.ok) throw new Error('expected a hold');
      await ledger.release(r.id);
      await ledger.settle(r.id, 3);
      await ledger.release(r.id);
      await ledger.settle('no-such-hold', 1);
      expect(await spendOf(DAY.key)).toEqual({ key: DAY.key, spentUsd: 0, reservedUsd: 0 });
    });

    it('refuses a reservation that would pass the limit, says which window and how it stands, and holds nothing', async () => {
      const first = await ledger.reserve([DAY], 6);
      expect(first.ok).toBe(true);
      const second = await ledger.reserve([DAY, MONTH], 5);
      expect(second).toEqual({ ok: false, denied: { key: DAY.key, spentUsd: 0, reservedUsd: 6, limitUsd: 10 } });
      expect(await ledger.spend([DAY.key, MONTH.key])).toEqual([
        { key: DAY.key, spentUsd: 0, reservedUsd: 6 },
        { key: MONTH.key, spentUsd: 0, reservedUsd: 0 },
      ]);
      // Exactly up to the limit fits.
      expect((await ledger.reserve([DAY], 4)).ok).toBe(true);
    });

    it('holds in every window at once, and a tighter window refuses for all', async () => {
      const r = await ledger.reserve([DAY, { ...MONTH, limitUsd: 1 }], 2);
      expect(r.ok).toBe(false);
      const ok = await ledger.reserve([DAY, MONTH], 2);
      if (!ok.ok) throw new Error('expected a hold');
      await ledger.settle(ok.id, 1.5);
      expect(await ledger.spend([DAY.key, MONTH.key])).toEqual([
        { key: DAY.key, spentUsd: 1.5, reservedUsd: 0 },
        { key: MONTH.key, spentUsd: 1.5, reservedUsd: 0 },
      ]);
    });

    it('holds a forced reservation past the limit', async () => {
      await ledger.reserve([DAY], 10);
      expect((await ledger.reserve([DAY], 5, { force: true })).ok).toBe(true);
      expect(await spendOf(DAY.key)).toMatchObject({ reservedUsd: 15 });
    });

    it('lets concurrent reservations fit exactly: never more held than the limit', async () => {
      const results = await Promise.all(Array.from({ length: 100 }, () => ledger.reserve([DAY], 0.25)));
      expect(results.filter((r) => r.ok)).toHaveLength(40);
      expect(await spendOf(DAY.key)).toMatchObject({ reservedUsd: 10 });
    });

    it('stops counting a hold that was never settled once its time to live has passed', async () => {
      await ledger.reserve([DAY], 9);
      expect((await ledger.reserve([DAY], 2)).ok).toBe(false);
      b.advance(holdTtlMs + 1);
      expect((await ledger.reserve([DAY], 2)).ok).toBe(true);
    });

    it('keeps settled spend across a restart, and drops holds (their requests died with the process)', async () => {
      const r = await ledger.reserve([DAY], 4);
      if (!r.ok) throw new Error('expected a hold');
      await ledger.settle(r.id, 3.25);
      await ledger.reserve([DAY], 2);
      await ledger.close();
      ledger = await b.reopen();
      expect(await spendOf(DAY.key)).toEqual({ key: DAY.key, spentUsd: 3.25, reservedUsd: 0 });
      expect((await ledger.reserve([DAY], 6.75)).ok).toBe(true);
      expect((await ledger.reserve([DAY], 0.01)).ok).toBe(false);
    });

    it('keeps windows apart', async () => {
      const r = await ledger.reserve([DAY], 1);
      if (r.ok) await ledger.settle(r.id, 1);
      expect(await spendOf('day:2026-11-27')).toEqual({ key: 'day:2026-11-27', spentUsd: 0, reservedUsd: 0 });
    });
  });
}
