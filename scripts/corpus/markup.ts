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
