import type { Config } from '../../../src-shared/config-schema';
import type { RequestRecord } from '../../../src-shared/routing';
import type { BreakerEvent } from '../policies/breakers';
import type { BudgetWindowStatus } from '../policies/budget/guard';
import type { AlertHistory, AlertKind, AlertRecord } from '../tracker/ports';
import type { AlertDispatcher, DispatchStats } from './dispatcher';

/** The cost-spike baseline: the trailing hour before the current window. */
const BASELINE_MS = 3_600_000;
/** Windows are kept in this many buckets. */
const BUCKETS_PER_WINDOW = 10;
/** Rules are evaluated at most this often, however many requests arrive. */
const EVALUATE_EVERY_MS = 1_000;

interface Bucket {
  requests: number;
  errors: number;
  costUsd: number;
}

export interface AlertRuleStatus {
  rule: string;
  lastFiredAt: number;
  /** Epoch ms until which the rule stays quiet. */
  quietUntil: number;
}

export interface AlertStatus {
  enabled: true;
  channels: string[];
  cooldownS: number;
  rules: AlertRuleStatus[];
  /** Alerts a cooldown held back since start. */
  suppressed: number;
  delivery: DispatchStats;
}

/**
 * The alert rules: an error rate over a window, a cost spike against the trailing hour, budget
 * thresholds and breakers opening. Each rule (with its subject: which breaker, which budget mode)
 * fires at most once per cooldown; what fires is stored and handed to the dispatcher. `observe`
 * runs on every request, so it only adds to a bucket and, at most once a second, compares sums.
 */
export class AlertManager {
  private readonly buckets = new Map<number, Bucket>();
  private readonly bucketMs: number;
  private readonly windowMs: number;
  private readonly lastFired = new Map<string, number>();
  private lastEvaluated = 0;
  private suppressed = 0;
  private readonly firedListeners: ((alert: AlertRecord) => void)[] = [];

  constructor(
    private readonly config: Config['alerts'],
    private readonly dispatcher: AlertDispatcher,
    private readonly history: AlertHistory | undefined,
    private readonly onError: (err: Error) => void,
    private readonly now: () => number = Date.now,
  ) {
    this.windowMs = config.window_s * 1000;
    this.bucketMs = Math.max(1000, Math.floor(this.windowMs / BUCKETS_PER_WINDOW));
  }

  /** Reads when each rule last fired, so a restart does not reset the cooldowns. */
  async load(): Promise<void> {
    if (!this.history) return;
    for (const [rule, ts] of await this.history.lastFired()) if (ts > (this.lastFired.get(rule) ?? 0)) this.lastFired.set(rule, ts);
  }

  observe(record: RequestRecord): void {
    const now = this.now();
    const key = Math.floor(now / this.bucketMs);
    let b = this.buckets.get(key);
    if (!b) {
      b = { requests: 0, errors: 0, costUsd: 0 };
      this.buckets.set(key, b);
    }
    b.requests += 1;
    if (record.status === 'error') b.errors += 1;
    b.costUsd += record.costUsd;
    if (now - this.lastEvaluated >= EVALUATE_EVERY_MS) {
      this.lastEvaluated = now;
      this.evaluate(now);
    }
  }

  breakerEvent(e: BreakerEvent): void {
    if (e.state !== 'open') return;
    this.fire(`breaker:${e.scope}:${e.name}`, 'breaker', 'warning', `circuit breaker opened for ${e.scope} ${e.name}: its calls are skipped until a probe succeeds`, { scope: e.scope, name: e.name });
  }

  budgetMode(s: BudgetWindowStatus): void {
    if (s.mode === 'normal') return;
    const severity = s.mode === 'over' ? 'critical' : 'warning';
    const what = { warn: 'passed the warning threshold', downgrade: 'is routing one tier down', over: 'is used up' }[s.mode];
    this.fire(`budget:${s.window}:${s.mode}`, 'budget', severity, `the ${s.window} budget ${what}: $${(s.spentUsd + s.reservedUsd).toFixed(2)} of $${s.limitUsd.toFixed(2)} (${Math.round(s.fraction * 100)}%)`, {
      window: s.window,
      mode: s.mode,
      spent_usd: s.spentUsd,
      limit_usd: s.limitUsd,
      resets_at: new Date(s.resetsAt).toISOString(),
    });
  }

