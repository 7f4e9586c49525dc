import { RulesClassifier } from '../../src-main/core/classifier/rules';

export const rules = new RulesClassifier();

/** The rules' label for a prompt as one "complexity/category" cell, as the tests compare them. */
export function cell(prompt: string): string {
  const c = rules.classifySync(prompt);
  return `${c.complexity}/${c.category}`;
}
