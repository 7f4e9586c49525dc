import type { Statement } from 'better-sqlite3';
import type { BudgetLedger, BudgetWindow, Reservation, WindowSpend } from '../ports';
import type { SqliteDatabase } from './database';

/** One window's money in this process. */
interface Tally {
  key: string;
  /** Spend stored in the database as last read (our flushed increments included); undefined until read. */
  base: number | undefined;
  /** Our settled spend not yet written. */
  pending: number;
  /** Worst cases held by attempts in flight. */
  reserved: number;
}

interface Hold {
  tallies: readonly Tally[];
  amountUsd: number;
  expiresAt: number;
}

export interface SqliteBudgetLedgerOptions {
  /** How often settled spend is written and other processes' spend re-read. */
  flushIntervalMs: number;
  holdTtlMs?: number;
  /** Reports background write failures. */
  onError?: (err: Error) => void;
  now?: () => number;
}

/** A hold older than this belonged to a request that can no longer be running. */
export const DEFAULT_HOLD_TTL_MS = 10 * 60_000;

/**
 * The budget ledger on SQLite. A write transaction per reservation and per settlement cost
 * ~30 µs of CPU each (measured with better-sqlite3, WAL, synchronous=NORMAL), more than all the
 * policies together may add to a request, so this process decides reservations in memory —
 * atomically, since JavaScript runs one at a time — and writes settled spend behind, as increments
 * (`spent = spent + delta`) so processes sharing the file add up. Each flush re-reads the totals,
 * so another process's spend shows within one interval. Holds live only in memory: a crash drops
 * them, which is what a hold of a dead process should do. Several serving instances that must share
 * one budget exactly need the PostgreSQL ledger, which reserves in the database.
 */
export class SqliteBudgetLedger implements BudgetLedger {
  private readonly tallies = new Map<string, Tally>();
  /** The windows of the last call and their tallies: the budget passes the same array until a period ends. */
  private lastWindows: readonly BudgetWindow[] | undefined;
  private lastTallies: readonly Tally[] = [];
  /** In creation order, which is expiry order: the TTL is the same for all. */
  private readonly holds = new Map<string, Hold>();
  private readonly read: Statement<[string], { spent_usd: number }>;
  private readonly add: Statement<[string, number]>;
  private readonly holdTtlMs: number;
  private readonly now: () => number;
  private readonly timer: NodeJS.Timeout;
  private nextId = 0;
  /** When the oldest hold expires (Infinity: none held). */
  private nextExpiry = Infinity;
  private closed = false;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly opts: SqliteBudgetLedgerOptions,
  ) {
    this.read = db.prepare('SELECT spent_usd FROM budget_spend WHERE period = ?');
    this.add = db.prepare('INSERT INTO budget_spend (period, spent_usd) VALUES (?, ?) ON CONFLICT (period) DO UPDATE SET spent_usd = spent_usd + excluded.spent_usd');
    this.holdTtlMs = opts.holdTtlMs ?? DEFAULT_HOLD_TTL_MS;
    this.now = opts.now ?? Date.now;
    this.timer = setInterval(() => this.flushNow(), opts.flushIntervalMs);
    this.timer.unref();
  }

  /** Synchronous: nothing else runs between the check and the hold. */
  reserve(windows: readonly BudgetWindow[], amountUsd: number, opts?: { force?: boolean }): Reservation {
    const now = this.now();
    this.expireHolds(now);
    const tallies = this.talliesOf(windows);
    if (opts?.force !== true) {
      for (let i = 0; i < windows.length; i++) {
        const w = windows[i]!;
        const t = tallies[i]!;
        const spentUsd = this.spentOf(t);
        if (spentUsd + t.reserved + amountUsd > w.limitUsd) return { ok: false, denied: { key: w.key, spentUsd, reservedUsd: t.reserved, limitUsd: w.limitUsd } };
      }
    }
    const id = `h${++this.nextId}`;
    for (const t of tallies) t.reserved += amountUsd;
    const expiresAt = now + this.holdTtlMs;
    this.holds.set(id, { tallies, amountUsd, expiresAt });
    if (expiresAt < this.nextExpiry) this.nextExpiry = expiresAt;
    return { ok: true, id };
  }

  settle(id: string, actualUsd: number): void {
    const hold = this.drop(id);
    if (hold) for (const t of hold.tallies) t.pending += actualUsd;
  }

  release(id: string): void {
    this.drop(id);
  }

  spend(keys: readonly string[]): WindowSpend[] {
    this.expireHolds(this.now());
    return keys.map((key) => {
      const t = this.tally(key);
      return { key, spentUsd: this.spentOf(t), reservedUsd: t.reserved };
    });
  }

  flush(): Promise<void> {
    this.flushNow();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (!this.closed) {
      clearInterval(this.timer);
      this.flushNow();
      this.closed = true;
    }
    return Promise.resolve();
  }

  private talliesOf(windows: readonly BudgetWindow[]): readonly Tally[] {
    if (windows !== this.lastWindows) {
      this.lastWindows = windows;
      this.lastTallies = windows.map((w) => this.tally(w.key));
    }
    return this.lastTallies;
  }

  private tally(key: string): Tally {
    let t = this.tallies.get(key);
    if (!t) this.tallies.set(key, (t = { key, base: undefined, pending: 0, reserved: 0 }));
    return t;
  }

  private spentOf(t: Tally): number {
    t.base ??= this.read.get(t.key)?.spent_usd ?? 0;
    return t.base + t.pending;
  }

  private drop(id: string): Hold | undefined {
    const hold = this.holds.get(id);
    if (!hold) return undefined;
    this.holds.delete(id);
    for (const t of hold.tallies) {
      t.reserved -= hold.amountUsd;
      // Sums of floats do not return to exactly zero; nothing held is shown as nothing.
      if (Math.abs(t.reserved) < 1e-9) t.reserved = 0;
    }
    return hold;
  }

  private expireHolds(now: number): void {
    // Runs before every reservation: most times nothing has expired, and that is known without iterating.
    if (now < this.nextExpiry) return;
    this.nextExpiry = Infinity;
    for (const [id, hold] of this.holds) {
      if (hold.expiresAt > now) {
        this.nextExpiry = hold.expiresAt;
        break;
      }
      this.drop(id);
    }
  }

  /**
   * Writes our increments in one transaction and re-reads every window we track. A window no call
   * has named since it ended (yesterday, last month), with nothing pending or held, is forgotten.
   */
  private flushNow(): void {
    if (this.closed || !this.db.open) return;
    for (const t of this.tallies.values()) {
      if (t.pending === 0 && t.reserved === 0 && !this.lastTallies.includes(t)) this.tallies.delete(t.key);
    }
    try {
      const tallies = [...this.tallies.values()];
      const written = tallies.filter((t) => t.pending !== 0);
      const bases = this.db.transaction(() => {
        for (const t of written) this.add.run(t.key, t.pending);
        return tallies.map((t) => this.read.get(t.key)?.spent_usd ?? 0);
      })();
      // Only once committed: had the transaction failed, nothing changes and the increments wait for the next flush.
      for (const t of written) t.pending = 0;
      tallies.forEach((t, i) => (t.base = bases[i]));
    } catch (err) {
      this.opts.onError?.(err instanceof Error ? err : new Error(String(err)));
    }
  }
}
