import { CUE_SLOTS, Cue, LOGIC_LEXICON, LOGIC_PAIRS, PAIRS, lookup } from './rules-lexicon';
import { Framing, Ledger, Part, framingPersona, type PartKind } from './rules-wrapping';

/** Long prompts are read up to here: a pasted 50 kB log says no more than its first 4 kB. */
const MAX_SCAN_CHARS = 4000;

/** What one pass over a prompt saw: its shape, and how often each cue's words occur. */
export interface Scan {
  chars: number;
  words: number;
  lines: number;
  sentences: number;
  questionMarks: number;
  /** Lines starting with "-", "*", "•" or "1." / "1)". */
  listItems: number;
  /** Digit runs (1,200 and 4.5 count once); an ordinal (3rd, 10th-grade) names a position, not a quantity, and does not count. */
  numbers: number;
  /** Operators between numbers ("2+2", "48 / 6"): arithmetic written out. */
  arithmetic: number;
  /** `$`, `\`, `^`: TeX and formula notation. */
  mathMarks: number;
  /** Commas, colons and semicolons in prose: the parts of an enumeration. */
  separators: number;
  /** `{ } ; = < >` and `()` pairs: program text. */
  codeMarks: number;
  /** snake_case or camelCase identifiers. */
  identifiers: number;
  codeFences: number;
  /** A docstring or doctest (`"""`, `'''`, `>>>`): a function to complete. */
  docstring: boolean;
  /** A line opening a definition: def, function, class, #include, public... */
  definitions: number;
  /** Lines that are a test the answer must pass (`assert f(2) == 4`): the specification's examples, given, not asked for. */
  givenTests: number;
  indentedLines: number;
  /** A persona set up in the opening words ("I want you to act as...", "You are a..."): role-play. */
  personaOpening: boolean;
  /** A capacity named before the request ("You are a helpful assistant."), set aside from it as wrapping. */
  framing: Framing;
  /**
   * Words and separators of the request itself, up to a label in code ("text: str") or a program's
   * "Input:". Words, numbers, separators, sentences, question marks, list items and cues count the
   * request alone: what wraps it (answer options, a passage pasted after it or under a label, an
   * instruction template's preamble, input and response slots) is set aside (rules-wrapping.ts).
   */
  taskWords: number;
  taskSeparators: number;
  /** Material to work on was given under a label ("Passage:", "### Input:"), or a label cut the request. */
  material: boolean;
  /** Words before the first blank line: the request, when input or code to work on follows it. */
  leadWords: number;
  leadSeparators: number;
  /**
   * Headings of a program's specification, each at the start of a line ("Input:", "Output:",
   * "-----Input-----"): bit 1 an input, bit 2 an output. Both: a programming problem.
   */
  ioHeadings: number;
  /** Words before the first heading of the examples or of the input (the problem statement itself). */
  statementWords: number;
  /** Numbers written as a year (four digits, 1000 to 2099): a date, a given only beside another. */
  years: number;
  /** Order of magnitude of the largest number written (6 for 250000 or 10^6): the size of inputs a program must handle. */
  magnitude: number;
  /** A unit of measure right after "in a" / "in one" ("how many ounces are in a pound"): a conversion, not an estimate. */
  conversion: boolean;
  /** A short creative form asked for by an indefinite ("a slogan", "some names", "a good title"): one to invent, not one to look up. */
  formsToInvent: number;
  /** The first thing the prompt names to produce: a piece of writing ("a cover letter", "a slogan"), a program ("a script", "an app") or content judged on what it gets right ("a plan", "a recipe"); the rest is what it is about. */
  firstForm: Form;
  /** The prompt ends with a question mark: whatever comes before it leads up to the question. */
  endsWithQuestion: boolean;
  /** The question ends on "in a <thing>" ("how many calories are in a banana?"): what one named thing holds, looked up, not estimated. */
  perItem: boolean;
  /** Sentences ended before the first question mark (-1 if none): the statements a question is asked about. */
  statementsBeforeQuestion: number;
  /**
   * "if", "total", "combined": with quantities given, the premise and the sum of a word problem ("If
   * I have 3 apples...", "how many in total?"); with none, a counterfactual or a scale to estimate
   * ("What is the total length of...", "How big would it be if...").
   */
  premiseWords: number;
  /** Rates: "each", "per", "every", "$60 a month": a given applied over a span, or with nothing given a scale to estimate over. */
  rates: number;
  /** "if", "total", "combined" in sentences ended before the first question: a rule or a premise stated, not asked about. */
  premisesStated: number;
  /** "step by step": how to answer, which names a derivation only where a quantity is asked. */
  stepByStep: boolean;
  /** "return the...", "returns an...": a result to return, as a function's contract states it. */
  returnsResult: boolean;
  /** A product named as what to design ("Design Twitter", "Design the Facebook news feed", "Design a chat app like WhatsApp"): a system at its scale. */
  namesProduct: boolean;
  /** The request's first word, lowercased. */
  first: string;
  cues: Int32Array;
}

