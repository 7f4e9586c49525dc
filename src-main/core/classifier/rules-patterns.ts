import type { Category } from '../../../src-shared/labels';

/**
 * Pattern families for the rules classifier. Each family is a kind of evidence (a code fence,
 * a creative form, a calculation...), not a list of example prompts: keep them general.
 * Patterns run on the lowercased prompt unless `raw` is set (case carries the signal, as in
 * camelCase). A family adds `weight` per match, counting at most `max` matches (default 1).
 */
export interface Cue {
  re: RegExp;
  weight: number;
  max?: number;
  raw?: boolean;
}

const LANGUAGES =
  'python|javascript|typescript|java|kotlin|swift|swiftui|rust|golang|ruby|php|perl|scala|haskell|elixir|c\\+\\+|c#|sql|mysql|postgres|postgresql|sqlite|bash|zsh|powershell|html|css|jsx|tsx|react|vue|angular|svelte|next\\.js|node|node\\.js|deno|django|flask|fastapi|express|express\\.js|spring boot|rails|pandas|numpy|pytorch|tensorflow|docker|dockerfile|kubernetes|k8s|terraform|ansible|git|github actions|npm|yarn|pip|vim|vscode|regex|regexp|graphql|json|yaml|webpack|redis|kafka|mongodb|nginx|websockets?|airflow|s3|ecs|lambda function';

const ARTIFACTS =
  'function|functions|method|methods|class|script|program|query|queries|regex|component|endpoint|api|cli|hook|unit tests?|test suite|module|library|dockerfile|workflow|parser|lexer|compiler|interpreter|server|backend|service|app|crawler|allocator|cache|schema|migrations?|one-liner|pipeline|extension|implementation|algorithm|data structure|buffer|queue';

