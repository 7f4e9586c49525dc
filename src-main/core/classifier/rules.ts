import { CATEGORIES } from '../../../src-shared/labels';
import type { Category, Classification, Complexity } from '../../../src-shared/labels';
import { Cue, Logic, lookup } from './rules-lexicon';
import { Form, scan, type Scan } from './rules-scan';
import { Framing } from './rules-wrapping';
import type { Classifier } from './types';
import type { CancelSignal } from '../cancel-signal';

/**
 * Deterministic, dependency-free classifier over the definitions in eval_data/LABELING.md. It reads
 * a prompt's structure (numbers, formulas, code marks, docstrings, questions, list items, length)
 * and a small lexicon of cue words in one pass, then applies the definitions: the category from
 * the strongest evidence, the complexity by the rules of that category. Microseconds per prompt.
 */
export class RulesClassifier implements Classifier {
  readonly strategy = 'rules';

  async classify(prompt: string, signal?: CancelSignal): Promise<Classification> {
    signal?.throwIfAborted();
    return this.classifySync(prompt);
  }

  classifySync(prompt: string): Classification {
    const { complexity, category, confidence } = rulesEvidence(prompt);
    return { complexity, category, confidence, strategy: this.strategy };
  }
}

/** Everything the rules saw and concluded: the embedding head takes it as features. */
export interface RulesEvidence {
  scan: Scan;
  categoryScores: Record<Category, number>;
  /** Position on the simple → complex scale (simple below 1, complex from 2). */
  complexityIndex: number;
  complexity: Complexity;
  category: Category;
  confidence: number;
}

export function rulesEvidence(prompt: string): RulesEvidence {
  const premise = WRITING_PROMPT_TAG.exec(prompt);
  const s = scan(premise === null ? prompt : `Write a story: ${prompt.slice(premise[0].length)}`);
  let scores = categoryScores(s);
  let [category, categoryP] = pickCategory(scores);
  // Nobody role-plays a program or a solution: they are judged right or wrong whoever writes them.
  // An answer or a story from an expert persona is judged on its voice too: role-play.
  if (s.framing === Framing.expert && (category === 'factual' || category === 'creative')) {
    s.personaOpening = true;
    s.cues[Cue.rolePlay]!++;
    scores = categoryScores(s);
    [category, categoryP] = pickCategory(scores);
  }
  const index = complexityIndex(category, s);
  const [complexity, complexityP] = pickComplexity(index);
  return { scan: s, categoryScores: scores, complexityIndex: index, complexity, category, confidence: round3(categoryP * complexityP) };
}

/**
 * A writing prompt as story-writing forums tag it ("[WP] You wake up one morning and...", [SP] a
 * simple prompt, [EU] an existing universe, [CW] constrained writing): a premise for a story to write,
 * whatever it reads like without its tag.
 */
const WRITING_PROMPT_TAG = /^\s*\[(?:WP|SP|EU|CW|TT|FF|PI|RF|IP)\]\s*/i;

const cue = (s: Scan, name: keyof typeof Cue, cap = 3): number => Math.min(s.cues[Cue[name]]!, cap);
const logic = (s: Scan, name: keyof typeof Logic, cap = 3): number => Math.min(s.cues[Logic[name]]!, cap);

