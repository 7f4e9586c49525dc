/**
 * Checks that no benchmark's held-out split (test, validation, few-shot) reached the training
 * corpus, reading each split from the fetched snapshot the corpus's train split comes from:
 *
 *   npx tsx scripts/corpus/check-test-splits.ts [--mirrors /work/.mirror] [--corpus eval_data/corpus/corpus.jsonl]
 *
 * Each split is read by its pinned git object id, as scripts/corpus/sources.ts reads the inputs.
 * Prints, per split, the items checked and how many are a corpus prompt (exact), sit inside one
 * (contained: templated prompts wrap the task), or are a row read from the split by id; then every
 * hit. Exits 1 if there is any, 2 if the check cannot run (no corpus, a snapshot not fetched).
 */
import { existsSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GitObjects } from './git-objects';
import { CorpusOverlap, MIN_CHARS, type HeldOutItem } from './held-out-overlap';
import { EXPERTQA_HELD_OUT, jsonLines, PUBMEDQA_TEST_IDS, SOURCES, type CorpusSource } from './sources';
import type { CorpusRow } from './corpus-row';

interface HeldOutSplit {
  name: string;
  /** The corpus source whose snapshot (repository and commit) holds this split. */
  source: string;
  path: string;
  /** Blob ids of the input files, or the tree id of the input folder. */
  objects: readonly string[];
  read(git: GitObjects, source: CorpusSource): HeldOutItem[];
}

/** MBPP's README: tasks 1-10 are few-shot prompts, 11-510 test, 511-600 validation (601-974 train). */
function mbppSplit(name: string, first: number, last: number): HeldOutSplit {
  return {
    name,
    source: 'mbpp-train',
    path: 'original.jsonl',
    objects: [sourceNamed('mbpp-train').object],
    read(git, source) {
      return jsonLines<{ task_id: number; text: string }>(git.blob(this.objects[0]!))
        .filter((r) => r.task_id >= first && r.task_id <= last)
        .map((r) => ({ id: String(r.task_id), text: r.text, rowId: `${source.name}:${r.task_id}` }));
    },
  };
}

/** FOLIO's validation stories, checked as whole premise lists and by their first premise alone (one phrasing may reword the rest). */
function folioSplit(name: string, text: (premises: readonly string[]) => string): HeldOutSplit {
  return {
    name,
    source: 'folio-train',
    path: 'data/v0.0/folio-validation.jsonl',
    objects: ['06244bd10b37eac73cba7aca6c336e96011ace58'],
    read(git) {
      return jsonLines<{ example_id: number; premises: string[] }>(git.blob(this.objects[0]!)).map((r) => ({ id: String(r.example_id), text: text(r.premises) }));
    },
  };
}

const SPLITS: readonly HeldOutSplit[] = [
  {
    name: 'GSM8K test',
    source: 'gsm8k-train',
    path: 'grade_school_math/data/test.jsonl',
    objects: ['e4c2ff4942b9a78bd74f04141224c11e28d12dc9'],
    read(git) {
      return jsonLines<{ question: string }>(git.blob(this.objects[0]!)).map((r, i) => ({ id: String(i + 1), text: r.question }));
    },
  },
  {
    name: 'MATH test',
    source: 'math-train',
    path: 'src/agents/datasets/data/math/test',
    objects: ['6870e89cd2ede49185cdf2c8c2ac2e74f0288732'],
    read(git) {
      return git.files(this.objects[0]!).map((f) => ({ id: f.path, text: (JSON.parse(f.content.toString('utf8')) as { problem: string }).problem }));
    },
  },
  mbppSplit('MBPP test (11-510)', 11, 510),
  mbppSplit('MBPP validation (511-600)', 511, 600),
  mbppSplit('MBPP few-shot (1-10)', 1, 10),
  folioSplit('FOLIO validation (premises)', (premises) => premises.map((p) => p.trim()).join(' ')),
  folioSplit('FOLIO validation (first premise)', (premises) => premises[0] ?? ''),
  {
    name: 'ExpertQA lfqa test+validation',
    source: 'expertqa-train',
    path: 'data/lfqa/{rand,domain}_lfqa_{test,val}.json',
    objects: EXPERTQA_HELD_OUT,
    read(git, source) {
      const fileOf = new Map(git.tree(`${source.commit}:data/lfqa`).map((e) => [e.blob, e.path]));
      return this.objects.flatMap((id) => jsonLines<{ question: string }>(git.blob(id)).map((r, i) => ({ id: `${fileOf.get(id) ?? id}:${i + 1}`, text: r.question })));
    },
  },
  {
    name: 'PubMedQA test',
    source: 'pubmedqa-train',
    path: 'data/test_ground_truth.json (questions from data/ori_pqal.json)',
    objects: [PUBMEDQA_TEST_IDS],
    read(git, source) {
      const questions = JSON.parse(git.blob(source.object).toString('utf8')) as Record<string, { QUESTION: string }>;
      return Object.keys(JSON.parse(git.blob(this.objects[0]!).toString('utf8')) as Record<string, string>).map((id) => ({
        id,
        text: questions[id]?.QUESTION ?? '',
        rowId: `${source.name}:${id}`,
      }));
    },
  },
];

