import type { ChatRequest } from '../../../../src-shared/chat';
import type { Config } from '../../../../src-shared/config-schema';
import type { BudgetMode, RouteDecision } from '../../../../src-shared/routing';
import { countPromptTokensWith, promptTokenCeiling } from '../../prompt-tokens';
import { FALLBACK_MAX_TOKENS } from '../../providers/anthropic-request';
import type { PriceBook } from '../../pricing/prices';
import { RouteError } from '../../router/types';
import { loadTokenizer, type Tokenizer } from '../../tokenizer';
import type { BudgetLedger, BudgetWindow, MaybePromise, WindowSpend } from '../../tracker/ports';
import { noteSkip } from '../notes';
import type { BudgetGuard, BudgetHold, RoutingMode } from '../types';
import { BudgetCalendar, machineTimeZone, type Period } from './calendar';

/** One window's standing, for the GUI's gauge and `stats --detailed`. */
export interface BudgetWindowStatus {
  window: 'daily' | 'monthly';
  limitUsd: number;
  spentUsd: number;
  reservedUsd: number;
  /** (spent + reserved) / limit. */
  fraction: number;
  mode: BudgetMode;
  /** Epoch ms. */
  resetsAt: number;
}

export interface BudgetStatus {
  timeZone: string;
  /** The stricter window's mode. */
  mode: BudgetMode;
  onExceeded: 'cheapest' | 'reject';
  windows: BudgetWindowStatus[];
}

/**
 * Below this share of every limit used, an attempt holds a ceiling on its prompt's tokens (from
 * its byte length) instead of a BPE count, which costs more than all the other policies together.
 * The ceiling is never below the count, so whatever it admits the count admits too; it only holds
 * more for the few milliseconds of the call, which matters only near a limit, where the count is
 * used again.
 */
const CEILING_BELOW_FRACTION = 0.5;

interface Windows {
  list: BudgetWindow[];
  keys: string[];
  periods: { window: 'daily' | 'monthly'; period: Period }[];
  validUntil: number;
}

/**
 * Daily (and optionally monthly) spend limits in the config's time zone. Before choosing, the mode
 * (normal, warn, downgrade, over) follows spent + held against each limit; before every attempt
 * the attempt's worst case — prompt tokens by gpt-tokenizer plus the output limit, at the model's
 * price — is held in the ledger, so concurrent requests overshoot by at most one request's
 * worst case. An attempt that does not fit is skipped; the request is refused (429) only when
 * no candidate fits.
 */
export class BudgetPolicy implements BudgetGuard {
  readonly cheapestModel: string;
  private readonly calendar: BudgetCalendar;
  private windows: Windows | undefined;
  private tokenizer: Tokenizer | undefined;
  /** Prompt tokens per request body: every attempt of a request holds against the same prompt. */
  private readonly promptTokens = new WeakMap<ChatRequest, number>();
  private readonly modeListeners: ((status: BudgetWindowStatus) => void)[] = [];
  private lastMode: BudgetMode = 'normal';
  /** Spent + held against the strictest limit when a request last looked (plan runs for each). */
  private lastFraction = 1;

  constructor(
    private readonly config: Config,
    private readonly ledger: BudgetLedger,
    private readonly pricing: PriceBook,
    private readonly onError: (err: Error) => void,
  ) {
    this.calendar = new BudgetCalendar(config.budget.timezone ?? machineTimeZone());
    this.cheapestModel = cheapest(config, pricing);
  }

  /** Called when the mode changes (alerts watch the thresholds). */
  onModeChange(listener: (status: BudgetWindowStatus) => void): void {
    this.modeListeners.push(listener);
  }

  plan(decision: RouteDecision): MaybePromise<RoutingMode> {
    const w = this.currentWindows(Date.now());
    const spends = this.ledger.spend(w.keys);
    return spends instanceof Promise ? spends.then((s) => this.planWith(w, s, decision)) : this.planWith(w, spends, decision);
  }

  private planWith(w: Windows, spends: WindowSpend[], decision: RouteDecision): RoutingMode {
    const fraction = this.worstFraction(w, spends);
    this.lastFraction = fraction;
    // Normal routing needs no explaining: most requests then carry no budget note to store.
    if (fraction < this.config.budget.warn_at && this.lastMode === 'normal') return 'normal';
    const worst = this.worstOf(w, spends);
    this.watchMode(worst);
    if (worst.mode === 'normal') return 'normal';
    (decision.policies ??= {}).budget = { mode: worst.mode, window: worst.window, spentUsd: worst.spentUsd, limitUsd: worst.limitUsd };
    switch (worst.mode) {
      case 'warn':
        decision.reasons.push(`budget: ${pct(worst.fraction)} of the ${worst.window} limit used (warn)`);
        return 'normal';
      case 'downgrade':
        decision.reasons.push(`budget: ${pct(worst.fraction)} of the ${worst.window} limit used, routing one tier down`);
        return 'downgrade';
      case 'over':
        if (this.config.budget.on_exceeded === 'reject') throw this.rejection(decision, worst);
        return 'cheapest';
    }
  }