/** Evidence for each category, on one additive scale. */
function categoryScores(s: Scan): Record<Category, number> {
  const logicProblem = isLogicProblem(s);
  // Premises that name a court or a study are still premises: the answer is deduced, not judged.
  const caseLike = logicProblem ? 0 : caseDetail(s);
  // A described case is full of numbers (ages, lab values, amounts) that are not there to compute with.
  // Quantities in words ("twelve", "twice") count as givens once a quantity is asked for.
  const givens = s.numbers + (asksQuantity(s) ? cue(s, 'numberWord', 6) : 0);
  // A request that opens by asking for a piece of writing ("Write a play for four actors, about 20
  // minutes") sets lengths and counts to meet; a quantity asked for makes it a problem again.
  const toProduce = opensWithWriteVerb(s) && cue(s, 'quantityQuestion', 1) === 0;
  // A case's particulars set out and a question that asks for no quantity, with nothing to calculate
  // ("...Her INR is 2.8. How should her anticoagulation be managed?"): its numbers describe the case.
  // Years given may be dates to count from ("...in 2025. When did they meet?").
  const caseOnly = caseLike > 0 && isDescribedCase(s) && !asksQuantity(s) && s.arithmetic === 0 && s.years === 0 && cue(s, 'mathTerm', 1) === 0 && cue(s, 'wordProblem', 2) < 2;
  // Numbers are not there to compute with in a described case, nor in a piece of writing asked for.
  const numbersAreGivens = caseLike < 3 && !caseOnly && !toProduce && !asksForAProgram(s) && !isProgrammingProblem(s) && !isSoftwareSpec(s);
  const numbersToCompute = numbersAreGivens ? Math.min(givens, 6) : 0;
  const code =
    // Input and output specified under their own headings: the answer is the program that maps one to the other.
    (isProgrammingProblem(s) ? 10 : 0) +
    // Requirements written as user stories: what is asked for is the software that meets them.
    (isSoftwareSpec(s) ? 6 : 0) +
    (isSystemDesign(s) ? 4 : 0) +
    (s.codeFences > 0 ? 6 : 0) +
    (s.docstring ? 4 : 0) +
    2.5 * Math.min(s.definitions, 2) +
    2.5 * cue(s, 'codeLanguage', 2) +
    2.5 * Math.max(cue(s, 'codeRequest', 1), statesAContract(s) ? 1 : 0) +
    1.2 * cue(s, 'codeTerm', 4) +
    0.8 * cue(s, 'codeSystem', 2) +
    1.5 * Math.min(s.identifiers, 2) +
    0.4 * Math.min(s.codeMarks, 10) +
    (s.indentedLines >= 2 ? 1.5 : 0);
  const reasoning =
    (numbersAreGivens ? 2 * Math.min(s.arithmetic, 2) + 0.8 * cue(s, 'wordProblem', 4) : 0) +
    1.2 * Math.min(s.mathMarks, 4) +
    1.3 * cue(s, 'mathTerm', 4) +
    (numbersToCompute >= 2 ? 1 + 0.5 * numbersToCompute : 0) +
    // A quantity asked of a given one ("how many legs do 5 spiders have?"): one operation to carry out, not a fact to recall.
    (numbersToCompute === 1 && s.years === 0 && cue(s, 'quantityQuestion', 1) > 0 ? 2 : 0) +
    3 * (asksForEstimate(s) ? 1 : 0) +
    (isEstimate(s) ? 3 : 0) +
    3 * cue(s, 'proof', 1) +
    1.2 * cue(s, 'comparison', 2) +
    (logicProblem ? LOGIC_PROBLEM : 0);
  // "Who wrote the novel...?", "which song won...?", "Recommend three novels...": existing works named
  // by their form; so are forms named in a situation set out before a question ("The data includes
  // names and emails. What...?").
  const lookedUp = looksUpAForm(s) || s.first === 'recommend' || (isDescribedCase(s) && cue(s, 'writeVerb', 1) === 0 && s.formsToInvent === 0);
  const creative =
    (lookedUp ? 0 : 3 * cue(s, 'shortCreative', 1) + 2.5 * cue(s, 'creativeForm', 2)) +
    3.5 * cue(s, 'rolePlay', 2) +
    // A persona set up first frames everything after it, whatever the persona's trade.
    (s.personaOpening ? 4 : 0) +
    (asksForWriting(s) ? (s.firstForm === Form.writing ? NAMED_WRITING : WRITING_REQUEST) : cue(s, 'writeVerb', 1) > 0 && cue(s, 'codeTerm', 1) === 0 && cue(s, 'codeSystem', 1) === 0 && s.firstForm !== Form.content ? 1 : 0);
  const factual =
    1 +
    // A plan, a recipe or a table asked for is judged on what it gets right.
    (s.firstForm === Form.content && opensWithWriteVerb(s) ? 1 : 0) +
    // Summarising or translating a text literally is factual work on it (tie-break 5), whatever the text is about.
    (LITERAL_OPENINGS.has(s.first) ? 3 : 0) +
    (cue(s, 'question', 1) > 0 && s.words <= 25 ? 1 : 0) +
    1.5 * Math.min(Math.max(s.cues[Cue.explain]! - s.cues[Cue.howTo]!, 0), 2) +
    // A piece of writing asked for about a patient or a trial is a story, not a case put to an expert.
    (caseLike >= 2 && !(toProduce && cue(s, 'creativeForm', 1) > 0) ? 1.5 * caseLike : 0) +
    // A situation set out and a question about it, with nothing to compute (no quantity asked, no
    // maths terms, fewer than two givens): a case for an expert (tie-break 4).
    (isDescribedCase(s) && !logicProblem && numbersToCompute < 2 && !toProduce && cue(s, 'quantityQuestion', 1) === 0 && cue(s, 'mathTerm', 2) < 2 ? CASE_BONUS : 0);
  return { factual, reasoning, creative, code };
}

