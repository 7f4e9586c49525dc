import type { AlertRecord } from '../tracker/ports';
import type { AlertChannel } from './channels';

export interface DispatcherOptions {
  /** Deliveries waiting beyond this drop the oldest. */
  queueSize: number;
  /** One delivery attempt's limit. */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** Wait before retry n is backoffMs * 2^n. */
  backoffMs: number;
  concurrency: number;
  onError: (err: Error) => void;
}

export const DEFAULT_DISPATCH: Omit<DispatcherOptions, 'onError'> = { queueSize: 200, timeoutMs: 5_000, retries: 2, backoffMs: 1_000, concurrency: 2 };

interface Job {
  channel: AlertChannel;
  alert: AlertRecord;
  attempt: number;
}

export interface DispatchStats {
  queued: number;
  inFlight: number;
  delivered: number;
  failed: number;
  dropped: number;
}

/**
 * Delivers alerts off the request path: `enqueue` only appends to a bounded queue; a small pool
 * sends with a timeout and retries with backoff, so a webhook that hangs or fails costs requests
 * nothing, and a flood of alerts costs at most the queue.
 */
export class AlertDispatcher {
  private readonly queue: Job[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly controllers = new Set<AbortController>();
  private readonly idleWaiters: (() => void)[] = [];
  private active = 0;
  private closed = false;
  private readonly counts = { delivered: 0, failed: 0, dropped: 0 };

  constructor(
    readonly channels: readonly AlertChannel[],
    private readonly opts: DispatcherOptions,
  ) {}

  /** The channels that take this kind of alert. */
  channelsFor(alert: AlertRecord): AlertChannel[] {
    return this.channels.filter((c) => !c.kinds || c.kinds.has(alert.kind));
  }

  enqueue(alert: AlertRecord): void {
    if (this.closed) return;
    for (const channel of this.channelsFor(alert)) this.push({ channel, alert, attempt: 0 });
    this.pump();
  }

  stats(): DispatchStats {
    return { queued: this.queue.length + this.timers.size, inFlight: this.active, ...this.counts };
  }

  /** Resolves when nothing is queued, waiting to retry or in flight. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Gives deliveries under way up to `graceMs`, then abandons the rest. */
  async close(graceMs = 1_000): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.queue.length = 0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise<void>((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    for (const c of this.controllers) c.abort();
  }

  private push(job: Job): void {
    if (this.queue.length >= this.opts.queueSize) {
      this.queue.shift();
      this.counts.dropped += 1;
    }
    this.queue.push(job);
  }

  private pump(): void {
    while (this.active < this.opts.concurrency && this.queue.length > 0) {
      const job = this.queue.shift()!;
      this.active += 1;
      void this.deliver(job).finally(() => {
        this.active -= 1;
        this.pump();
        this.settleIdle();
      });
    }
  }

  private async deliver(job: Job): Promise<void> {
    const controller = new AbortController();
    this.controllers.add(controller);
    const timer = setTimeout(() => controller.abort(new Error(`no answer within ${this.opts.timeoutMs} ms`)), this.opts.timeoutMs);
    try {
      await job.channel.send(job.alert, controller.signal);
      this.counts.delivered += 1;
    } catch (err) {
      const reason = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : err instanceof Error ? err.message : String(err);
      if (job.attempt < this.opts.retries && !this.closed) this.retryLater({ ...job, attempt: job.attempt + 1 });
      else {
        this.counts.failed += 1;
        this.opts.onError(new Error(`alert ${job.alert.rule} not delivered to ${job.channel.name} after ${job.attempt + 1} attempts: ${reason}`));
      }
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  private retryLater(job: Job): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      this.push(job);
      this.pump();
      this.settleIdle();
    }, this.opts.backoffMs * 2 ** (job.attempt - 1));
    t.unref();
    this.timers.add(t);
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && this.active === 0 && this.timers.size === 0;
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
