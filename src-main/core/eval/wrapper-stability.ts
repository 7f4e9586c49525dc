import type { Classification } from '../../../src-shared/labels';
import type { LabeledPrompt } from './dataset';
import { table } from './evaluate';

/**
 * What evaluation harnesses, system prompts, people and their operating systems put around a
 * request. None of them changes what is asked, so none may change the label: a router that reads "Question: ... Answer:" as a
 * different task than the bare question routes the same prompt two ways.
 */
export const PROMPT_WRAPPERS: Readonly<Record<string, (request: string) => string>> = {
  'Question: ... Answer:': (r) => `Question: ${r}\nAnswer:`,
  'Q: ... A:': (r) => `Q: ${r}\nA:`,
  'Human: ... Assistant:': (r) => `\n\nHuman: ${r}\n\nAssistant:`,
  'Instruction: ... Response:': (r) => `Instruction: ${r}\nResponse:`,
  'Answer the following question.': (r) => `Answer the following question.\n\n${r}`,
  'Solve the following problem: ...': (r) => `Solve the following problem: ${r}`,
  'Please help me with this:': (r) => `Please help me with this:\n${r}`,
  'You are a helpful assistant.': (r) => `You are a helpful assistant.\n\n${r}`,
  '**Question:** ...': (r) => `**Question:** ${r}`,
  '## Task': (r) => `## Task\n\n${r}`,
  "... Let's think step by step.": (r) => `${r}\nLet's think step by step.`,
  '... Thanks!': (r) => `${r}\n\nThanks!`,
  'Windows line endings (\\r\\n)': (r) => r.replace(/\n/g, '\r\n'),
};

export interface WrapperStability {
  wrapper: string;
  n: number;
  /** Share of prompts whose label (both axes) is the same wrapped as bare. */
  unchanged: number;
  /** Accuracy on both axes, bare and wrapped. */
  accuracy: number;
  wrappedAccuracy: number;
}

type Classify = (prompt: string) => Pick<Classification, 'complexity' | 'category'>;

/** Each wrapper's effect on a classifier's labels over a labelled set. */
export function wrapperStability(rows: readonly LabeledPrompt[], classify: Classify): WrapperStability[] {
  const bare = rows.map((r) => classify(r.prompt));
  const right = (r: LabeledPrompt, c: Pick<Classification, 'complexity' | 'category'>): boolean => c.complexity === r.complexity && c.category === r.category;
  const accuracy = rows.filter((r, i) => right(r, bare[i]!)).length / rows.length;
  return Object.entries(PROMPT_WRAPPERS).map(([wrapper, wrap]) => {
    let unchanged = 0;
    let wrappedRight = 0;
    rows.forEach((r, i) => {
      const c = classify(wrap(r.prompt));
      if (c.complexity === bare[i]!.complexity && c.category === bare[i]!.category) unchanged++;
      if (right(r, c)) wrappedRight++;
    });
    return { wrapper, n: rows.length, unchanged: unchanged / rows.length, accuracy, wrappedAccuracy: wrappedRight / rows.length };
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

export function formatWrapperStability(strategy: string, results: readonly WrapperStability[]): string {
  return table([
    ['wrapped in', 'n', `${strategy} unchanged`, 'right bare', 'right wrapped'],
    ...results.map((r) => [r.wrapper, String(r.n), pct(r.unchanged), pct(r.accuracy), pct(r.wrappedAccuracy)]),
  ]);
}