/**
 * A logic problem: statements to reason from and a conclusion asked about ("...are all A definitely
 * C?", "is the conclusion true, false or unknown?", "does it follow that..."), places in an
 * arrangement under constraints ("Ben sits immediately to the right of Carla... Who sits in the
 * middle?", "Ann is taller than Bo. Bo is taller than Cy. Who is shortest?", "each owns a different
 * pet..."), or a puzzle of truth-tellers and liars. The answer is derived by logic (LABELING.md:
 * reasoning), not recalled, and its statements are premises, not a case for an expert. Not when
 * a quantity is asked (a word problem's "if") or the request is code or formulas.
 */
function isLogicProblem(s: Scan): boolean {
  if (cue(s, 'quantityQuestion', 1) > 0 || s.mathMarks > 0 || s.codeFences > 0 || s.definitions > 0 || s.docstring) return false;
  if (logic(s, 'question', 1) > 0 && logic(s, 'question', 2) + logic(s, 'connective', 1) >= 2) return true;
  if (logic(s, 'truthTeller', 2) >= 2 && s.questionMarks > 0) return true;
  // Two orders stated pairwise make a line to rebuild, unless quantities make it a word problem ("Ann is 3 years older than Bo...").
  // Things shared out one each, with some ruled out ("each owns a different pet... Ann does not own the
  // dog"), make a grid to fill in.
  const placed =
    logic(s, 'arrangement', 3) >= 3 || (logic(s, 'order', 2) >= 2 && s.numbers <= 1) || (logic(s, 'assignment', 1) > 0 && logic(s, 'connective', 1) > 0 && s.numbers === 0);
  // A rule and a fact stated, then one question that follows from them ("If it rains, the match is
  // cancelled. The match was not cancelled. Did it rain?"): nothing counted, nothing of a case.
  const ruled =
    s.premisesStated > 0 && logic(s, 'connective', 3) >= 2 && s.numbers === 0 && s.statementsBeforeQuestion >= 2 && s.questionMarks === 1 && cue(s, 'caseDetail', 1) === 0 && cue(s, 'codeSystem', 1) === 0 && !explains(s);
  return (placed || ruled) && s.endsWithQuestion && premiseCount(s) >= 2 && cue(s, 'caseDetail', 2) < 2;
}

/** More than a proof asked for (3): what the premises talk of (a court, a study, a story) must not outweigh what is asked of them. */
const LOGIC_PROBLEM = 5;

/**
 * The statements set out before the question (all of them when the question comes first): the
 * premises or constraints to reason from. A conclusion quoted after the question is not one.
 */
function premiseCount(s: Scan): number {
  // Premises listed one an item are counted as listed: a conclusion set out after them is not one.
  if (s.listItems > 0) return s.listItems;
  return Math.max(s.statementsBeforeQuestion > 0 ? s.statementsBeforeQuestion : s.sentences - s.questionMarks, 1);
}

