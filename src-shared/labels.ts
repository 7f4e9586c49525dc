import { z } from 'zod';

/** Complexity tiers, cheapest first. Order matters: escalation moves one step right. */
export const COMPLEXITIES = ['simple', 'medium', 'complex'] as const;
export const CATEGORIES = ['factual', 'reasoning', 'creative', 'code'] as const;

export const ComplexitySchema = z.enum(COMPLEXITIES);
export const CategorySchema = z.enum(CATEGORIES);
export type Complexity = z.infer<typeof ComplexitySchema>;
export type Category = z.infer<typeof CategorySchema>;

export interface Classification {
  complexity: Complexity;
  category: Category;
  /** Calibrated probability (0..1) that both labels are right. */
  confidence: number;
  /** Which classifier produced it: 'rules', 'embeddings', 'llm', or e.g. 'llm->rules' on fallback. */
  strategy: string;
}

export function escalate(c: Complexity): Complexity {
  const i = COMPLEXITIES.indexOf(c);
  return COMPLEXITIES[Math.min(i + 1, COMPLEXITIES.length - 1)] ?? c;
}

export function downgrade(c: Complexity): Complexity {
  const i = COMPLEXITIES.indexOf(c);
  return COMPLEXITIES[Math.max(i - 1, 0)] ?? c;
}
