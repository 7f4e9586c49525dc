import { CUE_SLOTS } from './rules-lexicon';

/**
 * What wraps a request does not change its label: answer options after a question, a passage
 * pasted after it or under a heading, an instruction template's preamble and its input and response
 * slots, a harness's labels, a framing persona or an announcing preamble before the request, an
 * instruction on how to answer after it, tests to pass, code between fences and a pasted traceback
 * (eval_data/LABELING.md, "Formats"). The scan counts every part of the prompt as it goes and
 * tells this ledger where each part begins; the ledger keeps what the wrapping parts added and takes
 * it out of the request's counts at the end. Code shape (fences, definitions, code marks) is not
 * taken out: code pasted as material still makes the work a work on code.
 */

/** The kinds of part a prompt is read in. */
export const Part = {
  request: 0,
  /** Text under a label or heading ("Passage:", "### Input:"): material for the request to work on. */
  material: 1,
  /** Prose after a question and a blank line: material if it reads as a passage (no question, list, code, "I" or "you"). */
  passage: 2,
  /** Answer options ("A) 12", "(b) Paris", "Options:"): choices, if they are short and ask nothing. */
  options: 3,
  /** A template's preamble, its response slot: no part of the request. */
  wrapper: 4,
  /** Worked examples after an instruction ("Input: ... Output: ..."): a text task's if they hold no program text and no numbers (a program's data). */
  examples: 5,
  /**
   * Tests written out for the answer to pass (`assert f(2) == 4`), with the sentence introducing them
   * ("Your code should pass these tests:"): the specification's examples, as a docstring's are.
   */
  tests: 6,
  /** Code between fences: program text to work on. Its words are not the request's (a function named `mean` asks for no explanation). */
  code: 7,
} as const;
export type PartKind = (typeof Part)[keyof typeof Part];

/** Who a framing persona names: none, an assistant (no character at all), or an expert of some kind. */
export const Framing = { none: 0, assistant: 1, expert: 2 } as const;
export type Framing = (typeof Framing)[keyof typeof Framing];

/**
 * "You are a helpful assistant.", "You are an expert Python programmer, and here is your task:": a
 * capacity named before the request, as system prompts and evaluation harnesses write it. A
 * character in a scene ("You are a pirate captain negotiating...") or a role to keep up ("act as a
 * terminal") is role-play and is not matched here.
 */