/**
 * A logic problem is sized by the deduction it takes: one syllogism (two premises, a few
 * quantifiers and connectives) is one step (simple); several premises or constraints, or a puzzle
 * of truth-tellers and liars, are a few steps along one line of thought (medium); a long chain whose either/or, negations and nested
 * conditionals pull against each other is complex.
 */
function logicIndex(s: Scan): number {
  const premises = premiseCount(s);
  const connectives = logic(s, 'connective', 40);
  // Who lies and who tells the truth is settled only by trying each assignment against every statement.
  if (logic(s, 'truthTeller', 2) >= 2) return Math.max(1.3, 0.9 + 0.15 * Math.min(premises, 10));
  if (premises <= 2 && connectives <= 5) return 0.5;
  // Each premise is a step of the chain; each quantifier or connective a little more to keep straight.
  return 0.9 + 0.15 * Math.min(premises, 10) + 0.03 * connectives;
}

/**
 * A quantity asked with two or more given ("...how long does it take to fill the tank?"): computed,
 * whatever vocabulary the story borrows from a case (pipes, doses, loads).
 */
function computesAQuantity(s: Scan): boolean {
  return cue(s, 'quantityQuestion', 1) > 0 && s.numbers >= 2;
}

/** A case's particulars named (a patient, a contract, a load), unless they are the setting of a computation. */
function caseDetail(s: Scan): number {
  return computesAQuantity(s) ? 0 : cue(s, 'caseDetail', 6);
}

/**
 * A text asked for by the opening verb ("Write a product description...", "Draft a bio for...") is
 * original writing, judged on style: when the first thing it names is a piece of writing ("Write a
 * cover letter... I know Python and React"), or it names no program and is not an explanation, a
 * proof or a piece of maths.
 */
function asksForWriting(s: Scan): boolean {
  if (!opensWithWriteVerb(s) || s.firstForm === Form.content) return false;
  if (s.firstForm === Form.writing) return true;
  const named = s.firstForm === Form.program || cue(s, 'codeLanguage', 1) > 0 || cue(s, 'codeTerm', 1) > 0 || cue(s, 'codeSystem', 1) > 0;
  return !named && !explains(s) && cue(s, 'proof', 1) === 0 && s.mathMarks === 0 && s.numbers < 2 && cue(s, 'mathTerm', 2) < 2;
}

/** As strong as naming a creative form: the opening verb asks for the writing itself. */
const WRITING_REQUEST = 2.5;
/** The piece of writing named as the thing to produce outranks the languages and tools it is about, as a persona opening does. */
const NAMED_WRITING = 4;

/**
 * A program asked for by name ("a regex that matches...", "a Python script that..."): its numbers are
 * data and examples for the program, not givens to compute with. Formula notation keeps a maths
 * problem's "a function f such that..." a maths problem.
 */
function asksForAProgram(s: Scan): boolean {
  return (cue(s, 'codeRequest', 1) > 0 && cue(s, 'codeTerm', 1) > 0 && s.mathMarks === 0) || statesAContract(s);
}

/**
 * "Given an array of integers nums and an integer target, return the indices of...": what a function
 * takes and what it returns, stated as a programming problem states it. Program terms or program text
 * beside the "return" (an array, a string, `prices[i]`) tell it from a shop's returns.
 */
function statesAContract(s: Scan): boolean {
  return s.returnsResult && cue(s, 'codeTerm', 3) + Math.min(s.codeMarks + s.identifiers, 1) >= 3 && !s.personaOpening;
}

/** "How many...", "how old...", or a question for a magnitude ("what is the depth...", "what does the lamp cost?"). */
function asksQuantity(s: Scan): boolean {
  return cue(s, 'quantityQuestion', 1) > 0 || (cue(s, 'question', 1) > 0 && cue(s, 'magnitude', 1) > 0);
}

/** Words that set out a situation at a case's length, with no particulars named. */
const DESCRIBED_CASE_WORDS = 30;

