import type { PolicyNotes, RouteDecision } from '../../../src-shared/routing';

/** Notes a model a policy skipped without a call, once per request, with the reason beside the decision's others. */
export function noteSkip(decision: RouteDecision, key: 'breakerSkipped' | 'budgetSkipped', model: string, reason: string): void {
  const notes: PolicyNotes = (decision.policies ??= {});
  const list = (notes[key] ??= []);
  if (list.includes(model)) return;
  list.push(model);
  decision.reasons.push(reason);
}

/**
 * Notes that carry only an experiment's and an adaptive reordering's note: those two objects are
 * made once and shared by every request they apply to, so what is derived from them is too.
 */
const shared = new WeakMap<object, WeakMap<object, { line?: string; json?: string }>>();
const NONE = {};

function sharedEntry(notes: PolicyNotes): { line?: string; json?: string } | undefined {
  for (const key in notes) if (key !== 'experiment' && key !== 'adaptive') return undefined;
  const experiment = notes.experiment ?? NONE;
  const adaptive = notes.adaptive ?? NONE;
  let byAdaptive = shared.get(experiment);
  if (!byAdaptive) shared.set(experiment, (byAdaptive = new WeakMap()));
  let entry = byAdaptive.get(adaptive);
  if (!entry) byAdaptive.set(adaptive, (entry = {}));
  return entry;
}

/**
 * The notes in one header-safe line, e.g. `experiment=cheap-test:treatment; budget=warn;
 * cascade=claude-haiku-4-5:too_short,gpt-4.1:accepted; breaker-skipped=gpt-4.1`.
 */
export function describePolicies(notes: PolicyNotes): string {
  const entry = sharedEntry(notes);
  return entry ? (entry.line ??= describeEach(notes)) : describeEach(notes);
}

/**
 * The notes as the request log stores them. An experiment's note alone lives in its own columns,
 * so most requests during one store no JSON.
 */
export function notesJson(notes: PolicyNotes | undefined): string | null {
  if (!notes || !hasMoreThanExperiment(notes)) return null;
  const entry = sharedEntry(notes);
  return entry ? (entry.json ??= JSON.stringify(notes)) : JSON.stringify(notes);
}

function hasMoreThanExperiment(notes: PolicyNotes): boolean {
  for (const key in notes) if (key !== 'experiment') return true;
  return false;
}

function describeEach(notes: PolicyNotes): string {
  const parts: string[] = [];
  if (notes.experiment) parts.push(`experiment=${notes.experiment.name}:${notes.experiment.variant}`);
  if (notes.budget) parts.push(`budget=${notes.budget.mode}`);
  if (notes.adaptive) parts.push(`adaptive=${notes.adaptive.from}>${notes.adaptive.to}`);
  if (notes.cascade) parts.push(`cascade=${notes.cascade.map((s) => `${s.model}:${s.accepted ? 'accepted' : (s.reason ?? 'rejected')}`).join(',')}`);
  if (notes.breakerSkipped) parts.push(`breaker-skipped=${notes.breakerSkipped.join(',')}`);
  if (notes.budgetSkipped) parts.push(`budget-skipped=${notes.budgetSkipped.join(',')}`);
  return parts.join('; ');
}
