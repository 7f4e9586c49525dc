import { CATEGORIES } from '../../../src-shared/labels';
import type { Category, Classification, Complexity } from '../../../src-shared/labels';
import type { Classifier } from './types';
import { CATEGORY_CUES, CATEGORY_PRIOR, COMPLEXITY_CUES, type Cue } from './rules-patterns';

/** Patterns look at the start of long prompts only: a pasted 50 kB log says no more than its first 4 kB. */
const MAX_SCAN_CHARS = 4000;

/** "Passage: ...", "the following text", "the article below": the prompt carries material to work on. */
const QUOTED_MATERIAL = /\b(passage|article|text|context|paragraph|document|transcript|review|excerpt|email)s?:|\bthe (following|below) (text|paragraph|passage|article|email|review|document|excerpt)|\b(article|text|passage|paragraph) below\b/;
/** Working on a given text is at least a little more than answering from memory. */
const MATERIAL_BONUS = 0.3;

/** Complexity scale boundaries: below SIMPLE_MAX is simple, at or above COMPLEX_MIN is complex. */
const SIMPLE_MAX = 0.55;
const COMPLEX_MIN = 2.4;

/**
 * Confidence calibration. Category: softmax over cue scores at this temperature. Complexity:
 * logistic in the distance to the nearest boundary at this scale. Chosen so that, on the bundled
 * eval data, the mean confidence is close to the accuracy (see test/rules-classifier.test.ts).
 */
const CATEGORY_TEMPERATURE = 1.2;
const COMPLEXITY_SCALE = 0.35;
/** At a boundary the tier is still better than a coin flip: only one neighbour competes with it. */
const COMPLEXITY_OFFSET = 0.25;

/** What the rules saw in a prompt. */
interface RulesEvidence {
  categoryScores: Record<Category, number>;
  /** Position on the simple → complex scale; compare with the boundaries above. */
  complexityIndex: number;
}

/** Deterministic, dependency-free heuristic classifier. Microseconds per prompt. */
export class RulesClassifier implements Classifier {
  readonly strategy = 'rules';

  async classify(prompt: string, signal?: AbortSignal): Promise<Classification> {
    signal?.throwIfAborted();
    return this.classifySync(prompt);
  }

  classifySync(prompt: string): Classification {
    const evidence = collectEvidence(prompt);
    const [category, categoryP] = pickCategory(evidence.categoryScores);
    const [complexity, complexityP] = pickComplexity(evidence.complexityIndex);
    return { complexity, category, confidence: round3(categoryP * complexityP), strategy: this.strategy };
  }
}

function collectEvidence(prompt: string): RulesEvidence {
  const raw = prompt.length > MAX_SCAN_CHARS ? prompt.slice(0, MAX_SCAN_CHARS) : prompt;
  const lower = raw.toLowerCase();
  // Pasted material ("Passage: ...") is input to the task, not a measure of its size: the task's
  // size comes from the instruction before it.
  const material = QUOTED_MATERIAL.exec(lower);
  const taskEnd = material ? material.index + material[0].length : raw.length;
  const shape = measureShape(taskEnd < raw.length ? raw.slice(0, taskEnd) : raw);
  const task = taskEnd < lower.length ? lower.slice(0, taskEnd) : lower;

  const categoryScores = { ...CATEGORY_PRIOR };
  for (const category of CATEGORIES) {
    for (const cue of CATEGORY_CUES[category]) categoryScores[category] += cueScore(cue, cue.raw ? raw : lower);
  }
  // Several quantities in one prompt are usually something to compute with.
  if (shape.numbers >= 2) categoryScores.reasoning += 1.5;

  // Length sets the starting point (5 words ≈ -0.4, 20 ≈ 0.9, 60 ≈ 2.1); structure and cues move it.
  let complexityIndex = 1.1 * Math.log1p(shape.words) - 2.4;
  complexityIndex += 0.12 * Math.min(shape.separators, 12);
  complexityIndex += 0.15 * Math.min(Math.max(shape.sentences - 1, 0), 6);
  if (shape.codeLines > 0) complexityIndex += 0.6 + 0.05 * Math.min(shape.codeLines, 20);
  if (material) complexityIndex += MATERIAL_BONUS;
  for (const cue of COMPLEXITY_CUES) complexityIndex += cueScore(cue, task);
  return { categoryScores, complexityIndex };
}