/** A described case is as strong evidence for factual as a question about it is for the question's own kind. */
const CASE_BONUS = 2;

/**
 * "what was the name of the original team?", "who is her husband's name": a question about an
 * existing name or title, a lookup, unless it asks for one to be invented ("what's a good name
 * for my bakery?").
 */
function looksUpAForm(s: Scan): boolean {
  return QUESTION_OPENINGS.has(s.first) && s.formsToInvent === 0 && cue(s, 'writeVerb', 1) === 0;
}

const QUESTION_OPENINGS = new Set(['what', 'whats', 'who', 'whos', 'whose', 'which', 'when', 'where']);

const LITERAL_OPENINGS = new Set(['summarize', 'summarise', 'translate']);

function opensWithWriteVerb(s: Scan): boolean {
  return ((lookup(s.first) ?? 0) & (1 << Cue.writeVerb)) !== 0;
}

/**
 * A programming problem: the statement, then the input and the output under their own headings
 * (examples, or a contest's format), written as program data (`nums = [3,1]`, `1 <= n`, `nums[i]`).
 * Its numbers are sample data and bounds, not givens to compute with; a contest's statement in prose
 * ("a string s of length n... Print one integer") names program terms instead. Input/output pairs in plain
 * words are examples of a text task ("Input: the soup was cold / Output: negative"), not a program.
 */
function isProgrammingProblem(s: Scan): boolean {
  return s.ioHeadings === 3 && (s.codeMarks >= 2 || s.identifiers > 0 || cue(s, 'codeTerm', 2) >= 2);
}

/** Two or more requirements written as user stories ("User can...", "User should..."): a software specification. */
function isSoftwareSpec(s: Scan): boolean {
  return cue(s, 'userStory', 2) >= 2;
}

/**
 * A situation described in one or more statements, then the question it leads up to ("A tenant
 * stopped paying rent three months ago and ... What can the landlord do?"): the answer must weigh
 * the particulars, as an expert does for a case, not recall one fact.
 */
function isDescribedCase(s: Scan): boolean {
  // Beside material under its label, the statements are instructions about the text, not a situation.
  return s.endsWithQuestion && s.sentences > s.questionMarks && s.words >= 15 && !s.material;
}

/**
 * "Design a web crawler", "Design a notification service for a million users", "Design Twitter":
 * the architecture of a software system asked for, however short the request (system-level code,
 * complex); a product named is a system at its scale. A "simple" or "basic" one, a class or a
 * function asked for by name, or a piece of writing, is not at that scale.
 */
function isSystemDesign(s: Scan): boolean {
  const system = cue(s, 'systemScale', 1) > 0 || (s.namesProduct && cue(s, 'creativeForm', 1) === 0 && cue(s, 'shortCreative', 1) === 0);
  return (s.first === 'design' || s.first === 'architect') && system && cue(s, 'small', 1) === 0 && cue(s, 'codeRequest', 1) === 0 && s.definitions === 0;
}

/** An explanation asked for: "how do I..." is a how-to, not an explanation. */
function explains(s: Scan): boolean {
  return s.cues[Cue.explain]! > s.cues[Cue.howTo]!;
}

/**
 * "Estimate...", "roughly how many...": an estimate asked for by name; "How many piano tuners are in
 * Chicago? Think step by step." by the working asked for a quantity. "Let's think step by step" after
 * any other question is how an evaluation harness asks for the working, and names no derivation.
 */
function asksForEstimate(s: Scan): boolean {
  return cue(s, 'estimate', 1) > 0 || (s.stepByStep && cue(s, 'quantityQuestion', 1) > 0 && s.numbers === 0);
}

/**
 * A quantity asked for with at most one given, under a hypothetical or at a scale no one has
 * counted: a Fermi estimate, several assumptions multiplied out. One given that is a rate ("3 km
 * every morning") is applied over the span asked about, a word problem's one operation. An amount in a unit of measure
 * ("how many gallons of paint...", "how much energy...") is measured, not looked up, unless it is
 * one unit in another ("how many ounces are in a pound": a conversion) or what one named thing
 * holds ("how many calories are in a banana": a lookup).
 */