function sourceNamed(name: string): CorpusSource {
  const source = SOURCES.find((s) => s.name === name);
  if (!source) throw new Error(`no corpus source named ${name} in scripts/corpus/sources.ts`);
  return source;
}

function readSplit(split: HeldOutSplit, mirrors: string): HeldOutItem[] {
  const source = sourceNamed(split.source);
  const git = GitObjects.forRepo(mirrors, source.repo);
  try {
    return split.read(git, source);
  } catch (e) {
    throw new Error(`${split.name}: ${(e as Error).message.trim()}; it is pinned in the snapshot of github:${source.repo} at commit ${source.commit.slice(0, 10)}`);
  }
}

function main(): number {
  const { values } = parseArgs({ options: { mirrors: { type: 'string', default: '/work/.mirror' }, corpus: { type: 'string', default: 'eval_data/corpus/corpus.jsonl' } } });
  const mirrors = values.mirrors ?? '/work/.mirror';
  const corpusFile = values.corpus ?? 'eval_data/corpus/corpus.jsonl';
  if (!existsSync(corpusFile)) throw new Error(`no corpus at ${corpusFile}; build it with npx tsx scripts/corpus/build-corpus.ts`);
  const rows = jsonLines<CorpusRow>(readFileSync(corpusFile));
  const corpus = new CorpusOverlap(rows);

  const results = SPLITS.map((split) => {
    const items = readSplit(split, mirrors);
    return { split, byIdApplies: items.some((i) => i.rowId !== undefined), overlap: corpus.check(items) };
  });

  console.log(`${rows.length} corpus prompts (${corpusFile}) against the held-out splits; texts under ${MIN_CHARS} characters skipped, case and spacing ignored\n`);
  const width = Math.max(...SPLITS.map((s) => s.name.length));
  const columns = (cells: readonly (string | number)[]): string => cells.map((c, i) => (i === 0 ? String(c).padEnd(width) : String(c).padStart(9))).join(' ');
  console.log(columns(['held-out split', 'items', 'skipped', 'exact', 'contained', 'by id']));
  for (const { split, byIdApplies, overlap } of results) console.log(columns([split.name, overlap.items, overlap.skipped, overlap.exact, overlap.contained, byIdApplies ? overlap.byId : '-']));

  const hits = results.flatMap(({ split, overlap }) => overlap.hits.map((h) => ({ split: split.name, ...h })));
  console.log();
  for (const h of hits) console.log(`${h.split} ${h.itemId} → ${h.rowId} (${h.how})`);
  console.log(hits.length === 0 ? 'no held-out item is in the corpus' : `${hits.length} held-out item(s) in the corpus: leave them out in scripts/corpus/sources.ts and rebuild`);
  return hits.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`check-test-splits: ${(e as Error).message}`);
  process.exitCode = 2;
}
