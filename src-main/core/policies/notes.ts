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
 * The notes in one header-safe line, e.g. `experiment=cheap-test:treatment; budget=warn;
 * cascade=claude-haiku-4-5:too_short,gpt-4.1:accepted; breaker-skipped=gpt-4.1`.
 */
export function describePolicies(notes: PolicyNotes): string {
  const parts: string[] = [];
  if (notes.experiment) parts.push(`experiment=${notes.experiment.name}:${notes.experiment.variant}`);
  if (notes.budget) parts.push(`budget=${notes.budget.mode}`);
  if (notes.adaptive) parts.push(`adaptive=${notes.adaptive.from}>${notes.adaptive.to}`);
  if (notes.cascade) parts.push(`cascade=${notes.cascade.map((s) => `${s.model}:${s.accepted ? 'accepted' : (s.reason ?? 'rejected')}`).join(',')}`);
  if (notes.breakerSkipped) parts.push(`breaker-skipped=${notes.breakerSkipped.join(',')}`);
  if (notes.budgetSkipped) parts.push(`budget-skipped=${notes.budgetSkipped.join(',')}`);
  return parts.join('; ');
}