function isEstimate(s: Scan): boolean {
  const quantityQuestion = cue(s, 'quantityQuestion', 1) > 0;
  // Asked in the opening words, as estimates are ("what is the mass of..."), not anywhere a magnitude word occurs.
  const asked = quantityQuestion || ((s.first === 'what' || s.first === 'whats') && cue(s, 'magnitude', 1) > 0);
  const measured = (cue(s, 'unit', 1) > 0 || (quantityQuestion && cue(s, 'magnitude', 1) > 0)) && !s.conversion && !s.perItem;
  const givens = s.numbers + cue(s, 'numberWord', 2);
  // With nothing given, a premise or a sum ("if...", "the total...") or a rate ("each day") sets a scale to estimate over.
  const hypothetical = cue(s, 'hypothetical', 1) > 0 || (givens === 0 && s.premiseWords + s.rates > 0);
  // One given and a rate ("3 km every morning", "$60 a month"): the given is the rate, applied over a span.
  return asked && (hypothetical || measured) && (givens === 0 || (givens === 1 && s.rates === 0)) && cue(s, 'caseDetail', 2) < 2;
}

/**
 * Position on the simple → complex scale (below 1 simple, from 2 complex), by the rules of the
 * category: what makes a code task big is not what makes a story or a maths problem hard.
 */
function complexityIndex(category: Category, s: Scan): number {
  // A programming problem's "Input:" examples are its specification, not a text to work on.
  return sizeIndex(category, s) + (s.material && !isProgrammingProblem(s) ? MATERIAL_BONUS : 0);
}

/** Words from which a "what are..." question asks for several things explained rather than a short list looked up. */
const SEVERAL_MIN_WORDS = 10;

/** A system's architecture asked for: complex, with a margin over the boundary. */
const SYSTEM_DESIGN_INDEX = 2.3;

/** Tests asked for beside the code: a second deliverable that must agree with the first. */
const TESTS_BONUS = 0.7;

/** Working on a given text is a little more than answering from memory. */
const MATERIAL_BONUS = 0.3;

