/**
 * Builds the classifier's training corpus from fetched snapshots of public datasets plus our own
 * hand-labelled eval_data, byte for byte the same for anyone who fetches the same repositories:
 *
 *   npx tsx scripts/corpus/build-corpus.ts [--mirrors /work/.mirror] [--out eval_data/corpus]
 *
 * Each input is read by its pinned git object id (scripts/corpus/sources.ts), each row labeled by
 * the written rule of its source (scripts/corpus/labeling.ts). Writes, under --out:
 * - corpus.jsonl   the rows with their text (git-ignored: fetched text stays out of the repository)
 * - manifest.tsv   id, source, labels, rule and a hash of the text of every row (no text)
 * - SOURCES.md     the licences table, row counts per source and cell, and corpus.jsonl's sha256
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CATEGORIES, COMPLEXITIES } from '../../src-shared/labels';
import { loadLabeledPrompts } from '../../src-main/core/eval/dataset';
import { GitObjects } from './git-objects';
import { normalise } from './held-out-overlap';
import { SOURCES } from './sources';
import type { CorpusRow } from './corpus-row';

/** Rows kept per source and label cell: enough to learn a cell, not so many that one source dominates. */
const CAP_PER_SOURCE_CELL = 400;
/** Prompts beyond this are pasted documents; the classifiers read only their opening anyway. */
const MAX_PROMPT_CHARS = 6000;

const OWN_SOURCES = [
  // One family ('mmrouter:'): same authors and style, so cross-validation holds them out together.
  { name: 'mmrouter:eval', file: 'eval_data/prompts.yaml' },
  { name: 'mmrouter:extra', file: 'eval_data/train_extra.yaml' },
] as const;
const OWN_LICENCE = 'MIT (this repository)';
const OWN_RULE = 'hand-labelled per eval_data/LABELING.md';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

function main(): void {
  const { values } = parseArgs({ options: { mirrors: { type: 'string', default: '/work/.mirror' }, out: { type: 'string', default: 'eval_data/corpus' } } });
  const mirrors = values.mirrors ?? '/work/.mirror';
  const out = values.out ?? 'eval_data/corpus';

  const candidates: CorpusRow[] = [];
  for (const { name, file } of OWN_SOURCES) {
    for (const row of loadLabeledPrompts(file)) {
      candidates.push({ id: `${name}:${row.line}`, source: name, licence: OWN_LICENCE, rule: OWN_RULE, complexity: row.complexity, category: row.category, prompt: row.prompt });
    }
  }
  for (const source of SOURCES) {
    for (const raw of source.read(GitObjects.forRepo(mirrors, source.repo))) {
      const prompt = raw.prompt.trim();
      if (!raw.label || prompt === '' || prompt.length > MAX_PROMPT_CHARS) continue;
      const { complexity, category, rule } = raw.label;
      candidates.push({ id: `${source.name}:${raw.nativeId}`, source: source.name, licence: source.licence, rule, complexity, category, prompt });
    }
  }

  // Duplicates across and within sources differ at most in case and spacing. First occurrence
  // wins, so our own sets and then the sources' listed order decide which is kept.
  const seen = new Set<string>();
  const unique = candidates.filter((r) => {
    const key = normalise(r.prompt);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  // A deterministic sample per source and cell: the rows whose id hashes lowest.
  const byCell = new Map<string, CorpusRow[]>();
  for (const r of unique) {
    const key = `${r.source}\t${r.complexity}\t${r.category}`;
    byCell.set(key, [...(byCell.get(key) ?? []), r]);
  }
  const rows = [...byCell.values()]
    .flatMap((cell) => (cell[0]!.source.startsWith('mmrouter:') ? cell : [...cell].sort((a, b) => (sha256(a.id) < sha256(b.id) ? -1 : 1)).slice(0, CAP_PER_SOURCE_CELL)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  mkdirSync(out, { recursive: true });
  const corpus = rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
  writeFileSync(path.join(out, 'corpus.jsonl'), corpus);
  writeFileSync(
    path.join(out, 'manifest.tsv'),
    ['id\tsource\tcomplexity\tcategory\trule\tprompt_sha256', ...rows.map((r) => [r.id, r.source, r.complexity, r.category, r.rule, sha256(r.prompt).slice(0, 16)].join('\t'))].join('\n') + '\n',
  );
  writeFileSync(path.join(out, 'SOURCES.md'), sourcesReport(rows, sha256(corpus)));
  console.log(`${rows.length} rows from ${new Set(rows.map((r) => r.source)).size} sources → ${out}/corpus.jsonl (sha256 ${sha256(corpus)})`);
}

function sourcesReport(rows: CorpusRow[], corpusSha: string): string {
  const cells = COMPLEXITIES.flatMap((cx) => CATEGORIES.map((cat) => [cx, cat] as const));
  const names = [...OWN_SOURCES.map((s) => s.name), ...new Set(SOURCES.map((s) => s.name))];
  const count = (source: string | null, cx: string, cat: string): number => rows.filter((r) => (source === null || r.source === source) && r.complexity === cx && r.category === cat).length;
  const header = `| source | ${cells.map(([cx, cat]) => `${cx.slice(0, 1)}/${cat.slice(0, 4)}`).join(' | ')} | total |`;
  const line = (source: string | null): string => `| ${source ?? '**all**'} | ${cells.map(([cx, cat]) => count(source, cx, cat) || '').join(' | ')} | ${rows.filter((r) => source === null || r.source === source).length} |`;
  return [
    '# Training corpus: sources, licences, counts',
    '',
    'Written by `npx tsx scripts/corpus/build-corpus.ts`; do not edit. Every input is read from a fetched',
    'snapshot by its git object id, so the same snapshots rebuild the same `corpus.jsonl`',
    `(sha256 \`${corpusSha}\`). Labels come from each source's own metadata by the rules in`,
    '`scripts/corpus/labeling.ts` (rule per row in `manifest.tsv`); what they mean is `eval_data/LABELING.md`.',
    'Only train splits and instruction sets are read; no benchmark test or dev split.',
    '',
    '| source | repository @ commit | input (git object) | part read | licence |',
    '|---|---|---|---|---|',
    ...OWN_SOURCES.map((s) => `| ${s.name} | this repository | \`${s.file}\` | all | ${OWN_LICENCE} |`),
    ...SOURCES.map((s) => `| ${s.name} | ${s.repo} @ \`${s.commit.slice(0, 10)}\` | \`${s.path}\` (\`${s.object.slice(0, 10)}\`) | ${s.split} | ${s.licence} |`),
    '',
    `Rows per source and cell (complexity/category; at most ${CAP_PER_SOURCE_CELL} per external source and cell, chosen by hash of the row id):`,
    '',
    header,
    `|---|${cells.map(() => '---:').join('|')}|---:|`,
    ...names.map(line),
    line(null),
    '',
  ].join('\n');
}

main();
