import type { ProviderCallOptions } from './types';
import type { CancelSignal } from '../cancel-signal';

/**
 * One attempt's cancellation: the caller's signal and our timer feed one AbortSignal handed to the
 * call, and we remember which of them fired so the error says `aborted` or `timeout` truthfully.
 */
export class AttemptControl {
  private readonly controller = new AbortController();
  private readonly timeoutMs: number;
  private readonly callerSignal: CancelSignal | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerFired = false;
  private readonly onCallerAbort = () => this.controller.abort(this.callerSignal?.reason);

  constructor(opts: ProviderCallOptions) {
    this.timeoutMs = opts.timeoutMs;
    this.callerSignal = opts.signal;
    if (this.callerSignal?.aborted) this.controller.abort(this.callerSignal.reason);
    else this.callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    this.restartTimer();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timedOut(): boolean {
    return this.timerFired && !this.callerAborted;
  }

  get callerAborted(): boolean {
    return this.callerSignal?.aborted === true;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /**
   * Streams call this on every chunk: for a stream the timeout bounds silence, not the total
   * length, so a long healthy answer is not cut while a stalled one is.
   */
  restartTimer(): void {
    if (this.aborted) return;
    // Called per chunk: refresh() re-arms the same timer instead of allocating a new one.
    if (this.timer !== undefined) {
      this.timer.refresh();
      return;
    }
    this.timer = setTimeout(() => {
      this.timerFired = true;
      this.controller.abort(new Error(`timed out after ${this.timeoutMs} ms`));
    }, this.timeoutMs);
  }

  /** Cancels the upstream call if it is still running (e.g. the consumer stopped reading). */
  cancel(): void {
    this.controller.abort(new Error('attempt cancelled'));
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  /** For the failure context of `toProviderError`. */
  outcome(): { timedOut: boolean; callerAborted: boolean; timeoutMs: number } {
    return { timedOut: this.timedOut, callerAborted: this.callerAborted, timeoutMs: this.timeoutMs };
  }
}
