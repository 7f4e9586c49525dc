/**
 * The written labeling rules of the training corpus: one function per source, each reading only
 * that source's own metadata (difficulty level, annotated calculation steps, answer length, task
 * type) and returning the labels with the rule that produced them, or null when the row is left
 * out. eval_data/LABELING.md defines what the labels mean; these rules map each source onto it.
 * Pure functions, so `npm test` checks them on sample metadata rows without fetching anything.
 */
import type { Category, Complexity } from '../../src-shared/labels';

export interface Label {
  complexity: Complexity;
  category: Category;
  /** The rule that fired, as written in the manifest. */
  rule: string;
}

const label = (complexity: Complexity, category: Category, rule: string): Label => ({ complexity, category, rule });

/** GSM8K marks every calculation in a reference solution as <<expression=result>>. */
export function countCalculations(solution: string): number {
  return solution.match(/<<[^>]*>>/g)?.length ?? 0;
}

/** GSM8K train: one calculation is a one-operation problem (simple); two or more is a multi-step word problem (medium). */
export function labelGsm8k(solution: string): Label | null {
  const steps = countCalculations(solution);
  if (steps === 0) return null;
  return steps === 1 ? label('simple', 'reasoning', 'gsm8k: 1 annotated calculation') : label('medium', 'reasoning', `gsm8k: ${steps >= 4 ? '4+' : steps} annotated calculations`);
}

/** MATH train: competition problems. Levels 1-2 (the easiest fifth of AMC-style items) are medium, 3-5 complex. */
export function labelMath(level: string): Label | null {
  const n = Number(/^Level (\d)$/.exec(level)?.[1]);
  if (!(n >= 1 && n <= 5)) return null;
  return n <= 2 ? label('medium', 'reasoning', `math: level ${n} (1-2)`) : label('complex', 'reasoning', `math: level ${n} (3-5)`);
}

/** Fermi problems (realFP train): an estimate built from several assumed quantities, worked step by step. */
export function labelFermi(): Label {
  return label('medium', 'reasoning', 'fermi: estimation problem');
}

/** WebQuestions train: a question with a Freebase answer of at most three entities is a one-fact lookup. */
export function labelWebQuestions(answers: readonly string[]): Label | null {
  if (answers.length === 0 || answers.length > 3) return null;
  return label('simple', 'factual', 'webquestions: answer of 1-3 entities');
}

/** Non-empty lines of a reference answer that look like code (punctuation or a keyword a program has). */
export function codeLines(output: string): number {
  return output.split('\n').filter((l) => /[(){}[\];=<>]|^\s*(def|class|return|import|SELECT|for|if|while)\b/.test(l) && l.trim() !== '').length;
}

/**
 * Code instruction sets (CodeAlpaca): the size of the reference program is the size of the task.
 * Up to 12 lines is one short function or query (simple); up to 60 a function or script with some
 * design (medium); more is a program with several parts (complex). A reference answer without code
 * is not a code task and is left out.
 */
export function labelCodeInstruction(output: string): Label | null {
  const lines = codeLines(output);
  const total = output.split('\n').filter((l) => l.trim() !== '').length;
  if (lines === 0) return null;
  if (total <= 12) return label('simple', 'code', 'code-instruction: reference answer ≤ 12 lines');
  if (total <= 60) return label('medium', 'code', 'code-instruction: reference answer 13-60 lines');
  return label('complex', 'code', 'code-instruction: reference answer > 60 lines');
}

/**
 * A documented function from a public code base, given as signature + docstring to complete. A body
 * of up to 15 lines is one textbook function (simple); 16-50 lines needs some design (medium).
 */
export function labelDocstringCompletion(bodyLines: number): Label | null {
  if (bodyLines < 1 || bodyLines > 50) return null;
  return bodyLines <= 15 ? label('simple', 'code', 'docstring-completion: body ≤ 15 lines') : label('medium', 'code', 'docstring-completion: body 16-50 lines');
}

/** Role-play instructions (GPTeacher roleplay): a reply in character; a reference reply of ≤ 40 words is a short piece. */
export function labelRoleplay(responseWords: number): Label {
  return responseWords <= 40 ? label('simple', 'creative', 'roleplay: reference reply ≤ 40 words') : label('medium', 'creative', 'roleplay: reference reply > 40 words');
}

/** Persona names in "act as" prompts that are programs or programming tools: the work is on code, not a character. */
const TOOL_PERSONA = /\b(terminal|console|interpreter|compiler|sql|excel|regex|programmer|developer|engineer|javascript|python|php|git|linux|ascii|api|code|coder|stack ?overflow|devops|architect|solidity|ethereum|r programming|software|web design|ux|ui|cyber|it expert|tech)\b/i;

/** awesome-chatgpt-prompts: "act as <persona>" session openers. Personas are role-play (creative); tool personas are code. */
export function labelActAs(act: string, prompt: string): Label | null {
  if (!/\bact as\b/i.test(prompt)) return null;
  return TOOL_PERSONA.test(act) ? label('medium', 'code', 'act-as: persona is a programming tool') : label('medium', 'creative', 'act-as: persona role-play');
}
