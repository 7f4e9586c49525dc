/**
 * The words the rules classifier looks up, grouped into cues: each cue is a kind of evidence in
 * eval_data/LABELING.md (a programming language, a short creative form, a competition-maths term,
 * a described case...). One hash lookup per word; no regular expressions on the hot path.
 */

export const Cue = {
  codeLanguage: 0,
  codeTerm: 1,
  /** Deliverables bigger than one function: a class, an app, a service. */
  codeSystem: 2,
  shortCreative: 3,
  creativeForm: 4,
  rolePlay: 5,
  mathTerm: 6,
  /** Quantities and transactions of everyday word problems. */
  wordProblem: 7,
  estimate: 8,
  proof: 9,
  explain: 10,
  /** A case described for an expert: a patient, a dispute, a failure. */
  caseDetail: 11,
  constraint: 12,
  breadth: 13,
  small: 14,
  question: 15,
  writeVerb: 16,
  comparison: 17,
  /** "how many / how much / how long...": a question whose answer is a quantity. */
  quantityQuestion: 18,
  /** Conditions and scale that make a quantity question an estimate rather than a lookup. */
  hypothetical: 19,
  /** Physical or economic magnitudes: what a Fermi question asks for. */
  magnitude: 20,
  /** A quantity written as a word ("seventeen", "twice", "half"): as much a given of a word problem as a digit. */
  numberWord: 21,
  /**
   * A program asked for by name: "a function", "a script", or a language before a program noun
   * ("a C++ function", "Python script"). Tie-break 1 of LABELING.md: asking for code is code, whatever
   * the code computes.
   */
  codeRequest: 22,
  /** A length of a few lines, sentences or words ("a two-line poem", "one sentence"): a short piece whatever its form. */
  fewLines: 23,
  /** "how do I...", "how do you...": a how-to question, which the "how do" of an explanation does not make one. */
  howTo: 24,
  /** Tests asked for: a second deliverable beside the code under test. */
  tests: 25,
  /** "user can...", "user should...": a requirement written as a user story, the way software is specified. */
  userStory: 26,
  /** "minimum", "longest", "fewest": an optimum asked for, which the obvious enumeration rarely reaches in time. */
  optimum: 27,
  /** "modulo", "queries": an answer too large to write out, or many questions over data that changes: a contest's hardest shapes. */
  contestScale: 28,
  /** A unit of measure ("tons", "gallons", "kilowatt"), or what is counted only by measuring ("molecules"): an amount, not a count of named things. */
  unit: 29,
  /** "what are...", "which are...": several things asked for in one question, not one to look up. */
  several: 30,
  /** "system", "service", "crawler", "backend": software at the scale of an architecture, not of a class or a script. */
  systemScale: 31,
} as const;
export type CueName = keyof typeof Cue;
export const CUE_COUNT = Object.keys(Cue).length;

/**
 * Marks of a logic problem (LABELING.md: reasoning derived by logic), counted in the scan's cue
 * slots after the cues. Kept out of `Cue`: its bit set is full, and the embedding head's features
 * are the cues.
 */
export const Logic = {
  /** The conclusion asked about: does it follow, must it be so, is it true, false or unknown. */
  question: CUE_COUNT,
  /** Quantifiers and connectives premises are built of: all, no, some, if, either, neither, unless, not. */
  connective: CUE_COUNT + 1,
  /** Places in an arrangement: sits, to the left/right of, next to, at either end, in the middle. */
  arrangement: CUE_COUNT + 2,
  /** Who tells the truth and who lies: knights, knaves, liars. */
  truthTeller: CUE_COUNT + 3,
  /** An order stated pairwise: "Ann is taller than Bo", "the fox is faster than the hare". */
  order: CUE_COUNT + 4,
  /** Things shared out one each: "each owns a different pet", "a different colour". */
  assignment: CUE_COUNT + 5,
} as const;
/** Slots of a scan's counts: the cues, then the logic marks. */
export const CUE_SLOTS = CUE_COUNT + Object.keys(Logic).length;