const FRAMING_PERSONA =
  /\s*you(?: are|'re|’re) (?:a|an) (?:[\w+#-]+ ){0,4}?(assistant|expert|specialist|professional|consultant|advisor|adviser|analyst|programmer|developer|engineer|coder|mathematician|statistician|scientist|researcher|tutor|teacher|professor|doctor|physician|lawyer|attorney|accountant|editor|translator)s?(?: (?:in|of|for|on|at|with|specializing in|specialising in) [\w'+#-]+(?: [\w'+#-]+){0,4})?(?:,? and (?:here is|here's|this is) your task)?\s*[.:!\n]\s*/iy;

const TWO_WORDS = /\w+\W+\w+/;

/**
 * Where the request after a framing persona that opens at `from` begins (the prompt's start, or
 * after a "Question:" heading), and who the persona is; undefined when there is none or nothing follows it.
 */
export function framingPersona(text: string, from: number): { end: number; framing: Framing } | undefined {
  FRAMING_PERSONA.lastIndex = from;
  const match = FRAMING_PERSONA.exec(text);
  if (match === null) return undefined;
  const end = from + match[0].length;
  if (!TWO_WORDS.test(text.slice(end))) return undefined;
  return { end, framing: match[1]!.toLowerCase() === 'assistant' ? Framing.assistant : Framing.expert };
}

/** The counts that measure a request's size and kind, which wrapping must not add to. */
interface Counted {
  words: number;
  numbers: number;
  arithmetic: number;
  separators: number;
  sentences: number;
  questionMarks: number;
  listItems: number;
  years: number;
  premiseWords: number;
  rates: number;
  codeMarks: number;
  cues: Int32Array;
}

/** The counts taken out of the request with the wrapping, in the order of their slots in a reading. */
const SUBTRACTED = ['words', 'numbers', 'arithmetic', 'separators', 'sentences', 'questionMarks', 'listItems', 'years', 'premiseWords', 'rates'] as const satisfies readonly (keyof Counted)[];

// Slots of a reading: the counts taken out of the request, then three read only to judge a part, then the cues.
const WORDS = SUBTRACTED.indexOf('words');
const NUMBERS = SUBTRACTED.indexOf('numbers');
const QUESTION_MARKS = SUBTRACTED.indexOf('questionMarks');
const LIST_ITEMS = SUBTRACTED.indexOf('listItems');
const CODE_MARKS = SUBTRACTED.length;
const OPTION_MARKS = CODE_MARKS + 1;
const PERSONAL = CODE_MARKS + 2;
const CUES_AT = CODE_MARKS + 3;
const SIZE = CUES_AT + CUE_SLOTS;

/** An option is a word or a short phrase; longer parts are sub-tasks or alternatives to weigh, not choices. */
const MAX_WORDS_PER_OPTION = 8;
/** A pasted passage is at least a sentence. */
const MIN_PASSAGE_WORDS = 8;

export class Ledger {
  part: PartKind = Part.request;
  /** Answer-option markers read so far ("A)", "(b)", "c."). */
  optionMarks = 0;
  /** First- and second-person words read inside a tentative passage: a request going on, not a pasted text. */
  personal = 0;
  /** A heading named the request ("### Instruction:", "Question:"): "Input:" and "Output:" are then slots of a template. */
  template = false;
  /** Labelled material was set aside: the request works on a given text. */
  material = false;
  /** Where the request read last ended (the index of the next part's start; -1: the prompt's end), and whether on what one thing holds ("in a banana?"). */
  requestEnd = -1;
  requestPerItem = false;
  // Allocated when a prompt first shows wrapping: most prompts have none and cost nothing here.
  private start: Int32Array | undefined;
  private excluded: Int32Array | undefined;
  /** The counts where the request's last sentence began, and that sentence's index: a sentence may turn out to introduce tests. */
  private sentence: Int32Array | undefined;
  private sentenceAt = 0;

  /**
   * Ends the current part and begins `part` at index `at`. Unless the part ended is set aside as
   * wrapping, it was the request (or is read as part of it), which then ended there.
   */
  enter(part: PartKind, s: Counted, at: number, onItem: boolean): void {
    if (!(this.part !== Part.request && this.settle(s))) {
      this.requestEnd = at;
      this.requestPerItem = onItem;
    }
    if (part !== Part.request) this.start = this.read(s, this.start);
    this.part = part;
  }

  /** A sentence of the request begins at index `at`. */
  markSentence(s: Counted, at: number): void {
    if (this.part !== Part.request) return;
    this.sentence = this.read(s, this.sentence);
    this.sentenceAt = at;
  }

  /**
   * The first test line begins at `at`. If the request's last sentence introduced it (ended in a
   * colon), the tests begin with that sentence (a passage or material expected after it did not begin).
   */
  enterTests(s: Counted, at: number, introduced: boolean, onItem: boolean): void {
    const inRequest = this.part === Part.request || ((this.part === Part.passage || this.part === Part.material) && this.isEmpty(s));
    if (!introduced || !inRequest || this.sentence === undefined) {
      this.enter(Part.tests, s, at, onItem);
      return;
    }
    this.requestEnd = this.sentenceAt;
    this.requestPerItem = false;
    this.start = this.sentence;
    this.sentence = undefined;
    this.part = Part.tests;
  }

  /** Nothing has been read in the current part yet. */
  isEmpty(s: Counted): boolean {
    return this.start !== undefined && s.words === this.start[WORDS];
  }

  /**
   * The request begins again here, after a heading naming it, a framing persona or an announcing
   * preamble: everything before it is set aside (a preamble, or material already). After an
   * instruction heading, the prompt is a template.
   */
  restartRequest(s: Counted, template: boolean): void {
    this.excluded = this.read(s, this.excluded);
    this.part = Part.request;
    if (template) this.template = true;
    this.requestEnd = -1;
  }

  /**
   * Takes the wrapping out of the request's counts, once the last part has been ended; false (and
   * nothing changed) when nothing of a request would be left, as when a whole prompt sits under one label.
   */
  subtractFrom(s: Counted): boolean {
    const ex = this.excluded;
    if (ex === undefined || ex[WORDS]! >= s.words) return false;
    for (let k = 0; k < SUBTRACTED.length; k++) s[SUBTRACTED[k]!] -= ex[k]!;
    for (let c = 0; c < CUE_SLOTS; c++) s.cues[c]! -= ex[CUES_AT + c]!;
    return true;
  }

  /** Adds the part just read to what is set aside, if it is the wrapping it looked like. */
  private settle(s: Counted): boolean {
    const start = this.start!;
    const now = this.read(s, undefined);
    if (!this.accepts(start, now)) return false;
    const ex = (this.excluded ??= new Int32Array(SIZE));
    for (let k = 0; k < SIZE; k++) ex[k]! += now[k]! - start[k]!;
    if (this.part === Part.material) this.material = true;
    return true;
  }

  private read(s: Counted, into: Int32Array | undefined): Int32Array {
    const v = into ?? new Int32Array(SIZE);
    for (let k = 0; k < SUBTRACTED.length; k++) v[k] = s[SUBTRACTED[k]!];
    v[CODE_MARKS] = s.codeMarks;
    v[OPTION_MARKS] = this.optionMarks;
    v[PERSONAL] = this.personal;
    v.set(s.cues, CUES_AT);
    return v;
  }

  /** Whether the part just read is the wrapping it looked like, judged on what it held. */
  private accepts(start: Int32Array, now: Int32Array): boolean {
    const delta = (k: number): number => now[k]! - start[k]!;
    switch (this.part) {
      case Part.passage:
        return delta(QUESTION_MARKS) === 0 && delta(LIST_ITEMS) === 0 && delta(CODE_MARKS) <= 1 && delta(PERSONAL) === 0 && delta(WORDS) >= MIN_PASSAGE_WORDS;
      case Part.options: {
        const options = delta(OPTION_MARKS) + delta(LIST_ITEMS);
        return delta(QUESTION_MARKS) === 0 && options >= 2 && delta(WORDS) <= MAX_WORDS_PER_OPTION * options;
      }
      case Part.examples:
        return delta(CODE_MARKS) === 0 && delta(NUMBERS) === 0;
      default:
        return true;
    }
  }
}
