import type { ChatRequest, ChatResponse } from '../../../src-shared/chat';
import type { Config } from '../../../src-shared/config-schema';
import type { Category, Complexity } from '../../../src-shared/labels';
import type { RequestRecord, RouteDecision } from '../../../src-shared/routing';
import type { RouteError } from '../router/types';
import type { BreakerBoard, BreakerStatus } from './breakers';
import type { BudgetStatus } from './budget/guard';
import type { Alerts } from '../alerts/create';
import type { AlertStatus } from '../alerts/manager';
import type { AlertRecord, MaybePromise } from '../tracker/ports';
import type { BreakerEvent } from './breakers';
import type { BudgetWindowStatus } from './budget/guard';

/**
 * The policies the router consults at fixed points of a request (DESIGN.md, "The request path"):
 * before choosing (experiment, budget mode, adaptive order), before each attempt (breaker, budget
 * reservation), after each attempt (breaker, settle, cascade gate), after the request (observers:
 * alerts, feedback). A disabled policy is simply absent, so it costs the hot path nothing.
 */
export interface Policies {
  experiments?: ExperimentSplit;
  budget?: BudgetGuard;
  adaptive?: AdaptiveOrder;
  breakers?: BreakerBoard;
  cascade?: CascadeGate;
  /** Sees every finished request once, after it was recorded. Must not block. */
  observe?: (record: RequestRecord) => void;
  /** Alert rules and delivery, when alerts are enabled. */
  alerts?: Alerts;
  /** Settles once the policies have read their state (running experiments) for the first time. */
  ready?: Promise<void>;
  close(): Promise<void>;
}

/** The route table a request is served from: the config's own, or an experiment variant's. */
export interface RouteTable {
  routes: Config['routes'];
  threshold: number;
}

export interface ExperimentSplit {
  /** Picks the variant for a prompt (the same prompt always gets the same one) and notes it on the decision. */
  assign(prompt: string, decision: RouteDecision): RouteTable | undefined;
  /** Re-reads the running experiments now, rather than at the next periodic refresh. */
  refresh?(): Promise<void>;
}

/** A worst-case cost held against the budget for one attempt, until it is settled or released. */
export interface BudgetHold {
  readonly id: string;
}

/** How the budget lets a request be routed. */
export type RoutingMode = 'normal' | 'downgrade' | 'cheapest';

/** `plan` and `reserve` answer synchronously when the ledger does (see BudgetLedger). */
export interface BudgetGuard {
  /**
   * Before choosing: reads the spend, notes the mode on the decision, and says how to route:
   * normal, one tier down, the cheapest model, or not at all (throws a RouteError of class 'budget').
   */
  plan(decision: RouteDecision): MaybePromise<RoutingMode>;
  /** The configured model with the lowest price, for the 'cheapest' mode. */
  readonly cheapestModel: string;
  /**
   * Before each attempt: holds the attempt's worst-case cost, or returns undefined (and notes the
   * skip on the decision) when it does not fit under the limit. The cheapest model always fits
   * when the config says to fall back to it. `sourceBytes`, the UTF-8 size of the request body
   * `chat` was read from when it came over the wire, spares walking the prompt (promptTokenCeiling).
   */
  reserve(model: string, chat: ChatRequest, decision: RouteDecision, sourceBytes?: number): MaybePromise<BudgetHold | undefined>;
  /** The attempt answered and cost this much. Never throws; storage errors are reported elsewhere. */
  settle(hold: BudgetHold, costUsd: number): void;
  /** The attempt failed: nothing was spent. */
  release(hold: BudgetHold): void;
  /** The model to try when the budget skipped this request's candidates (the cheapest, if so configured). */
  lastResort(decision: RouteDecision): string | undefined;
  /** The 429 for a request whose every candidate the budget skipped; undefined if it skipped none. */
  refusal(decision: RouteDecision): RouteError | undefined;
  status(): Promise<BudgetStatus>;
}

export interface AdaptiveOrder {
  /** Re-reads the ratings (after a new one, and on a timer). */
  refresh(): Promise<void>;
  /** The cell's candidates reordered by feedback; notes a change of first model on the decision. */
  rerank(complexity: Complexity, category: Category, candidates: readonly string[], decision: RouteDecision): readonly string[];
}

export type GateVerdict = { ok: true } | { ok: false; reason: string };

export interface CascadeGate {
  readonly maxEscalations: number;
  /** Whether a cheaper tier's answer is good enough to return. */
  judge(request: ChatRequest, response: ChatResponse): GateVerdict;
}

/** What the policies are doing now, for the GUI, `stats --detailed` and the tray. */
export interface PolicyStatus {
  breakers: BreakerStatus[];
  /** Absent when no budget is configured. */
  budget?: BudgetStatus;
  /** Absent when alerts are off. */
  alerts?: AlertStatus;
}

/**
 * A change of policy state that the GUI and the tray show at once: a breaker changed state, the
 * budget's level changed, an alert fired. Raised only on a change, never per request.
 */
export type PolicyEvent = { kind: 'breaker'; breaker: BreakerEvent } | { kind: 'budget'; window: BudgetWindowStatus } | { kind: 'alert'; alert: AlertRecord };