function sizeIndex(category: Category, s: Scan): number {
  const words = s.taskWords;
  const constraints = cue(s, 'constraint', 8) + s.listItems;
  const breadth = cue(s, 'breadth', 4);
  // Many parts listed in a long request: each is something more the answer must get right.
  const multiPart = words >= 30 && s.taskSeparators + 2 * s.listItems >= 4 ? 0.8 : 0;
  switch (category) {
    case 'code': {
      if (isProgrammingProblem(s)) return programmingProblemIndex(s);
      // A persona set up first ("act as a Linux terminal"): each answer is one reply in character.
      if (s.personaOpening) return 1.4;
      if (isSystemDesign(s)) return SYSTEM_DESIGN_INDEX;
      // A specification in user stories is a program with some design; 13 stories and more make it a system.
      if (isSoftwareSpec(s)) return 1.1 + 0.07 * cue(s, 'userStory', 20);
      // Completing a documented function is one textbook piece unless the docstring specifies a lot.
      if (s.docstring && s.definitions > 0) return words > 100 ? 1.3 : 0.4;
      // One function or query is simple; a class, an app or a service has some design; many
      // requirements (an enumeration of them, constraints, breadth words) make it a system.
      const system = cue(s, 'codeSystem', 3);
      // The request is what comes before any blank line; the input or code pasted after it is material.
      const requestWords = Math.min(words, s.leadWords);
      return (
        0.3 +
        0.25 * Math.log1p(Math.max(requestWords - 20, 0)) +
        (system > 0 ? 0.75 + 0.25 * (system - 1) : 0) +
        0.12 * Math.min(s.taskSeparators, s.leadSeparators, 10) +
        0.2 * Math.min(constraints, 8) +
        0.35 * breadth +
        // Code plus an explanation of it ("...and explain its complexity", "why does this throw?") is two deliverables.
        (explains(s) ? 1.2 : 0) +
        // Tests written out for the answer to pass are its examples; only tests asked for are a second deliverable.
        (cue(s, 'tests', 1) > 0 && s.givenTests === 0 ? TESTS_BONUS : 0) +
        (s.codeFences > 0 ? 0.3 : 0)
      );
    }
    case 'reasoning': {
      if (isLogicProblem(s)) return logicIndex(s);
      if (cue(s, 'proof', 1) > 0) return 2.5;
      // Competition problems are written in formula notation; the harder ones are longer and denser.
      // "How many" asks for a count in a competition problem as much as in a shopping story.
      const story = cue(s, 'wordProblem', 4) - cue(s, 'quantityQuestion', 4);
      if (s.mathMarks >= 2 || (cue(s, 'mathTerm', 4) >= 2 && story <= 0 && s.numbers <= 2)) {
        return 1.4 + 0.02 * Math.min(words, 60) + 0.05 * Math.min(s.mathMarks, 16);
      }
      // Quantities given, in digits or words ("twice", "seventeen").
      const quantities = Math.min(s.numbers + cue(s, 'numberWord', 10), 10);
      // An estimate from assumed quantities: several steps, none given.
      // One given and a quantity asked for ("how many legs do 5 spiders have?", "how many minutes in 3.5
      // hours?") is one operation with a known constant; an estimate says so or gives nothing to work from.
      const oneOperation = quantities === 1 && cue(s, 'quantityQuestion', 1) > 0;
      if (isEstimate(s) || (quantities <= 1 && (asksForEstimate(s) || (cue(s, 'wordProblem', 1) > 0 && !oneOperation)))) return 1.5 + 0.3 * breadth;
      // A bare expression ("what is 17 * 23?") is one operation.
      if (s.arithmetic > 0 && words <= 8) return 0.3;
      // A word problem: the quantities given and the length of the story track the steps needed.
      // Options weighed, reasons explained, an analysis asked for: a decision or an argument, not
      // a story with numbers, and however short a comparison on a few points at least ("pros and cons
      // of X versus Y"). In a long request with many parts it is a multi-part synthesis.
      const deliberation = cue(s, 'comparison', 2) + cue(s, 'explain', 2) + breadth;
      if (deliberation >= 2) return 1.3 + multiPart + 0.1 * Math.min(quantities, 5);
      if (quantities <= 3) return 0.6;
      return Math.min(1.2 + 0.1 * Math.max(quantities - 3, 0) + 0.01 * Math.max(words - 40, 0) + 0.4 * breadth, 1.9);
    }
    case 'creative': {
      // A short form (slogan, tweet, haiku) or a length of a few lines is a short piece; "short" alone
      // does not make a story, poem or letter one (LABELING.md: those are of ordinary length).
      const forms = cue(s, 'creativeForm', 4);
      const short = cue(s, 'shortCreative', 1) > 0 || cue(s, 'fewLines', 1) > 0 || (cue(s, 'small', 1) > 0 && forms === 0);
      if (cue(s, 'rolePlay', 1) > 0) return 1.3 + 0.1 * Math.min(constraints, 6) + (words > 250 ? 0.6 : 0);
      // So is a one-line request that names no form of ordinary length (a toast, a card message, a pickup line).
      if ((short && words <= 40 && forms <= 1) || (forms === 0 && words <= 12)) return 0.4;
      // Each form asked for beyond the first is another deliverable; each number a length or count to meet.
      const quantities = Math.min(s.numbers + cue(s, 'numberWord', 4), 4);
      return (
        1.1 +
        0.15 * Math.min(constraints, 10) +
        0.05 * Math.min(s.taskSeparators, 10) +
        0.2 * breadth +
        0.25 * Math.max(forms - 1, 0) +
        0.12 * quantities +
        multiPart +
        // Every clause of a brief past a one-sentence request is another requirement to meet.
        0.02 * Math.min(Math.max(words - 20, 0), 40) +
        (words > 150 ? 0.5 : 0)
      );
    }
    case 'factual': {
      const caseLike = caseDetail(s);
      if (caseLike >= 3 && words >= 40) return 2.3;
      // A situation set out in statements, then the question about it: a case put to an expert when
      // it has a case's particulars (a patient, a contract, a load) or takes 30 words to set out. A
      // line of everyday context before a question ("I'm in Kyoto in April. What should I see?") asks
      // for a paragraph that weighs it, not for the strongest model.
      if (isDescribedCase(s)) return caseLike >= 1 || words >= DESCRIBED_CASE_WORDS ? 2.2 : 1.3;
      if (s.listItems >= 3 || (breadth >= 2 && words >= 40)) return 2.1;
      // An explanation, two questions in one, or several things asked for at a question's full
      // length ("What are the main ways a small museum raises money...?") is a paragraph; one
      // short question is a lookup ("what are the colours of the French flag").
      let index = explains(s) || s.questionMarks >= 2 || (cue(s, 'several', 1) > 0 && words >= SEVERAL_MIN_WORDS) ? 1.3 : 0.3 + 0.04 * Math.max(words - 8, 0);
      index += 0.2 * breadth + 0.1 * Math.min(constraints, 5) + multiPart;
      return index;
    }
  }
}

