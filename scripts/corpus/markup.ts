/**
 * Turns the markup some sources are written in (LeetCode's HTML problem statements, the app-ideas
 * Markdown specifications) into the plain text a user would paste, and reads the metadata the
 * labeling rules use out of the same files. Nothing that states the label is left in the prompt.
 */

const ENTITIES: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", le: '≤', ge: '≥', ne: '≠', times: '×', minus: '−' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** HTML of a problem statement as plain text: paragraphs and list items on their own lines, exponents as ^n. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<sup>\s*([^<]*?)\s*<\/sup>/gi, '^$1')
    .replace(/<sub>\s*([^<]*?)\s*<\/sub>/gi, '_$1')
    .replace(/<li[^>]*>/gi, '\n- ')
    .replace(/<br\s*\/?>|<\/?(p|div|pre|ul|ol|h\d|table|tr)[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(text)
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    // List items follow each other without a blank line between them.
    .replace(/^(- .*)\n\n(?=- )/gm, '$1\n')
    .trim();
}

/** A doocs/leetcode README_EN.md: its front matter's difficulty and the problem statement between the description markers. */
export function leetCodeProblem(readme: string): { difficulty: string; statement: string } | null {
  const difficulty = /^difficulty:\s*(\w+)\s*$/m.exec(readme)?.[1];
  const start = readme.indexOf('<!-- description:start -->');
  const end = readme.indexOf('<!-- description:end -->');
  if (!difficulty || start < 0 || end < start) return null;
  return { difficulty, statement: htmlToText(readme.slice(start + '<!-- description:start -->'.length, end)) };
}

/** Sections of an app-ideas specification that are pointers to other people's solutions, not requirements. */
const NOT_SPECIFICATION = /^##\s+(useful links|example projects)/i;

/**
 * An app-ideas specification: its tier (the label's metadata, removed from the prompt) and the
 * text a user would hand over, up to the links and example solutions that follow the requirements.
 */
export function appIdea(markdown: string): { tier: string; spec: string } | null {
  const tier = /^\*\*Tier:\*\*\s*(\S+)/m.exec(markdown)?.[1];
  if (!tier) return null;
  const lines: string[] = [];
  for (const line of markdown.split('\n')) {
    if (NOT_SPECIFICATION.test(line)) break;
    if (!/^\*\*Tier:\*\*/.test(line)) lines.push(line.trimEnd());
  }
  return { tier, spec: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim() };
}

/** The question-answer pairs of a MedQuAD document: each question with its type and its answer's length in words. */
export function medQuadPairs(xml: string): { qid: string; qtype: string; question: string; answerWords: number }[] {
  const pairs: { qid: string; qtype: string; question: string; answerWords: number }[] = [];
  for (const m of xml.matchAll(/<Question qid="([^"]+)" qtype="([^"]+)">([^<]*)<\/Question>\s*<Answer>([^<]*)<\/Answer>/g)) {
    const answer = decodeEntities(m[4]!).trim();
    pairs.push({ qid: m[1]!, qtype: m[2]!, question: decodeEntities(m[3]!).replace(/\s+/g, ' ').trim(), answerWords: answer === '' ? 0 : answer.split(/\s+/).length });
  }
  return pairs;
}

/** The sections of the system-design-primer README whose tables list design questions, by the heading each sits under. */
export type DesignSection = 'system design' | 'object-oriented design';

const DESIGN_TABLES: readonly { heading: RegExp; section: DesignSection }[] = [
  { heading: /^#{2,3} System design interview questions with solutions/, section: 'system design' },
  { heading: /^#{2,3} Additional system design interview questions/, section: 'system design' },
  { heading: /^#{2,3} Object-oriented design interview questions with solutions/, section: 'object-oriented design' },
];

/**
 * The design questions of the system-design-primer README: each table row's question, the section
 * it is listed under (the label's metadata) and the Markdown solution it links to, if any. The
 * "Add a … question" rows are invitations to contribute, not questions.
 */
export function designQuestions(readme: string): { section: DesignSection; question: string; solution: string | null }[] {
  const found: { section: DesignSection; question: string; solution: string | null }[] = [];
  let section: DesignSection | null = null;
  for (const line of readme.split('\n')) {
    if (/^#{1,3} /.test(line)) section = DESIGN_TABLES.find((t) => t.heading.test(line))?.section ?? null;
    const row = /^\| ([^|]+?) \|(.*)$/.exec(line);
    if (!section || !row || row[1] === 'Question' || /^Add an? /.test(row[1]!) || /^-+$/.test(row[1]!)) continue;
    found.push({ section, question: row[1]!, solution: /\]\((solutions\/[^)]+\.md)\)/.exec(row[2]!)?.[1] ?? null });
  }
  return found;
}

/**
 * A worked system-design solution's problem statement: the use cases and the constraints and
 * assumptions it states (Step 1), without the interview advice around them or the usage
 * arithmetic that begins the answer.
 */
export function designSpec(solution: string): string | null {
  const lines = solution.split('\n');
  const start = lines.findIndex((l) => /^### Use cases/.test(l));
  const end = lines.findIndex((l, i) => i > start && /^(#### Calculate usage|## Step 2)/.test(l));
  if (start < 0 || end < 0) return null;
  return lines
    .slice(start, end)
    .filter((l) => !l.startsWith('>') && !/^Without an interviewer/.test(l) && !/^\*\*Clarify with your interviewer/.test(l))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