/** Labels that introduce pasted material when followed by a colon. */
const MATERIAL = new Set(['passage', 'text', 'article', 'context', 'paragraph', 'document', 'transcript', 'excerpt', 'review', 'email', 'story', 'essay', 'input']);
/** Texts the request may point at and then give after a colon ("Rewrite this sentence in the passive voice: ..."). */
const POINTED_TEXTS = new Set([...MATERIAL, 'sentence', 'sentences', 'paragraphs', 'phrase', 'passages', 'texts', 'articles']);
/** Openings that write a given text anew, in its own form. */
const REWRITING = new Set(['rewrite', 'edit', 'improve', 'polish', 'shorten', 'rephrase', 'paraphrase', 'revise', 'reword', 'proofread']);
/** Words before a text's name that point at a given one ("this paragraph", "the following article"), not one to write. */
const POINTING = new Set(['this', 'these', 'following', 'given', 'above', 'below']);
/** A passage in which someone says "I" or "you" is the request going on, not a pasted text. */
const PERSONAL = new Set(['i', 'im', 'ive', 'my', 'me', 'you', 'your', 'youre']);
/** Question words that open a lookup when they follow "tell me" (not "how" or "why": those ask for an explanation). */
const LOOKUP_WORDS = new Set(['what', 'who', 'when', 'where', 'which', 'whose']);
/** "positive" and "negative": the signs of numbers, or (beside each other or "neutral", no formula written) the labels a text is classified by. */
const SIGNS = new Map([
  ['positive', 1],
  ['negative', 2],
  ['neutral', 4],
]);
/** First words of an opening clause that can refer the request to a given text ("Based on...", "According to..."). */
const FRAMING_CLAUSE = new Set(['based', 'according', 'from', 'using', 'given', 'in', 'reading']);
/** Words after "Name" opening a request that make it a question about what things are called. */
const NAMED_THINGS = new Set(['the', 'a', 'an', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'some', 'all', 'any', 'every', 'each', 'which', 'who', 'what', 'several', 'famous']);
/** Explanation words that name a quantity after these words ("the absolute difference", "the time difference"). */
const QUANTITY_BEFORE = new Map<string, ReadonlySet<string>>([
  ['difference', new Set(['absolute', 'time', 'minimum', 'maximum', 'symmetric'])],
  ['differences', new Set(['absolute', 'minimum', 'maximum'])],
]);
/** Words before "errors" or "error" that make them a text's faults. */
const LANGUAGE_FAULTS = new Set(['grammatical', 'grammar', 'spelling', 'punctuation', 'typographical']);
/** Before "list", the positions of a verb ("List the towns", ", list", "and list", "can you list"), not of a noun ("a list"). */
const VERB_POSITION = new Set(['', 'and', 'then', 'please', 'also', 'to', 'you']);
const CODE_TERM = 1 << Cue.codeTerm;
const COMPARISON = 1 << Cue.comparison;
const EXPLAIN = 1 << Cue.explain;
// Read once: an imported object's properties cost a lookup each time on the hot path.
const { request: REQUEST, material: MATERIAL_PART, passage: PASSAGE, options: OPTIONS, wrapper: WRAPPER, examples: EXAMPLES, code: CODE } = Part;
const COLON = 58;
const APOSTROPHES = /['’]/g;

/**
 * Headings at the start of a line ("### Instruction:", "Question:", "Passage:", "Options:") and
 * the part of a prompt each begins. "Input:" and "Output:" are template slots only after an
 * instruction heading and before any example; otherwise they specify a program. "A:" and
 * "Assistant:" are the reply's slot only after "Q:", "Human:" or "User:".
 */
const HEADINGS = new Map<string, PartKind | 'request' | 'slot' | 'reply'>([
  ...['instruction', 'instructions', 'question', 'task', 'q', 'human', 'user'].map((w): [string, 'request'] => [w, 'request']),
  ...[...MATERIAL].filter((w) => w !== 'input').map((w): [string, PartKind] => [w, MATERIAL_PART]),
  ['options', OPTIONS],
  ['choices', OPTIONS],
  ['answer', WRAPPER],
  ['response', WRAPPER],
  ['input', 'slot'],
  ['output', 'slot'],
  ['a', 'reply'],
  ['assistant', 'reply'],
]);

const LANGUAGE = 1 << Cue.codeLanguage;
const UNIT = 1 << Cue.unit;
const ARTICLES = new Set(['a', 'an', 'one']);
/** "in a year" is a rate over a time, not what one thing holds. */
const TIME_SPANS = new Set(['second', 'minute', 'hour', 'day', 'week', 'month', 'year', 'decade', 'century', 'lifetime']);
const PREMISE = 1;
const RATE = 2;
/** Words of a word problem's structure the cues do not carry: its premise and sum, and its rates. */
const STORY_WORDS = new Map<string, number>([
  ['if', PREMISE],
  ['total', PREMISE],
  ['combined', PREMISE],
  ['each', RATE],
  ['per', RATE],
  ['every', RATE],
]);
const SHORT_CREATIVE = 1 << Cue.shortCreative;
/** Words before a short form that ask for a new one: "a name", "some titles", "a catchy slogan". */
const INVENTING = new Set(['a', 'an', 'some', 'few', 'good', 'catchy', 'funny', 'new', 'creative', 'clever', 'cool', 'better', 'memorable', 'short']);
/** Nouns that name a program or a part of one ("function", "script", "class", "app"). */
const PROGRAM_NOUN = (1 << Cue.codeTerm) | (1 << Cue.codeSystem);
/** Nouns that name a piece of writing ("poem", "letter", "slogan"). */
const WRITING_FORM = (1 << Cue.creativeForm) | SHORT_CREATIVE;

export const Form = { none: 0, writing: 1, program: 2, content: 3 } as const;
export type Form = (typeof Form)[keyof typeof Form];

/** Things to produce that are judged on what they get right, not on style: a plan, a schedule, a recipe. */
const CONTENT_FORMS = new Set(['plan', 'plans', 'itinerary', 'itineraries', 'schedule', 'schedules', 'checklist', 'checklists', 'agenda', 'recipe', 'recipes', 'timeline', 'syllabus', 'curriculum', 'quiz', 'quizzes', 'flashcards', 'glossary', 'routine', 'budget', 'roadmap']);
/** The first thing to produce is named near the opening; past it, nouns are what the request is about. */
const FORM_WORDS = 16;

/** Headings that open a program's input and output specification, or its worked examples (bit 0: no I/O). */
const SPEC_HEADINGS = new Map<string, number>([
  ['input', 1],
  ['inputs', 1],
  ['output', 2],
  ['outputs', 2],
  ['example', 0],
  ['examples', 0],
]);

const DEFINITION_STARTS = new Set(['def', 'function', 'class', '#include', 'public', 'private', 'static', 'import', 'const', 'let', 'var', 'fn', 'func', 'package', 'select', 'int', 'void']);

/**
 * First words of an instruction on how to answer a question ("Let's think step by step", "Answer in
 * one word", "Be concise"), or of thanks for it. "Explain..." and "Show..." after a question ask for
 * more work, and are not among them.
 */
const ANSWER_INSTRUCTIONS = new Set(['lets', 'think', 'answer', 'respond', 'reply', 'be', 'keep', 'choose', 'select', 'pick', 'only', 'briefly', 'thanks', 'thank']);
/** What a preamble announces ("the following question", "the problem below"): the task that follows it. */
const TASK_NOUNS = new Set(['question', 'questions', 'problem', 'problems', 'task', 'tasks', 'exercise', 'exercises', 'puzzle', 'riddle', 'prompt', 'request', 'instruction', 'instructions']);
const ANNOUNCING = new Set(['following', 'next', 'below']);
/** The rest of a line asking for help with what follows it ("...help me with this:"), not with a task it names ("help me write a cover letter:"). */
const HELP_WITH_THIS = /^[\w\s,']*\b(?:this|these|the following|it)\s*:\s*$/;
/** Words after "return" that begin what is returned ("return the number of...", "returns true if..."). */
const RETURNED = new Set(['the', 'a', 'an', 'all', 'any', 'true', 'false', 'its', 'their', 'it', 'them', 'this', 'that', 'how', 'whether', 'one', 'two', 'k', 'n', 'null', 'none', 'answer', 'list', 'array', 'string', 'number', 'minimum', 'maximum', 'sum', 'count', 'length', 'index', 'indices']);
/** Words after "you are" that set out a task ("given an array", "asked to", "tasked with"), not a persona. */
const TASK_SETTING = new Set(['given', 'shown', 'told', 'allowed', 'required', 'expected', 'provided', 'asked', 'tasked', 'requested', 'presented', 'assigned', 'supposed', 'able', 'now']);

const TRACE_NONE = 0;
const TRACE_BODY = 1;
const TRACE_LAST_LINE = 2;

/** A line opening with an exception's name and a colon ("KeyError: 'port'", "ValueError: bad input"): a traceback's last line. */
function errorLine(text: string, at: number): boolean {
  let j = at;
  while (isLetter(text.charCodeAt(j)) || text.charCodeAt(j) === 46 || text.charCodeAt(j) === 95) j++;
  const name = text.slice(at, j);
  return text.charCodeAt(j) === COLON && (name.endsWith('error') || name.endsWith('exception') || name.endsWith('interrupt') || name.endsWith('exit'));
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function scan(prompt: string): Scan {
  const clipped = prompt.length > MAX_SCAN_CHARS ? prompt.slice(0, MAX_SCAN_CHARS) : prompt;
  // Windows line endings (what clients on Windows send) end a line as "\n" does.
  const raw = clipped.includes('\r') ? clipped.replace(/\r\n?/g, '\n') : clipped;
  const text = raw.toLowerCase();
  const cues = new Int32Array(CUE_SLOTS);
  const s: Scan = {
    chars: prompt.length,
    words: 0,
    lines: 1,
    sentences: 0,
    questionMarks: 0,
    listItems: 0,
    numbers: 0,
    arithmetic: 0,
    mathMarks: 0,
    separators: 0,
    codeMarks: 0,
    identifiers: 0,
    codeFences: 0,
    docstring: false,
    definitions: 0,
    givenTests: 0,
    indentedLines: 0,
    personaOpening: false,
    framing: Framing.none,
    taskWords: 0,
    taskSeparators: 0,
    material: false,
    leadWords: -1,
    leadSeparators: 0,
    ioHeadings: 0,
    statementWords: -1,
    magnitude: 0,
    years: 0,
    conversion: false,
    formsToInvent: 0,
    firstForm: Form.none,
    endsWithQuestion: false,
    perItem: false,
    statementsBeforeQuestion: -1,
    premiseWords: 0,
    rates: 0,
    namesProduct: false,
    returnsResult: false,
    stepByStep: false,
    premisesStated: 0,
    first: '',
    cues,
  };
  let lineStart = true;
  /** No word yet on this line: a definition keyword here opens a definition. */
  let lineHead = true;
  let lineWords = 0;
  let indent = 0;
  let prev = '';
  let prev2 = '';
  let prev3 = '';
  /** Words read when the last number was read: "a month" two words after "$60" is a rate. */
  let wordsAtNumber = -10;
  /** Words read when the last word one or two after "in a" / "in an" / "in one" was read. */
  let itemEndsAt = -1;
  let prevFlags = 0;
  /** A label read in code or a program's "Input:": the request is measured up to it. */
  let cutAtLabel = false;
  const ledger = new Ledger();
  /** Words and separators read when the request began (after a template's preamble). */
  let requestStart = 0;
  let requestSeparators = 0;
  /** The lead points at a given text ("this paragraph", "the passage below"). */
  let pointsAtText = false;
  /** A text was named ("the passage"): an opening clause that names one frames the request after it. */
  let namesText = false;
  let firstWord = '';
  /** A question mark was the last thing read: the next word opens the sentence after a question. */
  let sentenceAfterQuestion = false;
  // Sentences are remembered only where tests may follow ("...Your code should pass these tests:"):
  // most prompts hold none, and cost nothing for it.
  const mayHoldTests = text.includes('assert');
  if (mayHoldTests) ledger.markSentence(s, 0);
  let framed = framingPersona(text, 0);
  if (framed !== undefined) s.framing = framed.framing;
  /** Where the request begins again (after a framing persona, or a heading naming it), and whether after a heading. */
  let restartAt = framed === undefined ? -1 : framed.end;
  let restartsTemplate = false;
  /** The word at which "list" was read as the first thing named to produce: "a list of countries" makes it content. */
  let listFormAt = -1;
  /** The word at which a persona opening was read ("you are" read at "are"): a task's setting read next undoes it. */
  let personaAtWord = -1;
  /** A "Q:", "Human:" or "User:" heading labelled the question: an "A:" or "Assistant:" heading is then the reply's slot. */
  let questionLabelled = false;
  /** The request's first sentence announces the task that follows it ("Answer the following question."): it ends a preamble. */
  let announcesTask = false;
  let sentencesAtRequest = 0;
  /** "positive" (bit 1), "negative" (bit 2) and "neutral" (bit 4) read in the request, and how often the first two. */
  let signs = 0;
  let signWords = 0;
  /** Where a pasted traceback stands: its frames, its last line (the exception), or none. */
  let trace = TRACE_NONE;
  let inTraceback = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (i === restartAt) {
      ledger.restartRequest(s, restartsTemplate);
      requestStart = s.words;
      requestSeparators = s.separators;
      sentencesAtRequest = s.sentences;
      // The request opens as a line does ("Solve the following problem: def area(r):" defines a function).
      lineHead = true;
      s.leadWords = -1;
      s.first = '';
      pointsAtText = false;
      namesText = false;
      // The persona was the framing's, not the request's.
      if (i === framed?.end) s.personaOpening = false;
      // "Question: You are an expert Python programmer, and here is your task: ...", or a system prompt's
      // "You are a helpful assistant." before it: a framing after the heading or the framing.
      if ((framed = framingPersona(text, i)) !== undefined) {
        s.framing = framed.framing;
        restartAt = framed.end;
        restartsTemplate = false;
      }
    }
    const c = text.charCodeAt(i);
    if (c === 10) {
      // A line break ends a sentence, unless a colon leads on to what follows.
      if (mayHoldTests && !lineStart && text.charCodeAt(lastNonSpace(text, i)) !== COLON) ledger.markSentence(s, i + 1);
      if (lineStart) {
        if (ledger.part === REQUEST && s.leadWords < 0 && s.words > requestStart) {
          s.leadWords = s.words - requestStart;
          s.leadSeparators = s.separators - requestSeparators;
          // A question, or a request naming a given text, and then a blank line: what follows may be the text.
          if (text.charCodeAt(lastNonSpace(text, i)) === 63 || pointsAtText) ledger.enter(PASSAGE, s, i, itemEndsAt === s.words);
        }
      }
      s.lines++;
      lineStart = true;
      lineHead = true;
      lineWords = 0;
      indent = 0;
      prev = '';
      prevFlags = 0;
      i++;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 9) {
        indent++;
        i++;
        continue;
      }
      // A Windows line ending: the line is still blank.
      if (c === 13) {
        i++;
        continue;
      }
      lineStart = false;
      if (indent >= 2) s.indentedLines++;
      // A pasted traceback is program output to work on: its file names and frames are not the request's words.
      if (trace === TRACE_BODY && indent === 0 && !text.startsWith('file ', i)) trace = errorLine(text, i) ? TRACE_LAST_LINE : TRACE_NONE;
      else if (trace === TRACE_LAST_LINE) trace = TRACE_NONE;
      if (trace === TRACE_NONE && ledger.part === CODE && inTraceback) {
        ledger.enter(REQUEST, s, i, false);
        inTraceback = false;
      }
      if (trace === TRACE_NONE && indent === 0 && text.startsWith('traceback (most recent call last)', i) && ledger.part === REQUEST) {
        ledger.enter(CODE, s, i, itemEndsAt === s.words);
        trace = TRACE_BODY;
        inTraceback = true;
      }
      const heading = (isLetter(c) || c === 35 || c === 42) && !s.docstring && s.definitions === 0 ? readHeading(text, i) : undefined;
      const part = heading === undefined ? undefined : HEADINGS.get(heading.label);
      // "A:" is the reply's slot after a "Q:" (elsewhere it may be an option, "A: Paris").
      // A template's "Input:" is a slot unless examples have begun ("Example 1: / Input: nums = [2,7]").
      const slot = ledger.template && s.statementWords < 0;
      if (heading !== undefined && part !== undefined && (part !== 'slot' || slot) && (part !== 'reply' || questionLabelled)) {
        // What follows a heading on its line opens that line ("Question: def area(r):" defines a function).
        let end = heading.end;
        while (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 9) end++;
        if (part === 'request') {
          restartAt = end;
          // "### Instruction:" opens a template whose "Input:" and "Output:" are slots; "Question:", "Q:" and "Task:" label the request only.
          restartsTemplate = heading.label === 'instruction' || heading.label === 'instructions';
          if (heading.label === 'q' || heading.label === 'human' || heading.label === 'user') questionLabelled = true;
        } else ledger.enter(part === 'reply' ? WRAPPER : part === 'slot' ? (heading.label === 'input' ? MATERIAL_PART : WRAPPER) : part, s, i, itemEndsAt === s.words);
        i = end;
        continue;
      }
      // "Input: the soup was cold / Output: negative": worked examples of the task after its instruction,
      // unless they are a program's (set aside only if they hold no program text).
      if (part === 'slot' && heading!.label === 'input' && ledger.part === REQUEST && s.words > requestStart) ledger.enter(EXAMPLES, s, i, itemEndsAt === s.words);
      if (c === 45 || c === 42 || c === 8226) s.listItems++;
      else if (isDigit(c) && (text.charCodeAt(i + 1) === 46 || text.charCodeAt(i + 1) === 41) && text.charCodeAt(i + 2) === 32) s.listItems++;
      if (c === 96 && text.startsWith('```', i)) {
        // An opening fence begins code to work on; the closing one returns to the request.
        if (s.codeFences++ % 2 === 0) ledger.enter(CODE, s, i, itemEndsAt === s.words);
        else if (ledger.part === CODE) ledger.enter(REQUEST, s, i + 3, false);
        i += 3;
        continue;
      }
    }
    if (isLetter(c) || c === 35) {
      // A word: letters and digits, plus "+" and "#" after letters (c++, c#), "_" inside identifiers.
      const start = i;
      let underscore = false;
      let upperInside = false;
      let apostrophe = false;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (isLetter(d) || isDigit(d)) {
          if (!upperInside && isUpper(raw.charCodeAt(i)) && raw.charCodeAt(i - 1) >= 97 && raw.charCodeAt(i - 1) <= 122) upperInside = true;
          i++;
        } else if (d === 95) {
          underscore = true;
          i++;
        } else if ((d === 43 || d === 35) && i > start) i++;
        // "don't", and "don’t" as phones and word processors type it.
        else if ((d === 39 || d === 8217) && isLetter(text.charCodeAt(i + 1))) {
          apostrophe = true;
          i += 2;
        } else break;
      }
      const word = apostrophe ? text.slice(start, i).replace(APOSTROPHES, '') : text.slice(start, i);
      if (underscore || upperInside) s.identifiers++;
      if (word.length === 1 && isOptionMarker(text, start, i, lineWords === 0)) {
        // "A) 12", "(b) Paris", "c. Mars": a choice. The first, after a question, opens the options
        // (also where a passage after the question was expected: the options came instead).
        const expected = word === 'a' && (ledger.part === REQUEST || (ledger.part === PASSAGE && ledger.isEmpty(s)));
        if (expected && (text.charCodeAt(lastNonSpace(text, start)) === 63 || s.cues[Cue.question]! > 0)) ledger.enter(OPTIONS, s, start, itemEndsAt === s.words);
        ledger.optionMarks++;
      }
      if (s.words === 0) firstWord = word;
      if (s.first === '' && ledger.part === REQUEST) s.first = word;
      if (lineHead && DEFINITION_STARTS.has(word)) s.definitions++;
      if (lineHead && word === 'assert' && s.givenTests++ === 0) ledger.enterTests(s, start, text.charCodeAt(lastNonSpace(text, start)) === COLON, itemEndsAt === s.words);
      // "...? Let's think step by step.", "...? Answer in one word.": how to answer the question just
      // asked, as evaluation harnesses append it, not more of the request.
      if (sentenceAfterQuestion && ANSWER_INSTRUCTIONS.has(word) && (ledger.part === REQUEST || (ledger.part === PASSAGE && ledger.isEmpty(s)))) ledger.enter(WRAPPER, s, start, itemEndsAt === s.words);
      sentenceAfterQuestion = false;
      let specHeading = false;
      if (lineWords === 0) {
        const heading = SPEC_HEADINGS.get(word);
        const next = text.charCodeAt(i);
        if (heading !== undefined && (next === 58 || next === 10 || next === 45 || next === 32 || Number.isNaN(next)) && (next !== 32 || isDigit(text.charCodeAt(i + 1)))) {
          s.ioHeadings |= heading;
          if (s.statementWords < 0) s.statementWords = s.words - requestStart;
          specHeading = true;
        }
      }
      lineWords++;
      lineHead = false;
      s.words++;
      // "You are given an array...", "you are asked to...": the task's setting, not a persona ("you are a pirate").
      if (((prev === 'are' && prev2 === 'you') || prev === 'youre') && TASK_SETTING.has(word) && cues[Cue.rolePlay]! > 0) {
        cues[Cue.rolePlay]!--;
        if (personaAtWord === s.words - 1) s.personaOpening = false;
      }
      const roleCues = cues[Cue.rolePlay]!;
      let flags = lookup(word) ?? 0;
      // "List the towns...", "..., list three causes": the verb asks for items in prose, not for a data structure.
      if (word === 'list' && VERB_POSITION.has(prev)) flags &= ~CODE_TERM;
      // "grammatical errors", "spelling mistakes": a text's, not a program's.
      else if (flags & CODE_TERM && LANGUAGE_FAULTS.has(prev)) flags &= ~CODE_TERM;
      // "the absolute difference between two numbers": a quantity, not two things to tell apart.
      else if (flags & EXPLAIN && QUANTITY_BEFORE.get(word)?.has(prev)) flags &= ~EXPLAIN;
      // "Recommend three novels...": suggestions asked for, not one option weighed against others ("...then recommend one").
      else if (word === 'recommend' && s.words - requestStart === 1) flags &= ~COMPARISON;
      // "Create a table comparing...": a table asked for in the opening words is content laid out in rows,
      // not a database's table (a language or a column named still makes it one).
      else if (word === 'table' && prev === 'a' && s.words - requestStart <= 4) {
        flags &= ~CODE_TERM;
        if (s.firstForm === Form.none) s.firstForm = Form.content;
      }
      // "tell me what the capital of Canada is": the question it wraps, a lookup; "tell me about..." explains.
      if (prev === 'me' && prev2 === 'tell' && LOOKUP_WORDS.has(word)) cues[Cue.explain]!--;
      // "a class of 24 pupils": a group of people, not a program's class.
      if (word === 'of' && prev === 'class' && prev2 === 'a') cues[Cue.codeRequest]!--;
      // An "Input:" or "Output:" heading labels an example, of a program or of a text task: the heading
      // is not evidence of code (a program's examples are, by their data and the problem's shape).
      if (specHeading) flags &= ~CODE_TERM;
      if (ledger.part === PASSAGE && PERSONAL.has(word)) ledger.personal++;
      if (POINTED_TEXTS.has(word)) {
        namesText = true;
        if (POINTING.has(prev)) pointsAtText = true;
      } else if (word === 'below' && POINTED_TEXTS.has(prev)) pointsAtText = true;
      // "these emails", "the following tweets": texts given to work on, not pieces to write (unless the
      // request rewrites them: "Rewrite this email..." writes an email).
      if (flags & WRITING_FORM && POINTING.has(prev) && !REWRITING.has(s.first)) flags &= ~WRITING_FORM;
      if (flags !== 0) addFlags(cues, flags);
      const sign = ledger.part === REQUEST ? SIGNS.get(word) : undefined;
      if (sign !== undefined) {
        signs |= sign;
        if (sign !== 4) signWords++;
      }
      const logic = LOGIC_LEXICON.get(word) ?? (word.length >= 4 && word.charCodeAt(word.length - 1) === 115 ? LOGIC_LEXICON.get(word.slice(0, -1)) : undefined);
      if (logic !== undefined) cues[logic]!++;
      const kind = STORY_WORDS.get(word);
      if (kind === PREMISE) s.premiseWords++;
      // "$60 a month", "3 km an hour": a time span after an amount; "how long would a year be" is not a rate.
      else if (kind === RATE || ((prev === 'a' || prev === 'an') && s.words - wordsAtNumber <= 3 && TIME_SPANS.has(word))) s.rates++;
      if (prevFlags & LANGUAGE && flags & PROGRAM_NOUN) cues[Cue.codeRequest]!++;
      if (prev !== '') {
        const key = `${prev} ${word}`;
        const pair = PAIRS.get(key);
        if (pair !== undefined) addFlags(cues, pair);
        const logicPair = LOGIC_PAIRS.get(key);
        if (logicPair !== undefined) cues[logicPair]!++;
        // "you are a pirate", "you're an expert", "the role of a ranger": a persona; "you are given
        // an array" and "the role of the courts" are not.
        if ((word === 'a' || word === 'an') && ((prev === 'are' && prev2 === 'you') || prev === 'youre' || (prev === 'of' && prev2 === 'role'))) cues[Cue.rolePlay]!++;
      }
      if (cues[Cue.rolePlay]! > roleCues && s.words - requestStart <= 15 && !s.personaOpening) {
        s.personaOpening = true;
        personaAtWord = s.words;
      }
      if (flags & SHORT_CREATIVE && INVENTING.has(prev)) s.formsToInvent++;
      // "a list of ten countries": items in prose, unless what is listed is program data ("a list of integers").
      if (prev === 'of' && prev2 === 'list' && prev3 === 'a' && !(flags & (CODE_TERM | LANGUAGE))) {
        cues[Cue.codeTerm]!--;
        if (s.firstForm === Form.program && listFormAt === s.words - 2) s.firstForm = Form.content;
      }
      // "Answer the following question.", "Please help me with this:": a preamble announcing the task after it.
      if (ledger.part === REQUEST && s.sentences === sentencesAtRequest && s.words - requestStart <= 8) {
        if ((TASK_NOUNS.has(word) && ANNOUNCING.has(prev)) || (word === 'help' && HELP_WITH_THIS.test(text.slice(i, lineEnd(text, i))))) announcesTask = true;
      }
      if ((prev === 'return' || prev === 'returns') && RETURNED.has(word)) s.returnsResult = true;
      else if (word === 'by' && prev === 'step') s.stepByStep = true;
      // "Name the largest desert", "Name three primary colours": the verb asks what things are called, not for a name to invent.
      if (s.words - requestStart === 2 && prev === 'name' && s.first === 'name' && NAMED_THINGS.has(word)) {
        cues[Cue.shortCreative]!--;
        if (s.firstForm === Form.writing) s.firstForm = Form.none;
      }
      // "Design Twitter", "Design the Facebook feed"; "like WhatsApp" only beside a program's name ("a chat app like WhatsApp", not "a garden like Monet's").
      if (s.first === 'design' && isUpper(raw.charCodeAt(start))) {
        if (prev === 'design' || (prev === 'the' && prev2 === 'design') || (prev === 'like' && (cues[Cue.codeSystem]! > 0 || cues[Cue.codeTerm]! > 0 || cues[Cue.codeLanguage]! > 0))) s.namesProduct = true;
      }
      if (s.firstForm === Form.none && s.words <= FORM_WORDS) {
        s.firstForm = flags & PROGRAM_NOUN ? Form.program : flags & WRITING_FORM ? Form.writing : CONTENT_FORMS.has(word) ? Form.content : Form.none;
        if (word === 'list') listFormAt = s.words;
      }
      const afterInA = (prev2 === 'in' && ARTICLES.has(prev)) || (prev3 === 'in' && ARTICLES.has(prev2));
      // "ounces in a pound", "liters in a US gallon": a unit measured in another unit.
      if (afterInA && flags & UNIT) s.conversion = true;
      if (afterInA && !TIME_SPANS.has(word)) itemEndsAt = s.words;
      prev3 = prev2;
      prev2 = prev;
      prev = word;
      prevFlags = flags;
      continue;
    }
    lineHead = false;
    if (isDigit(c)) {
      const start = i;
      i++;
      while (i < n && (isDigit(text.charCodeAt(i)) || ((text.charCodeAt(i) === 46 || text.charCodeAt(i) === 44) && isDigit(text.charCodeAt(i + 1))))) i++;
      // An ordinal names a position ("the 3rd", "a 10th-grade class"), not a quantity to compute with.
      const suffix = text.slice(i, i + 2);
      const ordinal = (suffix === 'st' || suffix === 'nd' || suffix === 'rd' || suffix === 'th') && !isLetter(text.charCodeAt(i + 2));
      // "3/4", "11/20", "9:45": one quantity (a fraction, a date, a time of day) written in two numbers;
      // a ratio's parts ("4:5:6") are a quantity each.
      const sep = text.charCodeAt(start - 1);
      const secondPart = isDigit(text.charCodeAt(start - 2)) && (sep === 47 || (sep === 58 && i - start === 2));
      // "1. Great battery life! 2. Broke after a week.": an item's number in an enumeration, not a quantity.
      const marker = i - start <= 2 && (text.charCodeAt(i) === 46 || text.charCodeAt(i) === 41) && text.charCodeAt(i + 1) === 32 && opensItem(text, start);
      if (!marker && !ordinal) {
        s.magnitude = Math.max(s.magnitude, orderOfMagnitude(text, start, i));
        if (!secondPart) s.numbers++;
        wordsAtNumber = s.words;
        if (i - start === 4 && (text.charCodeAt(start) === 49 || (text.charCodeAt(start) === 50 && text.charCodeAt(start + 1) === 48))) s.years++;
        if (followsOperator(text, start)) s.arithmetic++;
      }
      prev = '';
      prevFlags = 0;
      continue;
    }
    // "¾", "⅓": a fraction in one character is a quantity as much as "3/4" (and "2½" is one).
    if ((c >= 188 && c <= 190) || (c >= 8528 && c <= 8542)) {
      if (!isDigit(text.charCodeAt(i - 1))) s.numbers++;
      i++;
      continue;
    }
    // "$50" and "$4.20" are money, not TeX: a dollar sign before an amount that ends the token.
    if (c === 36 && isDigit(text.charCodeAt(i + 1)) && isCurrency(text, i + 1)) {
      i++;
      continue;
    }
    switch (c) {
      case 36:
      case 92:
      case 94:
        s.mathMarks++;
        break;
      case COLON: {
        const next = text.charCodeAt(i + 1);
        const beforeText = prev !== 'input' && !s.docstring && s.definitions === 0 && (next === 32 || next === 10 || Number.isNaN(next));
        // "Solve the following problem: A train leaves...": the announcement is a preamble, the problem the request.
        if (announcesTask && beforeText) {
          restartAt = afterPreamble(text, i);
          announcesTask = restartsTemplate = false;
        }
        if (MATERIAL.has(prev)) {
          // "...who founded it? Passage: ...": a label opening a sentence begins the request's material.
          // Otherwise inside a sentence ("To mask an email:"), in code ("text: str") and for a program's "Input:"
          // the request is still measured up to the label.
          const opensSentence = isSentenceEnd(text.charCodeAt(lastNonSpace(text, i - prev.length)));
          if (beforeText && (opensSentence || pointsAtText)) {
            if (ledger.part === REQUEST) ledger.enter(MATERIAL_PART, s, i - prev.length, itemEndsAt === s.words);
          } else if (!cutAtLabel) {
            cutAtLabel = true;
            s.taskWords = s.words;
            s.taskSeparators = s.separators;
          }
          // A text the request points at, given after the colon that ends it ("Extract the dates from this
          // paragraph: ...", "Rewrite this sentence in the passive voice: ...").
        } else if (pointsAtText && beforeText && ledger.part === REQUEST) ledger.enter(MATERIAL_PART, s, i + 1, itemEndsAt === s.words);
        s.separators++;
        break;
      }
      case 44:
        // "Based on the passage below, who...", "According to the text, when...": the request begins after the clause.
        if (namesText && FRAMING_CLAUSE.has(s.first) && s.words - requestStart <= 8 && ledger.part === REQUEST) s.first = '';
        s.separators++;
        break;
      case 59:
        s.separators++;
        s.codeMarks++;
        break;
      case 123:
      case 125:
      case 61:
        s.codeMarks++;
        break;
      case 40:
        if (text.charCodeAt(i + 1) === 41) s.codeMarks++;
        break;
      case 63:
        if (s.statementsBeforeQuestion < 0) s.statementsBeforeQuestion = s.sentences - sentencesAtRequest;
        s.questionMarks++;
        s.sentences++;
        sentenceAfterQuestion = true;
        if (mayHoldTests) ledger.markSentence(s, i + 1);
        break;
      case 46:
      case 33:
        if (i + 1 === n || text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 10) {
          s.sentences++;
          if (s.questionMarks === 0) s.premisesStated = s.premiseWords;
          if (mayHoldTests) ledger.markSentence(s, i + 1);
          if (announcesTask) {
            restartAt = afterPreamble(text, i);
            announcesTask = restartsTemplate = false;
          }
        }
        break;
      case 34:
      case 39:
        if (text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c) s.docstring = true;
        break;
      case 62:
        if (text.charCodeAt(i + 1) === 62 && text.charCodeAt(i + 2) === 62) s.docstring = true;
        else s.codeMarks++;
        break;
      case 60:
        s.codeMarks++;
        break;
      // "prices[i]", "nums[0]": an element indexed, written as program text.
      case 91:
        if (isLetter(text.charCodeAt(i - 1)) || isDigit(text.charCodeAt(i - 1)) || text.charCodeAt(i - 1) === 95) s.codeMarks++;
        break;
    }
    // Punctuation ends a word pair: "cost. Each" is not a phrase.
    if (c !== 32 && c !== 45) {
      prev = '';
      prevFlags = 0;
    }
    i++;
  }
  ledger.enter(REQUEST, s, -1, itemEndsAt === s.words);
  let requestEnd = ledger.requestEnd;
  let requestPerItem = ledger.requestPerItem;
  if (!ledger.subtractFrom(s)) {
    // Nothing of a request outside the wrapping: the prompt is read whole.
    s.first = firstWord;
    requestEnd = -1;
    requestPerItem = itemEndsAt === s.words;
  }
  s.material = cutAtLabel || ledger.material;
  // "positive or negative", "which are positive and which are negative": the labels a text is
  // classified by, not the signs of numbers, where no formula is written.
  if (signs !== 0 && (signs & (signs - 1)) !== 0 && s.mathMarks === 0 && s.arithmetic === 0) cues[Cue.mathTerm] = Math.max(cues[Cue.mathTerm]! - signWords, 0);
  if (s.sentences === 0) s.sentences = 1;
  if (s.leadWords < 0) {
    s.leadWords = s.words;
    s.leadSeparators = s.separators;
  }
  if (s.statementWords < 0) s.statementWords = s.words;
  s.endsWithQuestion = requestEnd >= 0 ? text.charCodeAt(lastNonSpace(text, requestEnd)) === 63 : prompt.charCodeAt(lastNonSpace(prompt, prompt.length)) === 63;
  s.perItem = s.endsWithQuestion && requestPerItem;
  if (!cutAtLabel) {
    s.taskWords = s.words;
    s.taskSeparators = s.separators;
  }
  return s;
}