  /** Called with every alert that fires (not those a cooldown holds back). */
  onFired(listener: (alert: AlertRecord) => void): void {
    this.firedListeners.push(listener);
  }

  status(): AlertStatus {
    const cooldown = this.config.cooldown_s * 1000;
    const rules = [...this.lastFired].map(([rule, lastFiredAt]) => ({ rule, lastFiredAt, quietUntil: lastFiredAt + cooldown }));
    return { enabled: true, channels: this.dispatcher.channels.map((c) => c.name), cooldownS: this.config.cooldown_s, rules, suppressed: this.suppressed, delivery: this.dispatcher.stats() };
  }

  /** Fires a rule unless its cooldown holds it back. Returns the alert when it fired. */
  fire(rule: string, kind: AlertKind, severity: AlertRecord['severity'], message: string, details: Record<string, unknown>): AlertRecord | undefined {
    const now = this.now();
    const last = this.lastFired.get(rule);
    if (last !== undefined && now - last < this.config.cooldown_s * 1000) {
      this.suppressed += 1;
      return undefined;
    }
    this.lastFired.set(rule, now);
    const alert: AlertRecord = { ts: now, rule, kind, severity, message, details, channels: [] };
    alert.channels = this.dispatcher.channelsFor(alert).map((c) => c.name);
    const stored = this.history ? this.history.add(alert).catch(this.onError) : Promise.resolve();
    this.dispatcher.enqueue(alert);
    // Listeners (the GUI) hear of it once it is stored, so a page that re-reads the history finds it.
    if (this.firedListeners.length) void stored.then(() => this.firedListeners.forEach((l) => l(alert)));
    return alert;
  }

  private evaluate(now: number): void {
    const current = Math.floor(now / this.bucketMs);
    const windowBuckets = Math.ceil(this.windowMs / this.bucketMs);
    const baselineBuckets = Math.ceil(BASELINE_MS / this.bucketMs);
    const recent: Bucket = { requests: 0, errors: 0, costUsd: 0 };
    let baselineCost = 0;
    let oldest = current;
    for (const [key, b] of this.buckets) {
      const age = current - key;
      if (age >= windowBuckets + baselineBuckets) {
        this.buckets.delete(key);
        continue;
      }
      oldest = Math.min(oldest, key);
      if (age < windowBuckets) {
        recent.requests += b.requests;
        recent.errors += b.errors;
        recent.costUsd += b.costUsd;
      } else baselineCost += b.costUsd;
    }
    const c = this.config;
    if (recent.requests >= c.min_requests && recent.errors / recent.requests > c.error_rate_threshold) {
      const rate = recent.errors / recent.requests;
      this.fire('error_rate', 'error_rate', 'critical', `${Math.round(rate * 100)}% of requests failed in the last ${c.window_s} s (threshold ${Math.round(c.error_rate_threshold * 100)}%)`, {
        error_rate: rate,
        errors: recent.errors,
        requests: recent.requests,
        window_s: c.window_s,
      });
    }
    // The baseline needs history before the window; average it per window over the span it covers.
    const baselineSpan = Math.min(baselineBuckets, current - windowBuckets + 1 - oldest);
    if (baselineSpan >= windowBuckets && baselineCost > 0) {
      const perWindow = (baselineCost * windowBuckets) / baselineSpan;
      if (recent.costUsd > c.cost_spike_factor * perWindow) {
        this.fire('cost_spike', 'cost_spike', 'warning', `spend in the last ${c.window_s} s is ${(recent.costUsd / perWindow).toFixed(1)}x the trailing hour's ($${recent.costUsd.toFixed(4)} against $${perWindow.toFixed(4)} per ${c.window_s} s)`, {
          window_cost_usd: recent.costUsd,
          baseline_cost_usd: perWindow,
          factor: recent.costUsd / perWindow,
          window_s: c.window_s,
        });
      }
    }
  }
}