  reserve(model: string, chat: ChatRequest, decision: RouteDecision, sourceBytes?: number): MaybePromise<BudgetHold | undefined> {
    const force = this.config.budget.on_exceeded === 'cheapest' && model === this.cheapestModel;
    const w = this.currentWindows(Date.now());
    // Far from every limit, a ceiling from the prompt's length holds without counting tokens.
    if (this.lastFraction < CEILING_BELOW_FRACTION) {
      const held = this.ledger.reserve(w.list, this.worstCase(model, chat, promptTokenCeiling(chat, sourceBytes)), { force });
      if (held instanceof Promise) return held.then((r) => (r.ok ? { id: r.id } : this.reserveCounted(model, chat, decision, w, force)));
      if (held.ok) return { id: held.id };
    }
    return this.reserveCounted(model, chat, decision, w, force);
  }

  /** Holds the worst case from the prompt's BPE count: near a limit, or when the ceiling did not fit. */
  private async reserveCounted(model: string, chat: ChatRequest, decision: RouteDecision, w: Windows, force: boolean): Promise<BudgetHold | undefined> {
    const amount = this.worstCase(model, chat, await this.promptTokensOf(chat));
    const r = await this.ledger.reserve(w.list, amount, { force });
    if (r.ok) return { id: r.id };
    const d = r.denied;
    // The refusal, if it comes to one, names this window.
    (decision.policies ??= {}).budget ??= { mode: this.modeOf((d.spentUsd + d.reservedUsd) / d.limitUsd), window: d.key.startsWith('month:') ? 'monthly' : 'daily', spentUsd: d.spentUsd + d.reservedUsd, limitUsd: d.limitUsd };
    noteSkip(decision, 'budgetSkipped', model, `budget: ${model} could cost up to ${usd(amount)}, more than is left (${usd(d.spentUsd)} spent + ${usd(d.reservedUsd)} held of ${usd(d.limitUsd)}), skipped`);
    return undefined;
  }

  settle(hold: BudgetHold, costUsd: number): void {
    this.report(() => this.ledger.settle(hold.id, costUsd));
  }

  release(hold: BudgetHold): void {
    this.report(() => this.ledger.release(hold.id));
  }