const LOGIC_WORDS: Record<keyof typeof Logic, string> = {
  question: 'definitely necessarily deduce deduced syllogism syllogisms premise premises entail entails entailed',
  connective: 'all every no none nobody nothing never some either neither nor if unless not',
  arrangement: 'sits sit seated seat seats leftmost rightmost',
  truthTeller: 'knight knights knave knaves liar liars truthful truthteller truthtellers',
  order: '',
  assignment: '',
};

/** Each logic word's slot; a plural not listed is looked up without its "s", as the cues are. */
export const LOGIC_LEXICON: ReadonlyMap<string, number> = new Map(
  (Object.keys(LOGIC_WORDS) as (keyof typeof Logic)[]).flatMap((name) => LOGIC_WORDS[name].split(' ').filter(Boolean).map((w): [string, number] => [w, Logic[name]])),
);

/** Two-word logic marks, on the same pairs as the cues. */
export const LOGIC_PAIRS: ReadonlyMap<string, number> = new Map<string, number>([
  ...['it follow', 'it follows', 'this follow', 'this follows', 'that follow', 'that follows', 'follow from', 'follows from', 'logically follow', 'logically follows', 'or false', 'or unknown', 'or uncertain', 'be true', 'be false', 'we conclude', 'be concluded', 'you conclude', 'argument valid', 'reasoning valid', 'valid argument', 'valid conclusion', 'valid inference'].map((p): [string, number] => [p, Logic.question]),
  ...['left of', 'right of', 'far left', 'far right', 'next to', 'immediately left', 'immediately right', 'sitting next', 'either end', 'opposite to', 'the middle'].map((p): [string, number] => [p, Logic.arrangement]),
  ...['taller', 'shorter', 'older', 'younger', 'heavier', 'lighter', 'faster', 'slower', 'earlier', 'later', 'richer', 'higher', 'lower'].map((c): [string, number] => [`${c} than`, Logic.order]),
  ...['always lies', 'always lie', 'the truth'].map((p): [string, number] => [p, Logic.truthTeller]),
  ...['a different', 'different one'].map((p): [string, number] => [p, Logic.assignment]),
]);

