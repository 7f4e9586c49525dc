import { CATEGORIES, COMPLEXITIES } from '../../../../src-shared/labels';
import { RulesClassifier } from '../rules';

/**
 * Structural signals an averaged word vector cannot see: how long the prompt is, how many things it
 * asks for, whether it contains code, how constrained the answer is. They matter most for
 * complexity (the labelling rule is "count the things the answer must get right").
 */

const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;
/** Counts grow without bound; their log keeps one huge prompt from dominating a linear model. */
const logCount = (n: number): number => Math.log1p(n);

const CODE_FENCE = /```/g;
const INLINE_CODE = /`[^`\n]+`/g;
const CODE_SYMBOLS = /[{};]|=>|==|!=|<\/?[a-z]+>|\(\)|::|->/g;
// Case-sensitive on purpose: `SELECT` is SQL, "select" is English.
const CODE_KEYWORDS = /\b(?:def|function|return|import|const|let|var|public|static|void|elif|async|await|println|printf|console\.log|SELECT|FROM|WHERE|JOIN)\b|#include/g;
const INDENTED_LINE = /^(?: {2,}|\t)\S/gm;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/gm;
const QUESTION = /\?/g;
const SENTENCE_END = /[.!?](?:\s|$)/g;
const NUMBER = /\b\d+(?:[.,]\d+)?\b/g;
const MATH = /[=+*/^<>≤≥∑∫√]|\b(?:prove|derive|integral|equation|theorem|probability|expected value)\b/gi;
const CONSTRAINT = /\b(?:must|should|ensure|without|exactly|at least|at most|no more than|under \d+|limit|constraint|requirement|each|every|both|include|including|avoid|only|handle|support)\b/gi;
const MULTI_STEP = /\b(?:then|also|additionally|finally|step[- ]by[- ]step|first|second|third|next|and explain|and justify|justify|compare|trade-?offs?|pros and cons|design|architecture|analy[sz]e|evaluate|plan|strategy|migrate|migration|scalable|production)\b/gi;
const DELIVERABLE = /\b(?:write|explain|describe|list|give|create|implement|build|design|compare|analy[sz]e|summari[sz]e|propose|outline|draft|prove|derive|calculate|estimate|refactor|debug|fix|review|translate)\b/gi;

/** Beyond this a prompt is long whatever else it holds; scanning a pasted megabyte would stall the event loop. */
const MAX_SCAN_CHARS = 8000;

/** Word-count buckets: the rough boundaries between a question, a task and a brief. */
const LENGTH_BUCKETS = [8, 20, 50, 120] as const;

export const FEATURE_NAMES = [
  'log_chars',
  'log_words',
  ...LENGTH_BUCKETS.map((b) => `words_le_${b}`),
  `words_gt_${LENGTH_BUCKETS[LENGTH_BUCKETS.length - 1] ?? 0}`,
  'log_sentences',
  'log_lines',
  'log_questions',
  'log_list_items',
  'log_numbers',
  'log_math',
  'log_constraints',
  'log_multi_step',
  'log_deliverables',
  'code_fence',
  'log_inline_code',
  'log_code_symbols',
  'log_code_keywords',
  'log_indented_lines',
  'code_symbol_density',
  // The rules classifier's verdict (hand-written cues the embedding cannot express), weighted by
  // its confidence: the head learns how far to trust each of its answers.
  ...CATEGORIES.map((c) => `rules_${c}`),
  ...COMPLEXITIES.map((c) => `rules_${c}`),
] as const;

const rules = new RulesClassifier();

export function promptFeatures(prompt: string): number[] {
  const text = prompt.trim().slice(0, MAX_SCAN_CHARS);
  const words = text.split(/\s+/).filter(Boolean).length;
  const bucket = LENGTH_BUCKETS.findIndex((b) => words <= b);
  const oneHot = [...LENGTH_BUCKETS, Infinity].map((_, i) => (i === (bucket < 0 ? LENGTH_BUCKETS.length : bucket) ? 1 : 0));
  const symbols = count(text, CODE_SYMBOLS);
  const verdict = rules.classifySync(prompt);
  return [
    logCount(prompt.trim().length),
    logCount(words),
    ...oneHot,
    logCount(count(text, SENTENCE_END)),
    logCount(text.split('\n').length - 1),
    logCount(count(text, QUESTION)),
    logCount(count(text, LIST_ITEM)),
    logCount(count(text, NUMBER)),
    logCount(count(text, MATH)),
    logCount(count(text, CONSTRAINT)),
    logCount(count(text, MULTI_STEP)),
    logCount(count(text, DELIVERABLE)),
    count(text, CODE_FENCE) > 0 ? 1 : 0,
    logCount(count(text, INLINE_CODE)),
    logCount(symbols),
    logCount(count(text, CODE_KEYWORDS)),
    logCount(count(text, INDENTED_LINE)),
    symbols / Math.max(words, 1),
    ...CATEGORIES.map((c) => (verdict.category === c ? verdict.confidence : 0)),
    ...COMPLEXITIES.map((c) => (verdict.complexity === c ? verdict.confidence : 0)),
  ];
}
