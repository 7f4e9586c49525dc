import type { RequestRecord } from '../../../src-shared/routing';
import { TrackerError } from './errors';
import type { DailyCost, DistributionKey, DistributionRow, LatencyPercentiles, PolicyActivity, RequestLog, RequestLogReader, RequestPage, RequestQuery, Summary, TimeRange } from './ports';

export interface WriteBehindOptions {
  /** Longest a record waits in memory before it is written. */
  flushIntervalMs: number;
  /** Records written per transaction; reaching it triggers a flush on the next tick. */
  maxBatch?: number;
  /** Records held while the store keeps failing; beyond it the oldest are dropped (and reported). */
  maxPending?: number;
  /** Write failures land here; they never throw into the request path. */
  onError: (err: TrackerError) => void;
}

/**
 * Each batch is one transaction that blocks the event loop: measured here, 100 rows take ~2-3 ms
 * and 500 rows ~10-12 ms. The timer writes one batch per turn and lets requests through in
 * between, so a burst of records never stalls every request in flight for tens of milliseconds.
 */
const DEFAULT_MAX_BATCH = 100;
const DEFAULT_MAX_PENDING = 100_000;

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Keeps request records in memory and writes them to a RequestLog in batches, so the request path
 * never waits on disk. Reads flush first, so a read right after `record` sees the row.
 */
export class WriteBehindLog implements RequestLogReader {
  private pending: RequestRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private timerDelay = 0;
  private closed = false;
  private readonly maxBatch: number;
  private readonly maxPending: number;

  constructor(
    private readonly store: RequestLog,
    private readonly opts: WriteBehindOptions,
  ) {
    this.maxBatch = opts.maxBatch ?? DEFAULT_MAX_BATCH;
    this.maxPending = opts.maxPending ?? DEFAULT_MAX_PENDING;
  }

  /** Queues a finished request. Never touches disk and never throws. */
  record(record: RequestRecord): void {
    if (this.closed) {
      this.opts.onError(new TrackerError(`request ${record.id} finished after the tracker closed and was not recorded`));
      return;
    }
    this.pending.push(record);
    const excess = this.pending.length - this.maxPending;
    if (excess > 0) {
      this.pending.splice(0, excess);
      this.opts.onError(new TrackerError(`dropped the ${excess} oldest unwritten request(s): the request log has not accepted writes for a while`));
    }
    this.schedule(this.pending.length >= this.maxBatch ? 0 : this.opts.flushIntervalMs);
  }

  /** Writes everything pending. On failure the records stay queued for the next try and the error is thrown. */
  flush(): void {
    this.tryWrite(Infinity);
  }

  private tryWrite(maxBatches: number): void {
    try {
      this.writePending(maxBatches);
    } catch (err) {
      this.schedule(this.opts.flushIntervalMs);
      throw new TrackerError(`could not write ${this.pending.length} request(s) to the request log (kept for the next try): ${reason(err)}`, { cause: err });
    }
  }

  /** Flushes everything and stops the timer; rejects if records could not be written. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.writePending();
    } catch (err) {
      const lost = this.pending.length;
      this.pending = [];
      throw new TrackerError(`${lost} request(s) were not recorded at shutdown: ${reason(err)}`, { cause: err });
    }
  }

  get(id: string): RequestRecord | undefined {
    this.flushQuietly();
    return this.store.get(id);
  }

  recent(opts: { limit: number; before?: number }): RequestRecord[] {
    this.flushQuietly();
    return this.store.recent(opts);
  }

  summary(range?: TimeRange): Summary {
    this.flushQuietly();
    return this.store.summary(range);
  }

  dailyCost(opts: { days: number; now?: number }): DailyCost[] {
    this.flushQuietly();
    return this.store.dailyCost(opts);
  }

  distribution(opts: { by: DistributionKey } & TimeRange): DistributionRow[] {
    this.flushQuietly();
    return this.store.distribution(opts);
  }

  latencyPercentiles(opts?: TimeRange & { model?: string }): LatencyPercentiles {
    this.flushQuietly();
    return this.store.latencyPercentiles(opts);
  }

  search(query: RequestQuery): RequestPage {
    this.flushQuietly();
    return this.store.search(query);
  }

  policyActivity(range?: TimeRange): PolicyActivity {
    this.flushQuietly();
    return this.store.policyActivity(range);
  }

  /** Stored plus queued spend, without flushing: the budget asks on the request path, which must not write. */
  costSince(ts: number): number {
    let queued = 0;
    for (const r of this.pending) if (r.ts >= ts) queued += r.costUsd;
    return this.store.costSince(ts) + queued;
  }

  private writePending(maxBatches = Infinity): void {
    for (let written = 0; written < maxBatches && this.pending.length > 0; written++) {
      const batch = this.pending.slice(0, this.maxBatch);
      this.store.append(batch);
      this.pending.splice(0, batch.length);
    }
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length > 0) this.schedule(0);
  }

  private flushQuietly(maxBatches = Infinity): void {
    try {
      this.tryWrite(maxBatches);
    } catch (err) {
      this.opts.onError(err instanceof TrackerError ? err : new TrackerError(reason(err), { cause: err }));
    }
  }

  /** Arms the single flush timer, moving it earlier when a shorter delay is asked for. */
  private schedule(delayMs: number): void {
    if (this.timer && this.timerDelay <= delayMs) return;
    clearTimeout(this.timer);
    this.timerDelay = delayMs;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushQuietly(1);
    }, delayMs);
    // A pending flush must not keep a CLI process alive; close() writes whatever is left.
    this.timer.unref();
  }
}