const WORDS: Record<CueName, string> = {
  codeLanguage:
    'python javascript typescript java kotlin swift rust golang ruby php perl scala haskell elixir c++ c# sql mysql postgres postgresql sqlite bash shell zsh powershell html css jsx tsx react vue angular svelte nodejs node django flask fastapi express rails pandas numpy pytorch tensorflow docker dockerfile kubernetes terraform git npm pip regex regexp graphql json yaml xml redis mongodb nginx jquery matlab lua dart flutter android ios linux unix cpp csharp vba excel arduino solidity assembly',
  codeTerm:
    'function functions method methods code coding program programs programming script scripts query queries array arrays string strings variable variables loop loops recursion recursive algorithm algorithms implement implementation compile compiler debug bug bugs refactor snippet syntax int integer boolean struct enum pointer pointers lambda callback async await thread threads mutex stack queue hashmap dictionary dict tuple list lists linked node binary tree sort sorting parse parser output input print prints return returns argument arguments parameter parameters console terminal command commandline cli endpoint http api regex sql database table tables column columns row rows index exception error errors stdout stdin runtime iterate iterates iteration',
  codeSystem:
    'class classes component components app application applications website webpage service services server backend frontend microservice microservices system architecture module modules library framework game pipeline deployment schema interface gui dashboard plugin extension bot crawler scraper engine',
  shortCreative:
    'slogan slogans tagline taglines tweet tweets haiku haikus limerick limericks caption captions headline headlines joke jokes pun puns motto mottos couplet couplets riddle riddles nickname nicknames hashtag hashtags jingle toast epigram acrostic catchphrase title titles name names',
  creativeForm:
    'poem poems poetry story stories song songs lyrics verse verses sonnet ballad fable tale tales narrative essay letter email emails speech dialogue monologue scene screenplay novel chapter blog post advertisement ad commercial fiction fairy rap ode lullaby eulogy invitation greeting biography novella musical podcast campaign plot protagonist villain narrator worldbuilding myth legend anecdote persuasive vivid metaphor imagery rhyme rhyming stanza stanzas fantasy screenplay playwright comedy tragedy',
  rolePlay: 'pretend pretending roleplay persona portray embody impersonate',
  mathTerm:
    'calculate compute solve solving equation equations integer integers prime primes digit digits divisible remainder polynomial fraction fractions simplify triangle triangles circle radius diameter angle angles perimeter area volume probability expected sequence series sum product quotient ratio proportion percent percentage average median mean greatest least positive negative real roots root square squares cube sqrt log logarithm exponent modulo mod parabola vertex vertices coordinate coordinates vector vectors matrix matrices sin cos tan factorial permutations combinations arithmetic geometric algebra value values expression base',
  wordProblem:
    'dollars dollar cents each per total altogether left remaining costs cost buys buy bought sells sold pays paid earns earned spends spent price prices hours minutes weeks days miles pounds kilograms feet inches gallons liters pieces boxes bags times twice half third quarter dozen profit discount salary rent',
  estimate: 'estimate estimated estimation approximately approximate roughly fermi ballpark guess',
  proof: 'prove proof proofs derive derivation theorem lemma',
  // A condition's or an event's causes, symptoms, treatments, complications and outlook are several things to explain, not one to look up.
  explain:
    'explain explanation describe why difference differences overview summarize summarise summary discuss elaborate outline mean meaning definition causes effects history symptoms treatment treatments complications outlook prognosis consequences',
  caseDetail:
    'patient patients diagnosis diagnosed symptoms symptom presents presented examination exam laboratory lab treatment therapy medication medications prescribed physician doctor clinic hospital admitted fever pain blood pressure pulse biopsy mri ct plaintiff plaintiffs defendant defendants court judge jury contract contracts tenant landlord employer employee lawsuit sue sued liable liability statute negligence lease breach attorney lawyer legal law jurisdiction claim damages testimony evidence witness prosecution convicted beam load stress circuit voltage pipe pressure failure fracture corrosion torque tolerance study studies trial trials randomized randomised cohort participants enrolled prospective retrospective clinical incidence prevalence mortality outcome outcomes',
  constraint: 'must should include including exactly least most words each every without avoid format sections section paragraphs paragraph bullet bullets limit ensure requirements requirement constraints constraint only tone audience style',
  breadth: 'design detailed comprehensive thorough thoroughly depth extensive extensively exhaustive complete full multiple several scalable distributed production robust architecture strategy plan analysis analyze analyse evaluate framework',
  small: 'short brief briefly quick quickly single one simple tiny little',
  question: 'what who whom whose when where which how whats',
  writeVerb: 'write rewrite rephrase reword paraphrase compose create draft generate craft come brainstorm invent make',
  comparison: 'compare comparison versus vs better best worse pros cons tradeoffs tradeoff advantages disadvantages should recommend',
  quantityQuestion: '',
  // "if", "total" and "combined" are read by the scan (Scan.premiseWords): a word problem's premise and sum as often as a counterfactual.
  hypothetical: 'would could take takes fill fit fits needed need entire whole world worlds all every annually lifetime everyone average typical ever throughout',
  magnitude: 'mass weight energy height volume amount number distance speed power size length cost population calories age',
  codeRequest: '',
  fewLines: 'oneliner',
  howTo: '',
  userStory: '',
  optimum: 'minimum maximum minimize minimise maximize maximise smallest largest longest shortest fewest optimal',
  contestScale: 'modulo queries',
  unit: 'ton tons tonne tonnes kilogram kilograms kilo kilos gram grams pound pounds ounce ounces gallon gallons liter liters litre litres meter meters metre metres kilometer kilometers kilometre kilometres mile miles yard yards acre acres hectare hectares molecule molecules atom atoms calorie calories joule joules watt watts kilowatt kilowatts megawatt megawatts byte bytes kilobyte kilobytes megabyte megabytes gigabyte gigabytes terabyte terabytes barrel barrels cubic foot feet inch inches kwh',
  several: '',
  systemScale: 'system service services server backend microservice microservices crawler platform pipeline cache engine distributed scalable shortener limiter scheduler balancer',
  tests: 'test tests testing unittest unittests pytest jest mocha junit',
  numberWord:
    'two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million twice thrice double triple half third quarter dozen',
};

