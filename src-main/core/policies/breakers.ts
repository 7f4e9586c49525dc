import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, SamplingBreaker, type IBreaker } from 'cockatiel';
import type { Config } from '../../../src-shared/config-schema';
import { ProviderError } from '../providers/types';

export type BreakerStateName = 'closed' | 'open' | 'half-open';

/** One breaker as the GUI and `stats` show it. */
export interface BreakerStatus {
  scope: 'model' | 'provider';
  name: string;
  state: BreakerStateName;
  /** Epoch ms of the last counted failure. */
  lastFailureAt?: number;
  /** Epoch ms the breaker last opened. */
  openedAt?: number;
  opens: number;
}

export interface BreakerEvent {
  scope: 'model' | 'provider';
  name: string;
  state: BreakerStateName;
  ts: number;
}

/** Opens when either breaker says so: N failures in a row, or an error rate over a window. */
class EitherBreaker implements IBreaker {
  constructor(private readonly breakers: readonly IBreaker[]) {}

  get state(): unknown {
    return this.breakers.map((b) => b.state);
  }

  set state(value: unknown) {
    if (Array.isArray(value)) this.breakers.forEach((b, i) => (b.state = value[i]));
  }

  success(state: CircuitState): void {
    for (const b of this.breakers) b.success(state);
  }

  failure(state: CircuitState): boolean {
    let open = false;
    for (const b of this.breakers) open = b.failure(state) || open;
    return open;
  }
}

/**
 * One breaker's state machine: closed, open for the cooldown, then one half-open probe that closes
 * it on success or opens it again. When to open is cockatiel's: its ConsecutiveBreaker and
 * SamplingBreaker count the calls. Its CircuitBreakerPolicy is not used on the request path: each
 * `execute` is two async frames and their result objects (~2 kB per request, measured with V8's
 * allocation sampler), and a request runs through two breakers, provider and model. The
 * transitions below follow that policy's (a probe failing with an error that does not count
 * closes the breaker, as there).
 */
class Breaker {
  state: BreakerStateName = 'closed';
  lastFailureAt = 0;
  openedAt = 0;
  opens = 0;
  private readonly counter: IBreaker;

  constructor(
    readonly scope: 'model' | 'provider',
    readonly name: string,
    config: Config['breaker'],
    private readonly onEvent: (e: BreakerEvent) => void,
  ) {
    const parts: IBreaker[] = [new ConsecutiveBreaker(config.failure_threshold)];
    const rate = config.error_rate;
    if (rate) parts.push(new SamplingBreaker({ threshold: rate.threshold, duration: rate.window_ms, minimumRps: rate.min_requests / (rate.window_ms / 1000) }));
    this.counter = parts.length === 1 ? parts[0]! : new EitherBreaker(parts);
  }

  /** Whether a call may go ahead now without waiting: closed, or open with its cooldown over (the probe). */
  admits(now: number, cooldownMs: number): boolean {
    return this.state === 'closed' || (this.state === 'open' && now - this.openedAt >= cooldownMs);
  }

  /** Starts a call, as the probe if the cooldown is over; throws BrokenCircuitError if it may not run. */
  enter(now: number, cooldownMs: number): void {
    if (!this.admits(now, cooldownMs)) throw new BrokenCircuitError();
    if (this.state === 'open') this.move('half-open', now);
  }

  /** Undoes `enter` for a call that did not run (the other breaker refused it). */
  leave(wasOpen: boolean): void {
    if (wasOpen && this.state === 'half-open') this.state = 'open';
  }

  succeeded(): void {
    this.counter.success(this.state === 'half-open' ? CircuitState.HalfOpen : CircuitState.Closed);
    if (this.state === 'half-open') this.move('closed', Date.now());
  }

  failed(err: unknown): void {
    const probing = this.state === 'half-open';
    // Only failures that say the upstream is unwell count: a caller's 400 or a cancelled request does not.
    if (!(err instanceof ProviderError && err.retryable)) {
      if (probing) this.move('closed', Date.now());
      return;
    }
    const now = Date.now();
    this.lastFailureAt = now;
    const trips = this.counter.failure(probing ? CircuitState.HalfOpen : CircuitState.Closed);
    if (probing || (trips && this.state === 'closed')) this.move('open', now);
  }