/** Where the request begins after a preamble ending at `at` (its full stop or colon): past the spaces after it. */
function afterPreamble(text: string, at: number): number {
  let j = at + 1;
  while (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 9) j++;
  return j;
}

/** Whether a number at `at` opens an item: at the text's start, a line's, or after a sentence's end or a colon. */
function opensItem(text: string, at: number): boolean {
  const before = lastNonSpace(text, at);
  if (before < 0) return true;
  const c = text.charCodeAt(before);
  return c === 58 || c === 10 || isSentenceEnd(c);
}

/** Index of the line break ending the line that `at` is on (the text's length on the last line). */
function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end < 0 ? text.length : end;
}

function isSentenceEnd(c: number): boolean {
  return c === 46 || c === 63 || c === 33;
}

/** Index of the last character before `at` that is not white space (-1 if none). */
function lastNonSpace(text: string, at: number): number {
  let j = at - 1;
  while (j >= 0 && text.charCodeAt(j) <= 32) j--;
  return j;
}

/**
 * A heading opening a line: optional "#" marks or "**", a word, then a colon (or, after "#" marks,
 * the end of the line). Returns the word and where the heading ends.
 */
function readHeading(text: string, at: number): { label: string; end: number } | undefined {
  let j = at;
  let hashes = 0;
  while (text.charCodeAt(j) === 35) {
    j++;
    hashes++;
  }
  while (text.charCodeAt(j) === 42 || text.charCodeAt(j) === 32) j++;
  const from = j;
  while (isLetter(text.charCodeAt(j))) j++;
  if (j === from || j - from > 12) return undefined;
  let end = j;
  while (text.charCodeAt(end) === 42 || text.charCodeAt(end) === 32) end++;
  const next = text.charCodeAt(end);
  if (next === 58) {
    end++;
    // "**Question:**": the bold closes after the colon.
    while (text.charCodeAt(end) === 42) end++;
  } else if (hashes === 0 || !(next === 10 || next === 13 || Number.isNaN(next))) return undefined;
  return { label: text.slice(from, j), end };
}