export const CATEGORY_CUES: Record<Category, readonly Cue[]> = {
  code: [
    { re: /```/, weight: 5 },
    { re: /`[^`\n]+`/, weight: 2 },
    // Stack traces, compiler and runtime errors.
    { re: /\b(traceback|stack ?trace|exception|segfault|segmentation fault|syntax error|compile error|null pointer|cannot read propert\w*|undefined is not|error\[e\d+\]|error:|deadlocks?|memory leak|oom)/, weight: 4 },
    { re: new RegExp(`\\b(${LANGUAGES})(?!\\w)|\\b(in|using|with) (go|c)\\b`, 'g'), weight: 2.5, max: 2 },
    { re: new RegExp(`\\b(write|create|implement|build|make|give me|generate|fix|refactor|optimi[sz]e|convert|review)\\b[^.?!\\n]{0,40}\\b(${ARTIFACTS})\\b`), weight: 2.5 },
    {
      re: /\b(variable|array|arrays|list comprehension|dict|dictionary|hash ?map|linked lists?|binary search|b-tree|recursion|recursive|for loop|while loop|loop|string|integer|boolean|struct|enum|generics?|lambda|closure|callback|promise|async|await|threads?|thread-safe|mutex|pointer|atomics|runtime|debug|debugging|bug|bugs|refactor|unit tests?|tests|endpoint|frontend|backend|repo|repository|commit|branch|pull request|ci\/cd|deploy|deployment|container|containers|code|coding|programming|syntax|compile|snippet|typo|time complexity|o\(1\)|o\(n\)|big-o|stdout|stdin|terminal|command line|command|flag|install|package|framework|microservices?|crud|jwt|oauth|http|rest api|websocket|sdk|cli|idempotent|concurrency|concurrent|vectori[sz]ed|schema|migrations?|indexes|orm|n\+1|implement|keyword|port|version|status code|data structure)\b/g,
      weight: 1,
      max: 4,
    },
    { re: /\b(my|this|the following|the) (code|script|function|snippet|query|program|regex|class|method|component)\b|\bwhat'?s wrong with (my|this)\b/, weight: 2.5 },
    // Identifiers and syntax: snake_case, camelCase, calls, operators, braces, file names.
    { re: /\b[a-z]+_[a-z0-9_]+\b/, weight: 2 },
    { re: /\b[a-z]+[A-Z][a-zA-Z]*\b/, weight: 1.5, raw: true },
    { re: /\w\([^)\s]*\)|\.[a-z_]\w*\(/, weight: 2 },
    { re: /=>|===|!==|==|!=|&&|\|\||::|->|\+=|[{};]\s*$/m, weight: 2 },
    { re: /\b\w+\.(py|js|ts|tsx|jsx|java|rs|cpp|hpp|rb|php|sh|yml|yaml|json|csv|sql|html|css|log|txt|jpe?g|png|gz)\b|\.(log|jpe?g|py|js|ts|csv|json) files?\b/, weight: 2 },
  ],
  creative: [
    { re: /\b(poem|poems|poetry|poetic|haiku|haikus|limerick|sonnets?|villanelle|ghazal|pantoum|verse|verses|stanzas?|rhym\w*|lyrics|song|songs|rap|ballad|ode|lullaby|acrostic|couplet)\b/, weight: 4 },
    {
      re: /\b(story|stories|fiction|fairy tale|tale|fable|myth|novel|novella|chapters?|screenplay|one-act|(a|stage) play|scene|dialogue|monologue|plot|characters?|narrator|protagonist|villains?|backstory|world-?building|fantasy|sci-fi|science fiction|noir|mystery|thriller|romance|adventure)\b/g,
      weight: 2.5,
      max: 2,
    },
    { re: /\b(joke|jokes|pun|puns|funny|humou?r|humorous|witty|comedy|comedic|satire|satirical|parody|riddle|knock-knock)\b/, weight: 3 },
    {
      re: /\b(slogan|tagline|catchphrase|caption|hashtag|headline|title for|name ideas|names? for|nickname|band name|brand|motto|toast|speech|eulogy|vows|greeting|birthday|thank[- ]you|card|invitation|out-of-office|cover letter|letter|email|bio|dating profile|linkedin|tweet|instagram|post|press release|op-ed|ad copy|copy|product description|landing page|campaign|marketing|pitch|podcast|keynote|stand-up|fundraising|message|note)\b/g,
      weight: 2,
      max: 2,
    },
    {
      re: /\b(in the style of|in the voice of|voice|tone|vivid|whimsical|playful|heartfelt|imaginative|creative|original|persuasive|catchy|clever|cute|spooky|scary|poignant|from the perspective of|point of view|rewrite|rephrase|reword|shorten|make it (shorter|longer|more|less)|sound more|friendly|humble|warm|gentle|imagery|metaphor|twist|ending)\b/g,
      weight: 1.5,
      max: 3,
    },
    { re: /\b(write|compose|come up with|brainstorm|make up|invent|imagine|create|suggest|generate)\b/, weight: 0.8 },
    { re: /\b(pretend (you are|you're|to be)|act as|role-?play|you are an? \w+ (who|that)|in character)\b/, weight: 2.5 },
  ],
  reasoning: [
    // Arithmetic on numbers in the prompt.
    { re: /\d\s*([-+*/×x^=]|times|plus|minus|divided by|multiplied by|to the power of)\s*\(?\d|\d\s*[a-z]\s*[-+=]\s*\d|\d\s*%|\bpercent|\$\s?\d|\d+\s*(km|mph|miles|hours?|minutes|cm|kg|years?|days|weeks|months|dozen)\b/, weight: 3 },
    {
      re: /\b(calculate|compute|solve|solving|equation|formula|estimate|probability|chance|odds|expected|average|ratio|proportion|percentage|interest|compounded|sum|divided|times|multiply|square root|power of|primes?|integers?|divisible|factor|sequence|series|fraction|decimal|round|perimeter|area|volume|speed|distance|rate|per|cheaper|faster|slower|bigger|smaller|larger|older|younger|heavier|lighter|taller|shorter|tallest|shortest|youngest|oldest|fastest|largest|smallest|fair|fairly|split|cost|costs|how many|how much|how long)\b/g,
      weight: 1,
      max: 3,
    },
    { re: /\b(prove|proof|show that|derive|derivation|theorem|lemma|induction|logic|logical|logicians?|deduce|deduction|deductions|infer|valid|fallacy|flaw|paradox|puzzle|riddle|contradiction|winning strategy)\b/, weight: 3 },
    {
      re: /\b(compare|comparing|comparison|versus|vs|trade-?offs?|pros and cons|advantages and disadvantages)\b/,
      weight: 3,
    },
    {
      re: /\b(better|best|worse|worth|should (i|we|they|a|the|you)|which (is|one|should|option)|recommend\w*|decide|decision|choose|choosing|choice|prioriti[sz]e|option [a-c])\b/g,
      weight: 2,
      max: 2,
    },
    {
      re: /\b(analy[sz]e|analysis|evaluate|assess|critically|argue|argument|arguments|justify|reasoning|implications?|consequences|effects|what would happen|what if|suppose|assume|assumptions|hypothes[ie]s|scenarios?|likely|predict|forecast|risks?|strategy|plan|budget|model|quantify|optimi[sz]e|minimi[sz]e|maximi[sz]e|uncertaint\w*|decompose|recommendation|impact|consider|considering|classify|categori[sz]e|which of the following)\b/g,
      weight: 1.5,
      max: 3,
    },
    { re: /\b(step by step|show your work|show (the|your) reasoning|explain (the|your) reasoning|walk me through how to think|think through|reason through|help me decide)\b/, weight: 2.5 },
    { re: /\bwhy (do you think|might|would|or why not)\b|\bif\b[^.?!]{3,80}\b(then|what|how|when|which|who)\b|(^|[.?!:]\s+)(if|suppose|assuming|given that)\b|\bwhat would (be|happen)\b/, weight: 1.5 },
  ],
  factual: [
    { re: /^\s*(what|what's|whats|who|whom|whose|when|where|which|how (do|does|did|is|are|was|were|many|much|long|far|old|big|tall)|is|are|was|were|did|does|name|list|define|describe|explain|tell me|give me an? (overview|summary|history|explanation)|summari[sz]e|translate|convert)\b/, weight: 1 },
    {
      re: /\b(what is|what are|what was|what were|what does|what's|whats|who (is|was|were|wrote|painted|discovered|invented)|when (did|was|is|were)|where (is|are|was|did)|define|definition|meaning|stands? for|known for|history|overview|summary|summari[sz]e|explain|explanation|explainer|describe|how (does|do|did)\b[^?.!]{0,40}\bwork|how\b[^?.!]{0,30}\bworks|tell me about|facts? about|difference between|briefing|account of)\b/g,
      weight: 1.5,
      max: 3,
    },
    {
      re: /\b(historical|century|ancient|empire|war|revolution|dynasty|king|queen|president|government|parliament|constitution|court|courts|capital|country|population|language|currency|planet|planets|star|galaxy|sun|earth|ocean|mountain|river|species|animal|cells?|organ|organs|body|disease|symptoms|vaccines?|immune|genes?|genetic|dna|protein|chemical|element|atom|molecule|physics|chemistry|biology|theory|economy|economic|inflation|religions?|philosophy|culture|invented|discovered|born|founded|system|process)\b/g,
      weight: 0.7,
      max: 3,
    },
  ],
};

/** Evidence that is present before any cue fires: an unremarkable question is a lookup. */
export const CATEGORY_PRIOR: Record<Category, number> = { factual: 0.5, reasoning: 0, creative: 0, code: 0 };

/** Complexity evidence, as additive pushes on one ordinal scale (negative = simpler). */
export const COMPLEXITY_CUES: readonly Cue[] = [
  // Asking for depth, rigour or a large deliverable.
  {
    re: /\b(in depth|in-depth|in detail|detailed|thorough|thoroughly|comprehensive|extensive|complete|full|full-featured|end to end|end-to-end|from scratch|production|scalable|distributed|architecture|design|trade-?offs?|prove|proof|derive|generali[sz]e|critically|framework|multi-\w+|each|every|several|series|sequence of|at least|exactly|no more than|requirements?|constraints?|must|ensure|include|including|covering|plus|then|alternating|across|outline|strategy|recommendation|consider|considering|step-by-step|chapter|chapters|\d{3,}(-| )words?)\b/g,
    weight: 0.45,
    max: 6,
  },
  // Proofs and derivations are multi-step however short the prompt.
  { re: /\b(prove|proof|derive|show that)\b/, weight: 1.2 },
  // Needs an explanation, a worked answer or a mid-sized piece of writing rather than one fact or line.
  {
    re: /\b(explain|explanation|describe|how (does|do|did)\b(?! (i|you|we)\b)|why|compare|difference between|overview|summari[sz]e|tell me about|in a paragraph|paragraph|show your work|walk me through|pros and cons|main|key|major|causes|reasons?|effects|steps|examples?|story|sonnet|poem|lyrics|verse|lullaby|letter|email|speech|eulogy|scene|dialogue|backstory|post|function|script|class|component|tests?)\b/g,
    weight: 0.5,
    max: 2,
  },
  { re: /^\s*(please |can you |could you )?(explain|describe|discuss|outline|elaborate on|summari[sz]e|tell me about)\b/, weight: 0.6 },
  // Asking for one of the tiny forms.
  { re: /\b(haiku|slogan|tagline|joke|pun|limerick|nickname|title|caption|hashtag|one-liner|couplet|riddle|quote|tweet|name (for|ideas))\b/, weight: -0.6 },
  // Explicitly small.
  {
    re: /\b(one sentence|one word|one-line|one line|one-liner|single|just the answer|quick|quickly|briefly|roughly|a couple of lines|two-sentence|four-line|\d-word)\b/,
    weight: -0.9,
  },
];