/**
 * A programming problem is sized by what its solution must get right, as a judge's difficulty
 * follows it: inputs too large for the obvious method (sizes from 10^5 up: the solution needs an
 * algorithmic idea of its own), each condition stated (a longer statement, each constraint listed),
 * an optimum asked for (the minimum, the longest: a search or a dynamic programme, not one pass),
 * and the shapes of the hardest contest problems, an answer "modulo" a prime (a count too large to
 * write out) or many "queries" over the data. None of these alone makes a problem hard; together
 * they do.
 */
function programmingProblemIndex(s: Scan): number {
  return (
    -0.2 +
    (s.magnitude >= 5 ? 0.6 : 0) +
    0.01 * Math.min(Math.max(s.statementWords - 60, 0), 150) +
    0.15 * Math.min(s.listItems, 10) +
    0.6 * cue(s, 'optimum', 1) +
    1.2 * cue(s, 'contestScale', 1)
  );
}

/** Category: logistic in the lead over the runner-up at this scale. Complexity: logistic in the distance to the nearest boundary. */
const CATEGORY_SCALE = 1;
const SIMPLE_MAX = 1;
const COMPLEX_MIN = 2;
const COMPLEXITY_SCALE = 0.35;
/** At a boundary the tier is still better than a coin flip: only one neighbour competes with it. */
const COMPLEXITY_OFFSET = 0.1;

/** On a tie, specific evidence (code, maths, a creative form) beats the generic question default. */
const TIE_ORDER: readonly Category[] = ['code', 'reasoning', 'creative', 'factual'];

function pickCategory(scores: Record<Category, number>): [Category, number] {
  let best: Category = 'code';
  for (const c of TIE_ORDER) if (scores[c] > scores[best]) best = c;
  let runnerUp = -Infinity;
  for (const c of CATEGORIES) if (c !== best) runnerUp = Math.max(runnerUp, scores[c]);
  // Logistic in the margin over the runner-up: a tie is a coin flip, a clear lead near certain.
  return [best, 1 / (1 + Math.exp(-(scores[best] - runnerUp) / CATEGORY_SCALE))];
}

function pickComplexity(index: number): [Complexity, number] {
  const complexity: Complexity = index < SIMPLE_MAX ? 'simple' : index >= COMPLEX_MIN ? 'complex' : 'medium';
  const distance = complexity === 'simple' ? SIMPLE_MAX - index : complexity === 'complex' ? index - COMPLEX_MIN : Math.min(index - SIMPLE_MAX, COMPLEX_MIN - index);
  return [complexity, 1 / (1 + Math.exp(-(distance + COMPLEXITY_OFFSET) / COMPLEXITY_SCALE))];
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