function cueScore(cue: Cue, text: string): number {
  if (!cue.re.global) return cue.re.test(text) ? cue.weight : 0;
  const max = cue.max ?? 1;
  let n = 0;
  cue.re.lastIndex = 0;
  while (n < max && cue.re.exec(text) !== null) n++;
  cue.re.lastIndex = 0;
  return n * cue.weight;
}

interface Shape {
  /** Words of prose (outside fenced code blocks). */
  words: number;
  /** List structure in prose: commas, semicolons, bullet and numbered lines. */
  separators: number;
  sentences: number;
  /** Lines inside fenced code blocks. */
  codeLines: number;
  /** Numbers in prose, not counting ones that look like years (1500-2099). */
  numbers: number;
}

/** One pass over the characters; no allocation. */
function measureShape(text: string): Shape {
  let words = 0;
  let separators = 0;
  let sentences = 0;
  let codeLines = 0;
  let numbers = 0;
  let digitRun = 0;
  let inFence = false;
  let inWord = false;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (lineStart && c === 96 && text.startsWith('```', i)) {
      inFence = !inFence;
      i = skipToLineEnd(text, i);
      continue;
    }
    if (c === 10) {
      if (inFence) codeLines++;
      lineStart = true;
      inWord = false;
      continue;
    }
    if (inFence) continue;
    const digit = c >= 48 && c <= 57;
    // "4.20" and "1,200" are one number: a separator between digits does not end the run.
    const joiner = (c === 46 || c === 44) && digitRun > 0 && isDigit(text.charCodeAt(i + 1));
    if (digit) digitRun++;
    else if (!joiner && digitRun > 0) {
      if (!isYear(text, i - digitRun, digitRun)) numbers++;
      digitRun = 0;
    }
    const space = c === 32 || c === 9 || c === 13;
    if (lineStart && !space) {
      // "- item", "* item", "1. item" at the start of a line.
      if (c === 45 || c === 42 || c === 8226 || (digit && /^\d+[.)]\s/.test(text.slice(i, i + 5)))) separators++;
      lineStart = false;
    }
    if (space) inWord = false;
    else if (!inWord) {
      inWord = true;
      words++;
    }
    if (c === 44 || c === 59) separators++;
    else if ((c === 46 || c === 33 || c === 63) && (i + 1 === text.length || isSpace(text.charCodeAt(i + 1)))) sentences++;
  }
  if (digitRun > 0 && !isYear(text, text.length - digitRun, digitRun)) numbers++;
  return { words, separators, sentences: Math.max(sentences, 1), codeLines, numbers };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isYear(text: string, start: number, length: number): boolean {
  if (length !== 4) return false;
  const year = Number(text.slice(start, start + 4));
  return year >= 1500 && year <= 2099;
}

function skipToLineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** On a tie, specific evidence (code, maths, a creative form) beats the generic question default. */
const TIE_ORDER: readonly Category[] = ['code', 'reasoning', 'creative', 'factual'];

function pickCategory(scores: Record<Category, number>): [Category, number] {
  let best: Category = 'code';
  for (const c of TIE_ORDER) if (scores[c] > scores[best]) best = c;
  let z = 0;
  for (const c of CATEGORIES) z += Math.exp((scores[c] - scores[best]) / CATEGORY_TEMPERATURE);
  return [best, 1 / z];
}

function pickComplexity(index: number): [Complexity, number] {
  const complexity: Complexity = index < SIMPLE_MAX ? 'simple' : index >= COMPLEX_MIN ? 'complex' : 'medium';
  const distance = complexity === 'simple' ? SIMPLE_MAX - index : complexity === 'complex' ? index - COMPLEX_MIN : Math.min(index - SIMPLE_MAX, COMPLEX_MIN - index);
  return [complexity, 1 / (1 + Math.exp(-(distance + COMPLEXITY_OFFSET) / COMPLEXITY_SCALE))];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