/** Each word's cues as a bit set; a plural not listed is looked up without its "s". */
export const LEXICON: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const name of Object.keys(WORDS) as CueName[]) {
    for (const word of WORDS[name].split(' ').filter(Boolean)) map.set(word, (map.get(word) ?? 0) | (1 << Cue[name]));
  }
  return map;
})();

export function lookup(word: string): number | undefined {
  const flags = LEXICON.get(word);
  if (flags !== undefined || word.length < 4 || word.charCodeAt(word.length - 1) !== 115) return flags;
  return LEXICON.get(word.slice(0, -1));
}

/** Two-word cues, looked up on the pair of a word and the one before it. */
export const PAIRS: ReadonlyMap<string, number> = new Map<string, number>([
  ['how many', (1 << Cue.wordProblem) | (1 << Cue.quantityQuestion)],
  ['how much', (1 << Cue.wordProblem) | (1 << Cue.quantityQuestion)],
  ['how long', 1 << Cue.quantityQuestion],
  ['how big', 1 << Cue.quantityQuestion],
  ['how large', 1 << Cue.quantityQuestion],
  ['how far', 1 << Cue.quantityQuestion],
  ['how heavy', 1 << Cue.quantityQuestion],
  ['how fast', 1 << Cue.quantityQuestion],
  ['how often', 1 << Cue.quantityQuestion],
  ['how old', 1 << Cue.quantityQuestion],
  ['how likely', 1 << Cue.quantityQuestion],
  // "write a function", "a SQL query": an article before a program is a request for one.
  ['a function', (1 << Cue.codeTerm) | (1 << Cue.codeRequest)],
  ['a program', (1 << Cue.codeTerm) | (1 << Cue.codeRequest)],
  ['a script', (1 << Cue.codeTerm) | (1 << Cue.codeRequest)],
  ['a method', (1 << Cue.codeTerm) | (1 << Cue.codeRequest)],
  ['a query', (1 << Cue.codeTerm) | (1 << Cue.codeRequest)],
  ['a regex', (1 << Cue.codeTerm) | (1 << Cue.codeRequest)],
  ['a class', 1 << Cue.codeRequest],
  ['user can', 1 << Cue.userStory],
  ['users can', 1 << Cue.userStory],
  ['user should', 1 << Cue.userStory],
  ['user must', 1 << Cue.userStory],
  ['do i', 1 << Cue.howTo],
  ['do you', 1 << Cue.howTo],
  ['how does', 1 << Cue.explain],
  ['how do', 1 << Cue.explain],
  ['how did', 1 << Cue.explain],
  ['how is', 1 << Cue.explain],
  ['how are', 1 << Cue.explain],
  ['what happens', 1 << Cue.explain],
  ['what are', 1 << Cue.several],
  ['which are', 1 << Cue.several],
  ['tell me', 1 << Cue.explain],
  ['what proportion', 1 << Cue.quantityQuestion],
  ['what fraction', 1 << Cue.quantityQuestion],
  ['what percentage', 1 << Cue.quantityQuestion],
  ['act as', 1 << Cue.rolePlay],
  ['you are', 1 << Cue.rolePlay],
  ['you were', 1 << Cue.rolePlay],
  ['imagine you', 1 << Cue.rolePlay],
  ['role play', 1 << Cue.rolePlay],
  ['in character', 1 << Cue.rolePlay],
  ['as if', 1 << Cue.rolePlay],
  ['year old', 1 << Cue.caseDetail],
  ['show that', 1 << Cue.proof],
  ['at least', 1 << Cue.constraint],
  ['no more', 1 << Cue.constraint],
  ['end to', 1 << Cue.breadth],
  ['few words', 1 << Cue.fewLines],
  // "a two-sentence story", "a four-line poem": a length of a few lines or sentences is a short piece.
  ...['one', 'two', 'three', 'four'].flatMap((n) => ['line', 'lines', 'sentence', 'sentences'].map((unit): [string, number] => [`${n} ${unit}`, 1 << Cue.fewLines])),
]);
