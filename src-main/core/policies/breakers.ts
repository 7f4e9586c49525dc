import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, SamplingBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy, type IBreaker } from 'cockatiel';
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

class Breaker {
  readonly policy: CircuitBreakerPolicy;
  lastFailureAt = 0;
  openedAt = 0;
  opens = 0;

  constructor(
    readonly scope: 'model' | 'provider',
    readonly name: string,
    config: Config['breaker'],
    onEvent: (e: BreakerEvent) => void,
  ) {
    const parts: IBreaker[] = [new ConsecutiveBreaker(config.failure_threshold)];
    const rate = config.error_rate;
    if (rate) parts.push(new SamplingBreaker({ threshold: rate.threshold, duration: rate.window_ms, minimumRps: rate.min_requests / (rate.window_ms / 1000) }));
    // Only failures that say the upstream is unwell count: a caller's 400 or a cancelled request
    // does not. They are timed here, where cockatiel looks at failures only: its onFailure event
    // would make it time every call, successes included.
    const counts = (err: Error): boolean => {
      if (!(err instanceof ProviderError && err.retryable)) return false;
      this.lastFailureAt = Date.now();
      return true;
    };
    this.policy = circuitBreaker(
      handleWhen(counts),
      { halfOpenAfter: config.cooldown_ms, breaker: parts.length === 1 ? parts[0]! : new EitherBreaker(parts) },
    );
    this.policy.onStateChange((s) => {
      const ts = Date.now();
      if (s === CircuitState.Open) {
        this.openedAt = ts;
        this.opens += 1;
      }
      onEvent({ scope, name, state: stateName(s), ts });
    });
  }

  /**
   * Whether a call may go ahead now without waiting. cockatiel makes calls that arrive while the
   * half-open probe runs wait for it; a request must not wait on a sick model, so those skip it.
   */
  admits(now: number, cooldownMs: number): boolean {
    const s = this.policy.state;
    if (s === CircuitState.Closed) return true;
    if (s === CircuitState.Open) return now - this.openedAt >= cooldownMs;
    return false;
  }

  status(): BreakerStatus {
    const out: BreakerStatus = { scope: this.scope, name: this.name, state: stateName(this.policy.state), opens: this.opens };
    if (this.lastFailureAt) out.lastFailureAt = this.lastFailureAt;
    if (this.openedAt) out.openedAt = this.openedAt;
    return out;
  }
}

function stateName(s: CircuitState): BreakerStateName {
  if (s === CircuitState.Closed) return 'closed';
  if (s === CircuitState.HalfOpen) return 'half-open';
  return 'open';
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

  /** Runs one attempt through the provider's and the model's breakers. Throws BrokenCircuitError if one opened meanwhile. */
  run<T>(model: string, provider: string, call: () => Promise<T>): Promise<T> {
    const m = this.breaker('model', model);
    return this.breaker('provider', provider).policy.execute(() => m.policy.execute(call));
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