  /** Runs a ledger write whose failure the request must not see: it goes to `onError`, sync or not. */
  private report(write: () => MaybePromise<void>): void {
    try {
      write()?.catch(this.onError);
    } catch (err) {
      this.onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  lastResort(decision: RouteDecision): string | undefined {
    return this.config.budget.on_exceeded === 'cheapest' && decision.policies?.budgetSkipped ? this.cheapestModel : undefined;
  }

  refusal(decision: RouteDecision): RouteError | undefined {
    if (!decision.policies?.budgetSkipped || decision.attempts.length > 0) return undefined;
    const b = decision.policies.budget;
    const w = this.currentWindows(Date.now());
    const period = w.periods.find((p) => p.window === (b?.window ?? 'daily')) ?? w.periods[0]!;
    return this.rejectionError(decision, period.window, b?.spentUsd ?? 0, b?.limitUsd ?? 0, period.period.resetsAt, `no candidate's worst-case cost fits in what is left of the ${period.window} budget`);
  }

  async status(): Promise<BudgetStatus> {
    const w = this.currentWindows(Date.now());
    const spends = await this.ledger.spend(w.keys);
    const windows = w.periods.map((p, i) => this.windowStatus(p.window, w.list[i]!, spends[i]!, p.period.resetsAt));
    const worst = windows.reduce((a, b) => (b.fraction > a.fraction ? b : a));
    return { timeZone: this.calendar.timeZone, mode: worst.mode, onExceeded: this.config.budget.on_exceeded, windows };
  }

  private async promptTokensOf(chat: ChatRequest): Promise<number> {
    let prompt = this.promptTokens.get(chat);
    if (prompt === undefined) {
      this.tokenizer ??= await loadTokenizer();
      prompt = countPromptTokensWith(this.tokenizer, chat);
      this.promptTokens.set(chat, prompt);
    }
    return prompt;
  }

  private worstCase(model: string, chat: ChatRequest, prompt: number): number {
    const output = chat.maxTokens ?? this.config.models[model]?.max_tokens ?? FALLBACK_MAX_TOKENS;
    // A prompt written to the cache can cost more than fresh input (Anthropic: 1.25x).
    const fresh = this.pricing.cost(model, { inputTokens: prompt, outputTokens: output, cachedInputTokens: 0, cacheWriteTokens: 0 });
    const written = this.pricing.cost(model, { inputTokens: prompt, outputTokens: output, cachedInputTokens: 0, cacheWriteTokens: prompt });
    return Math.max(fresh, written);
  }

  private currentWindows(now: number): Windows {
    if (this.windows && now < this.windows.validUntil) return this.windows;
    const b = this.config.budget;
    const periods: Windows['periods'] = [];
    const list: BudgetWindow[] = [];
    if (b.daily_limit_usd !== undefined) {
      const period = this.calendar.day(now);
      periods.push({ window: 'daily', period });
      list.push({ key: period.key, limitUsd: b.daily_limit_usd });
    }
    if (b.monthly_limit_usd !== undefined) {
      const period = this.calendar.month(now);
      periods.push({ window: 'monthly', period });
      list.push({ key: period.key, limitUsd: b.monthly_limit_usd });
    }
    this.windows = { list, keys: list.map((x) => x.key), periods, validUntil: Math.min(...periods.map((p) => p.period.resetsAt)) };
    return this.windows;
  }

  private windowStatus(window: 'daily' | 'monthly', w: BudgetWindow, s: WindowSpend, resetsAt: number): BudgetWindowStatus {
    const fraction = (s.spentUsd + s.reservedUsd) / w.limitUsd;
    return { window, limitUsd: w.limitUsd, spentUsd: s.spentUsd, reservedUsd: s.reservedUsd, fraction, mode: this.modeOf(fraction), resetsAt };
  }

  private worstFraction(w: Windows, spends: readonly WindowSpend[]): number {
    let worst = 0;
    for (let i = 0; i < spends.length; i++) {
      const s = spends[i]!;
      worst = Math.max(worst, (s.spentUsd + s.reservedUsd) / w.list[i]!.limitUsd);
    }
    return worst;
  }

  private worstOf(w: Windows, spends: WindowSpend[]): BudgetWindowStatus {
    let worst: BudgetWindowStatus | undefined;
    w.periods.forEach((p, i) => {
      const s = this.windowStatus(p.window, w.list[i]!, spends[i]!, p.period.resetsAt);
      if (!worst || s.fraction > worst.fraction) worst = s;
    });
    return worst!;
  }

  private modeOf(fraction: number): BudgetMode {
    const b = this.config.budget;
    if (fraction >= 1) return 'over';
    if (fraction >= b.downgrade_at) return 'downgrade';
    if (fraction >= b.warn_at) return 'warn';
    return 'normal';
  }

  private watchMode(s: BudgetWindowStatus): void {
    if (s.mode === this.lastMode) return;
    this.lastMode = s.mode;
    for (const l of this.modeListeners) l(s);
  }

  private rejection(decision: RouteDecision, s: BudgetWindowStatus): RouteError {
    return this.rejectionError(decision, s.window, s.spentUsd + s.reservedUsd, s.limitUsd, s.resetsAt, `the ${s.window} budget is used up`);
  }

  private rejectionError(decision: RouteDecision, window: 'daily' | 'monthly', spentUsd: number, limitUsd: number, resetsAt: number, what: string): RouteError {
    const message = `${what}: ${usd(spentUsd)} spent of the ${window} limit of ${usd(limitUsd)}; it resets at ${this.calendar.describe(resetsAt)}. Raise budget.${window}_limit_usd or set budget.on_exceeded: cheapest to keep answering`;
    decision.reasons.push(`budget: refused, ${what}`);
    return new RouteError(message, decision, { errorClass: 'budget', status: 429, retryAfterMs: Math.max(1000, resetsAt - Date.now()) });
  }
}

/** The configured model with the lowest list price (input + output per million tokens). */
function cheapest(config: Config, pricing: PriceBook): string {
  let best: string | undefined;
  let bestPrice = Infinity;
  for (const name of Object.keys(config.models)) {
    const p = pricing.perMillion(name);
    if (p && p.input + p.output < bestPrice) {
      best = name;
      bestPrice = p.input + p.output;
    }
  }
  return best ?? config.routes.simple.factual.model;
}

function usd(n: number): string {
  return `$${n < 0.01 ? n.toFixed(6) : n.toFixed(2)}`;
}

function pct(f: number): string {
  return `${Math.round(f * 100)}%`;
}
