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

/**
 * GSM8K train: one calculation is a one-operation problem (simple); three or more is a multi-step
 * word problem (medium). Two sits between the definitions and is left out, so neither tier learns
 * from rows a reader could put in the other.
 */
export function labelGsm8k(solution: string): Label | null {
  const steps = countCalculations(solution);
  if (steps === 1) return label('simple', 'reasoning', 'gsm8k: 1 annotated calculation');
  if (steps >= 3) return label('medium', 'reasoning', `gsm8k: ${steps >= 4 ? '4+' : steps} annotated calculations`);
  return null;
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

/** Lines of a program that carry logic: not blank, not a lone brace, not an include/import/using or a comment. */
export function significantLines(output: string): number {
  return output.split('\n').filter((l) => {
    const t = l.trim();
    return t !== '' && !/^[{}()[\];,]*$/.test(t) && !/^(#include|import |from \S+ import|using |package |\/\/|#(?!include)|\/\*|\*)/.test(t);
  }).length;
}

/** Whether a reference answer is a program at all (some line has code punctuation or a keyword). */
function hasCode(output: string): boolean {
  return output.split('\n').some((l) => /[(){}[\];=<>]|^\s*(def|class|return|import|SELECT|for|if|while)\b/.test(l));
}

/**
 * Code instruction sets (GPTeacher Codegen): the reference program's size and shape are the task's. Up
 * to 20 lines of logic and no class (beyond Java's or C#'s wrapper around main) is one short function or query, textbook algorithms included
 * (simple); a class, or up to 60 lines, is a program with some design (medium); more is a program
 * with several parts (complex). A reference answer without code is not a code task: left out.
 */
export function labelCodeInstruction(output: string): Label | null {
  if (!hasCode(output)) return null;
  const lines = significantLines(output);
  // Java and C# wrap even one function in a class with a main(): that wrapper is not a design.
  const wrappers = /\bstatic\s+(async\s+)?(void|int|Task)\s+[Mm]ain\s*\(/.test(output) ? 1 : 0;
  const definesClass = (output.match(/\b(class|struct|interface)\s+[A-Z]\w*/g)?.length ?? 0) > wrappers;
  if (lines <= 20 && !definesClass) return label('simple', 'code', 'code-instruction: ≤ 20 lines of logic, no class');
  if (lines <= 60) return label('medium', 'code', 'code-instruction: a class or 21-60 lines of logic');
  return label('complex', 'code', 'code-instruction: > 60 lines of logic');
}

/** MBPP's train split (its README: 1-10 few-shot prompts, 11-510 test, 511-600 validation, 601-974 train). */
const MBPP_TRAIN = { first: 601, last: 974 } as const;

export function isMbppTrainTask(taskId: number): boolean {
  return taskId >= MBPP_TRAIN.first && taskId <= MBPP_TRAIN.last;
}

/**
 * MBPP, entry-level Python tasks: sized by the reference program like any code instruction set.
 * Only the train split is read; the test, validation and few-shot tasks are left out, and so is a
 * train task whose description is word for word one of theirs (MBPP repeats a few across splits).
 */
export function labelMbpp(taskId: number, text: string, code: string, heldOutTexts: ReadonlySet<string>): Label | null {
  return isMbppTrainTask(taskId) && !heldOutTexts.has(text.trim()) ? labelCodeInstruction(code) : null;
}

/**
 * A documented function from a public code base, given as signature + docstring to complete. A body
 * of up to 15 lines is one textbook function (simple); 16-50 lines needs some design (medium).
 */
export function labelDocstringCompletion(bodyLines: number): Label | null {
  if (bodyLines < 1 || bodyLines > 50) return null;
  return bodyLines <= 15 ? label('simple', 'code', 'docstring-completion: body ≤ 15 lines') : label('medium', 'code', 'docstring-completion: body 16-50 lines');
}

/** Role-play instructions (GPTeacher roleplay): a reply in character is original text of ordinary length. */
export function labelRoleplay(): Label {
  return label('medium', 'creative', 'roleplay: reply in character');
}

/** Persona names in "act as" prompts that are programs or programming tools: the work is on code, not a character. */
const TOOL_PERSONA = /\b(terminal|console|interpreter|compiler|sql|excel|regex|programmer|developer|engineer|javascript|python|php|git|linux|ascii|api|code|coder|stack ?overflow|devops|architect|solidity|ethereum|r programming|software|web design|ux|ui|cyber|it expert|tech)\b/i;

/** awesome-chatgpt-prompts: "act as <persona>" session openers. Personas are role-play (creative); tool personas are code. */
export function labelActAs(act: string, prompt: string): Label | null {
  if (!/\bact as\b/i.test(prompt)) return null;
  return TOOL_PERSONA.test(act) ? label('medium', 'code', 'act-as: persona is a programming tool') : label('medium', 'creative', 'act-as: persona role-play');
}

/**
 * PubMedQA (expert-labelled part): a study's abstract with its conclusion withheld, and the
 * research question it answers. Judging what the results show takes expert reading of a described
 * case, so it is complex/factual. Rows in the published test split are left out.
 */
export function labelPubMedQa(id: string, testIds: ReadonlySet<string>): Label | null {
  if (testIds.has(id)) return null;
  return label('complex', 'factual', 'pubmedqa: expert question on a described study (test split left out)');
}

/** The prompt a user would send: the abstract's sections under their headings, then the question. */
export function pubMedQaPrompt(question: string, sections: readonly string[], headings: readonly string[]): string {
  const body = sections.map((text, i) => (headings[i] ? `${headings[i]}: ${text}` : text)).join('\n\n');
  return `${body}\n\n${question}`;
}

/**
 * LeetCode problems (doocs/leetcode's copies), by the difficulty LeetCode gives each: Easy is one
 * short textbook function (simple), Medium a function that needs an algorithmic idea of its own
 * (medium), Hard a competition-level problem (complex), as LABELING.md places them.
 */
export function labelLeetCode(difficulty: string): Label | null {
  switch (difficulty) {
    case 'Easy':
      return label('simple', 'code', 'leetcode: difficulty Easy');
    case 'Medium':
      return label('medium', 'code', 'leetcode: difficulty Medium');
    case 'Hard':
      return label('complex', 'code', 'leetcode: difficulty Hard');
    default:
      return null;
  }
}

/**
 * App ideas (florinpop17/app-ideas), by the tier the collection gives each: a Beginner or
 * Intermediate app is a small program with some design, a few screens and rules (medium); an
 * Advanced one is a system of several components (complex).
 */
export function labelAppIdea(tier: string): Label | null {
  if (tier === '1-Beginner' || tier === '2-Intermediate') return label('medium', 'code', `app-ideas: tier ${tier}`);
  if (tier === '3-Advanced') return label('complex', 'code', 'app-ideas: tier 3-Advanced');
  return null;
}

/**
 * MedQuAD question types that ask for an explanation of several things about a condition: its
 * causes, symptoms, treatments, complications, course, genetics. Left out as LABELING.md places
 * them elsewhere: "What is X?" (a definition), "How to prevent/diagnose X" (how-tos), "Is X
 * inherited?" (yes or no), "Who is at risk" (a short list), and the rest (brand names, storage, dosage).
 */
const EXPLAINED_QTYPES = new Set(['causes', 'symptoms', 'treatment', 'complications', 'outlook', 'genetic changes', 'how does it work', 'stages']);

/**
 * MedQuAD (consumer health questions from NIH sites): a question of an explaining type whose
 * reference answer runs 60-400 words is a paragraph-length explanation (medium/factual). Shorter
 * answers, other types and the subsets published without answers are left out.
 */
export function labelMedQuad(qtype: string, answerWords: number): Label | null {
  if (!EXPLAINED_QTYPES.has(qtype) || answerWords < 60 || answerWords > 400) return null;
  return label('medium', 'factual', `medquad: ${qtype} question, answer of 60-400 words`);
}

/** ExpertQA's question types, as its annotators chose them (several per question, joined by "|"). */
const EXPERTQA_SCENARIO = 'Question that describes a hypothetical scenario and asks a question based on this scenario';
const EXPERTQA_SUMMARY = 'Summarization of information on a topic';

/** Sentences of a text: runs ending in ., ? or ! followed by space or the end. */
export function sentenceCount(text: string): number {
  return text.split(/(?<=[.?!])\s+/).filter((s) => s.trim() !== '').length;
}

/**
 * ExpertQA (questions written by experts in their own field), by the question types the authors
 * gave them. A hypothetical scenario described before the question (two sentences or more: the
 * case, then what is asked) is expert judgement on a described case (complex/factual); a request
 * to summarise what is known on a topic, and nothing else, is a paragraph-length explanation
 * (medium/factual). Mathematics is left out (its answers are derived, not recalled), as are the
 * other types (directed, open-ended, advice, opinion, resources), which mix one-fact lookups with
 * essays, and scenarios stated in one sentence, which are often general questions.
 */
export function labelExpertQa(questionTypes: string, field: string, question: string): Label | null {
  if (field === 'Mathematics') return null;
  const types = questionTypes.split('|').map((t) => t.trim());
  if (types.includes(EXPERTQA_SCENARIO)) return sentenceCount(question) >= 2 ? label('complex', 'factual', 'expertqa: hypothetical scenario described before the question') : null;
  if (types.length === 1 && types[0] === EXPERTQA_SUMMARY) return label('medium', 'factual', 'expertqa: summary of a topic, no other question type');
  return null;
}

/**
 * System design questions (donnemartin/system-design-primer), by the section that lists them: a
 * system design (a service of several components, its scale, storage and failure handling) is
 * system-level work (complex/code); an object-oriented design (a hash map, a parking lot, a deck
 * of cards) is a few classes with some design (medium/code).
 */
export function labelDesignQuestion(section: string): Label | null {
  if (section === 'system design') return label('complex', 'code', 'system-design-primer: system design question');
  if (section === 'object-oriented design') return label('medium', 'code', 'system-design-primer: object-oriented design question');
  return null;
}

/** Quantifiers and connectives of first-order logic as FOLIO writes them: each is a step a deduction must take. */
const FOL_OPERATORS = /[∀∃→↔⊕∧∨¬]/gu;

/** Operators in a story's premises, as annotated in first-order logic. */
export function folOperators(premisesFol: readonly string[]): number {
  return premisesFol.reduce((n, f) => n + (f.match(FOL_OPERATORS)?.length ?? 0), 0);
}

/**
 * FOLIO (premises, then a conclusion to judge true, false or unknown): a conclusion derived by
 * logic is reasoning. Its size is the deduction the premises carry, read from their first-order
 * annotation: two premises with at most four operators (two "all A are B", "if A then B") are one
 * syllogism (simple); six premises or more with more than twelve operators are a long chain whose
 * either/or, negations and nested conditionals pull against each other (complex); the rest is a
 * few steps along one line of thought (medium).
 */
export function labelFolio(premisesFol: readonly string[]): Label | null {
  const premises = premisesFol.length;
  if (premises === 0) return null;
  const operators = folOperators(premisesFol);
  if (premises <= 2 && operators <= 4) return label('simple', 'reasoning', 'folio: ≤ 2 premises, ≤ 4 FOL operators (one syllogism)');
  if (premises >= 6 && operators > 12) return label('complex', 'reasoning', 'folio: ≥ 6 premises, > 12 FOL operators');
  return label('medium', 'reasoning', 'folio: a few premises (the rest)');
}