  status(): BreakerStatus {
    const out: BreakerStatus = { scope: this.scope, name: this.name, state: this.state, opens: this.opens };
    if (this.lastFailureAt) out.lastFailureAt = this.lastFailureAt;
    if (this.openedAt) out.openedAt = this.openedAt;
    return out;
  }

  private move(state: BreakerStateName, ts: number): void {
    this.state = state;
    if (state === 'open') {
      this.openedAt = ts;
      this.opens += 1;
    }
    this.onEvent({ scope: this.scope, name: this.name, state, ts });
  }
}

/**
 * Circuit breakers per model and per provider, kept in process. A call runs through both; an open
 * breaker (or one whose half-open probe is already out) skips the model with no call and no wait.
 */
export class BreakerBoard {
  private readonly models = new Map<string, Breaker>();
  private readonly providers = new Map<string, Breaker>();
  private readonly listeners: ((e: BreakerEvent) => void)[] = [];
  private readonly emit = (e: BreakerEvent): void => {
    for (const l of this.listeners) l(e);
  };

  constructor(private readonly config: Config['breaker']) {}

  /** Called on every state change (alerts listen for openings). */
  onEvent(listener: (e: BreakerEvent) => void): void {
    this.listeners.push(listener);
  }

  admits(model: string, provider: string): boolean {
    const now = Date.now();
    const cooldown = this.config.cooldown_ms;
    return this.breaker('provider', provider).admits(now, cooldown) && this.breaker('model', model).admits(now, cooldown);
  }

  /**
   * Runs one attempt through the provider's and the model's breakers: each counts its outcome.
   * Throws BrokenCircuitError, without calling, if either opened since `admits` said yes.
   */
  run<T>(model: string, provider: string, call: () => Promise<T>): Promise<T> {
    const p = this.breaker('provider', provider);
    const m = this.breaker('model', model);
    const now = Date.now();
    const cooldown = this.config.cooldown_ms;
    const providerWasOpen = p.state === 'open';
    try {
      p.enter(now, cooldown);
    } catch (err) {
      return Promise.reject(err);
    }
    try {
      m.enter(now, cooldown);
    } catch (err) {
      p.leave(providerWasOpen);
      return Promise.reject(err);
    }
    return call().then(
      (value) => {
        m.succeeded();
        p.succeeded();
        return value;
      },
      (err: unknown) => {
        m.failed(err);
        p.failed(err);
        throw err;
      },
    );
  }

  /** Counts a failure that happened after the attempt had succeeded (a stream that broke midway). */
  fail(model: string, provider: string, err: ProviderError): void {
    if (!this.admits(model, provider)) return;
    this.run(model, provider, () => Promise.reject(err)).catch(() => undefined);
  }

  /** Of models that all have open breakers, the one whose last failure is oldest (a forced probe). */
  leastRecentlyFailed(candidates: readonly { model: string; provider: string }[]): number {
    let best = 0;
    let bestAt = Infinity;
    candidates.forEach((c, i) => {
      const at = Math.max(this.breaker('model', c.model).lastFailureAt, this.breaker('provider', c.provider).lastFailureAt);
      if (at < bestAt) {
        best = i;
        bestAt = at;
      }
    });
    return best;
  }

  status(): BreakerStatus[] {
    return [...this.providers.values(), ...this.models.values()].map((b) => b.status());
  }

  private breaker(scope: 'model' | 'provider', name: string): Breaker {
    const map = scope === 'model' ? this.models : this.providers;
    let b = map.get(name);
    if (!b) {
      b = new Breaker(scope, name, this.config, this.emit);
      map.set(name, b);
    }
    return b;
  }
}

export function isBrokenCircuit(err: unknown): boolean {
  return err instanceof BrokenCircuitError;
}
