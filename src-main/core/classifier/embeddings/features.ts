import { CATEGORIES, COMPLEXITIES } from '../../../../src-shared/labels';
import { Cue } from '../rules-lexicon';
import { rulesEvidence } from '../rules';

/**
 * Structural signals an averaged word vector cannot see, from the rules classifier's one pass over
 * the prompt: its length and shape, numbers and formula notation, code marks, docstrings, personas,
 * enumerations, how often each kind of cue word occurs, and the rules' own scores and verdict. They
 * carry over from one source of prompts to another better than wording does, and matter most for
 * complexity (the labelling rule is "count the things the answer must get right").
 */

/** Counts grow without bound; their log keeps one huge prompt from dominating a linear model. */
const log = (n: number): number => Math.log1p(n);

/** Word-count buckets: the rough boundaries between a question, a task and a brief. */
const LENGTH_BUCKETS = [8, 20, 50, 120] as const;
const CUES = Object.keys(Cue) as (keyof typeof Cue)[];

export const FEATURE_NAMES = [
  'log_chars',
  'log_words',
  ...LENGTH_BUCKETS.map((b) => `words_le_${b}`),
  `words_gt_${LENGTH_BUCKETS[LENGTH_BUCKETS.length - 1] ?? 0}`,
  'log_sentences',
  'log_lines',
  'log_question_marks',
  'log_list_items',
  'log_numbers',
  'log_math_marks',
  'log_separators',
  'log_code_marks',
  'log_identifiers',
  'code_fence',
  'docstring',
  'log_definitions',
  'log_indented_lines',
  'persona_opening',
  ...CUES.map((c) => `cue_${c}`),
  ...CATEGORIES.map((c) => `rules_score_${c}`),
  'rules_complexity_index',
  ...CATEGORIES.map((c) => `rules_${c}`),
  ...COMPLEXITIES.map((c) => `rules_${c}`),
] as const;

export function promptFeatures(prompt: string): number[] {
  const evidence = rulesEvidence(prompt);
  const s = evidence.scan;
  const bucket = LENGTH_BUCKETS.findIndex((b) => s.words <= b);
  const oneHot = [...LENGTH_BUCKETS, Infinity].map((_, i) => (i === (bucket < 0 ? LENGTH_BUCKETS.length : bucket) ? 1 : 0));
  return [
    log(s.chars),
    log(s.words),
    ...oneHot,
    log(s.sentences),
    log(s.lines),
    log(s.questionMarks),
    log(s.listItems),
    log(s.numbers),
    log(s.mathMarks),
    log(s.separators),
    log(s.codeMarks),
    log(s.identifiers),
    s.codeFences > 0 ? 1 : 0,
    s.docstring ? 1 : 0,
    log(s.definitions),
    log(s.indentedLines),
    s.personaOpening ? 1 : 0,
    ...CUES.map((c) => log(s.cues[Cue[c]] ?? 0)),
    ...CATEGORIES.map((c) => evidence.categoryScores[c]),
    Math.max(-1, Math.min(evidence.complexityIndex, 4)),
    ...CATEGORIES.map((c) => (evidence.category === c ? 1 : 0)),
    ...COMPLEXITIES.map((c) => (evidence.complexity === c ? 1 : 0)),
  ];
}