/**
 * A letter from a to e marking an answer option: followed by ") " ("A) 12", "(b) Paris") after a
 * space, a bracket or a line's start, or by ". " at a line's start ("C. Mars"). "(a)(a)" is data.
 */
function isOptionMarker(text: string, start: number, end: number, lineOpening: boolean): boolean {
  const letter = text.charCodeAt(start);
  if (letter < 97 || letter > 101) return false;
  const after = text.charCodeAt(end);
  const before = start === 0 ? 10 : text.charCodeAt(start - 1);
  const next = text.charCodeAt(end + 1);
  if (after === 41) return (before === 32 || before === 10 || before === 40 || before === 9) && (next === 32 || next === 10 || Number.isNaN(next));
  return after === 46 && lineOpening && next === 32;
}

/** A power of ten written out ("10^5", "10^9") is that order of magnitude; otherwise the number of digits less one. */
function orderOfMagnitude(text: string, start: number, end: number): number {
  if (text.charCodeAt(start - 1) === 94 && text.charCodeAt(start - 2) === 48 && text.charCodeAt(start - 3) === 49) return Math.min(Number(text.slice(start, end)) || 0, 18);
  let digits = 0;
  for (let j = start; j < end; j++) if (isDigit(text.charCodeAt(j))) digits++;
  return digits - 1;
}

/** Whether the number starting at `at` is the right operand of an operator whose left operand is a number. */
function followsOperator(text: string, at: number): boolean {
  let j = at - 1;
  while (j >= 0 && text.charCodeAt(j) === 32) j--;
  const op = text.charCodeAt(j);
  if (!(op === 43 || op === 45 || op === 42 || op === 47 || op === 215 || op === 247 || op === 94)) return false;
  j--;
  while (j >= 0 && text.charCodeAt(j) === 32) j--;
  return j >= 0 && isDigit(text.charCodeAt(j));
}

function isCurrency(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 44 || (text.charCodeAt(j) === 46 && isDigit(text.charCodeAt(j + 1))))) j++;
  const after = text.charCodeAt(j);
  return Number.isNaN(after) || after === 32 || after === 10 || after === 46 || after === 44 || after === 59 || after === 58 || after === 63 || after === 33 || after === 41 || after === 107 || after === 109;
}

function addFlags(cues: Int32Array, flags: number): void {
  for (let bit = 0; flags !== 0; bit++, flags >>>= 1) if (flags & 1) cues[bit]!++;
}
