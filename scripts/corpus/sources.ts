/**
 * The public datasets the training corpus is drawn from: where each input lives (repository,
 * commit, path, pinned git object id), its licence, and how its rows become labeled prompts.
 * Only train splits and instruction sets: no benchmark test or dev split is read.
 */
import { parseCsv } from '../../src-main/core/eval/dataset';
import type { GitObjects } from './git-objects';
import { appIdea, designQuestions, designSpec, leetCodeProblem, medQuadPairs } from './markup';
import { labelActAs, labelAppIdea, labelCodeInstruction, labelDesignQuestion, labelDocstringCompletion, labelExpertQa, labelFermi, labelFolio, labelGsm8k, labelLeetCode, isMbppTrainTask, labelMath, labelMbpp, labelMedQuad, labelPubMedQa, labelRoleplay, labelWebQuestions, pubMedQaPrompt, type Label } from './labeling';

export interface RawRow {
  /** Stable within the source: a line number, a file path, a record id. */
  nativeId: string;
  prompt: string;
  label: Label | null;
}

export interface CorpusSource {
  name: string;
  repo: string;
  commit: string;
  path: string;
  /** Blob id of the input file, or tree id of the input folder. */
  object: string;
  licence: string;
  /** What part of the dataset is read, for the licences table. */
  split: string;
  read(git: GitObjects): RawRow[];
}

const json = (buf: Buffer): unknown => JSON.parse(buf.toString('utf8'));

export const jsonLines = <T>(buf: Buffer): T[] =>
  buf
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

const withInput = (instruction: string, input: string | undefined): string => (input && input.trim() ? `${instruction.trim()}\n\n${input.trim()}` : instruction.trim());

/** PubMedQA's list of test-split ids (blob of data/test_ground_truth.json at the commit read). */
export const PUBMEDQA_TEST_IDS = '825bf8f262c3cca0e3bd1c6f38eecf5e581b0659';

/**
 * LiveCodeBench, a code-generation test set, takes LeetCode's problems from May 2023 on. LeetCode
 * numbers its problems as it publishes them, and 2660 opened Weekly Contest 343 (30 April 2023):
 * only problems numbered below it are read, so no problem of that test set is trained on.
 */
const FIRST_LIVECODEBENCH_ERA_PROBLEM = 2660;

/**
 * ExpertQA's long-form QA splits (blobs under data/lfqa at the commit read): its questions come
 * with their metadata only in data/r1_data_anon.jsonl, so that file is read for the questions of
 * the random split's train part, less any that also sit in a test or validation part of either split.
 */
const EXPERTQA_TRAIN = '130e279e66d28db0c2a08bfd6485df1f3dd93794';
export const EXPERTQA_HELD_OUT = ['60a2ef51587d24de4331095843f7135084261c39', 'fd5b9e4056c04fe68ae24cb30551117376d5628c', 'a0b0b1d5b5b5af1f10a580bcb70e39aa17f563f5', 'cedd75b8e36fd4f3fedde0c64a2f4ed4451121f4'];

/** A path in doocs/leetcode's `solution` tree, `2600-2699/2659.Make Array Empty/README_EN.md`, → 2659. */
function problemNumber(path: string): number {
  return Number(path.split('/')[1]?.split('.')[0]);
}

export const SOURCES: readonly CorpusSource[] = [
  {
    name: 'gsm8k-train',
    repo: 'openai/grade-school-math',
    commit: '3101c7d5072418e28b9008a6636bde82a006892c',
    path: 'grade_school_math/data/train.jsonl',
    object: '7d97154b91aef28d01c3301741c81ce90039a4b1',
    licence: 'MIT',
    split: 'train',
    read(git) {
      return jsonLines<{ question: string; answer: string }>(git.blob(this.object)).map((row, i) => ({ nativeId: String(i + 1), prompt: row.question, label: labelGsm8k(row.answer) }));
    },
  },
  {
    name: 'math-train',
    repo: 'aiwaves-cn/agents',
    commit: 'e8c4e3c2d19739d3dff59e577d1c97090cc15f59',
    path: 'src/agents/datasets/data/math/train',
    object: '1b5669532fda015eed688683b42c2cf892ec8997',
    licence: 'MIT (MATH, Hendrycks et al.; copy vendored in aiwaves-cn/agents)',
    split: 'train (7,500 problems)',
    read(git) {
      return git.files(this.object).map((f) => {
        const row = json(f.content) as { problem: string; level: string };
        return { nativeId: f.path, prompt: row.problem, label: labelMath(row.level) };
      });
    },
  },
  {
    name: 'fermi-realfp-train',
    repo: 'allenai/fermi',
    commit: 'dfd4ceec41ef5fa0fe63e24c6027f13730d39a36',
    path: 'data/realFP/train_realfp.json',
    object: 'b44f65896a92d52e7ef66011f9ca882fb29289bb',
    licence: 'none stated (AllenAI research release; text not redistributed)',
    split: 'train',
    read(git) {
      return (json(git.blob(this.object)) as { question: string }[]).map((row, i) => ({ nativeId: String(i), prompt: row.question, label: labelFermi() }));
    },
  },
  {
    name: 'webquestions-train',
    repo: 'brmson/dataset-factoid-webquestions',
    commit: '668890853388010fe6ae9a5eb035a7917b88933b',
    path: 'main/trainmodel.json',
    object: '27ffc1d65fa7d4ce8083e85c17a0a18ba75390b8',
    licence: 'CC BY 4.0',
    split: 'train (trainmodel part)',
    read(git) {
      return (json(git.blob(this.object)) as { qId: string; qText: string; answers: string[] }[]).map((row) => ({
        nativeId: row.qId,
        prompt: row.qText,
        label: labelWebQuestions(row.answers),
      }));
    },
  },
  {
    // Replaces CodeAlpaca (CC BY-NC 4.0), which a commercially used router cannot be trained on.
    name: 'gpteacher-codegen',
    repo: 'teknium1/GPTeacher',
    commit: '481075123c29854bddb82655badeef6a438f2436',
    path: 'Codegen/codegen-instruct.json',
    object: '83c30caecc5bb9899cd2cc501842b6c2672f8626',
    licence: 'MIT',
    split: 'instruction set',
    read(git) {
      return (json(git.blob(this.object)) as { instruction: string; input?: string; response: string }[]).map((row, i) => ({
        nativeId: String(i),
        prompt: withInput(row.instruction, row.input),
        label: labelCodeInstruction(row.response),
      }));
    },
  },
  {
    name: 'thealgorithms-docstrings',
    repo: 'TheAlgorithms/Python',
    commit: 'f5988cc09713315817df6a7e327e258013a94440',
    path: '(all .py files)',
    object: 'bb56d752b755f3afaaefcbf07a274b2ada7f16ce',
    licence: 'MIT',
    split: 'source code (documented functions with doctests)',
    read(git) {
      const files = git.files(this.object, (p) => p.endsWith('.py') && !/(^|\/)(tests?|scripts)\//.test(p) && !p.includes('test_'));
      return files.flatMap((f) => documentedFunctions(f.content.toString('utf8')).map((fn) => ({ nativeId: `${f.path}#${fn.name}`, prompt: fn.prompt, label: labelDocstringCompletion(fn.bodyLines) })));
    },
  },
  {
    name: 'gpteacher-roleplay',
    repo: 'teknium1/GPTeacher',
    commit: '481075123c29854bddb82655badeef6a438f2436',
    path: 'Roleplay/roleplay-simple-deduped-roleplay-instruct.json',
    object: '20a44bd7553e4874384db7ae3d9a86d785818a90',
    licence: 'MIT',
    split: 'instruction set',
    read(git) {
      return (json(git.blob(this.object)) as { instruction: string; input?: string }[]).map((row, i) => ({
        nativeId: String(i),
        prompt: withInput(row.instruction, row.input),
        label: labelRoleplay(),
      }));
    },
  },
  {
    name: 'awesome-chatgpt-prompts',
    repo: 'f/awesome-chatgpt-prompts',
    commit: '32cb65f4bae5f46bfa7c1cb8af2aeb6c1a57b098',
    path: 'prompts.csv',
    object: '68e0eebd667f0353e0f090ea2dc519f3f738697f',
    licence: 'CC0 1.0',
    split: 'prompt collection',
    read(git) {
      const { rows } = parseCsv(git.blob(this.object).toString('utf8'));
      return rows.slice(1).map((r) => {
        const [act = '', prompt = ''] = r.fields;
        return { nativeId: act, prompt, label: labelActAs(act, prompt) };
      });
    },
  },
  {
    name: 'pubmedqa-train',
    repo: 'pubmedqa/pubmedqa',
    commit: '1cbae8e92f72f20c8d3747cbb3bf5bc53554d997',
    path: 'data/ori_pqal.json',
    object: '38db7750761c78950ed32303e7545bdaa513390c',
    licence: 'MIT',
    split: `the 500 expert-labelled questions outside the test split (test ids: data/test_ground_truth.json, ${PUBMEDQA_TEST_IDS.slice(0, 10)})`,
    read(git) {
      const testIds = new Set(Object.keys(json(git.blob(PUBMEDQA_TEST_IDS)) as Record<string, string>));
      return Object.entries(json(git.blob(this.object)) as Record<string, { QUESTION: string; CONTEXTS: string[]; LABELS: string[] }>).map(([id, row]) => ({
        nativeId: id,
        prompt: pubMedQaPrompt(row.QUESTION, row.CONTEXTS, row.LABELS),
        label: labelPubMedQa(id, testIds),
      }));
    },
  },
  {
    name: 'leetcode',
    repo: 'doocs/leetcode',
    commit: 'b6ee4f59f28bcf325b7ec535d0a0e12b409e70f4',
    path: 'solution/*/README_EN.md',
    object: '26f1c1ef5e2b1a5a5c91e8d40fa7a1c2b2fb6ed2',
    licence: 'CC BY-SA 4.0 (doocs/leetcode; the problem statements are LeetCode\'s)',
    split: `problem statements (English) of the problems numbered below ${FIRST_LIVECODEBENCH_ERA_PROBLEM} (published before May 2023), difficulty from each file's front matter`,
    read(git) {
      const files = git.files(this.object, (p) => p.endsWith('/README_EN.md') && problemNumber(p) < FIRST_LIVECODEBENCH_ERA_PROBLEM);
      return files.flatMap((f) => {
        const problem = leetCodeProblem(f.content.toString('utf8'));
        return problem ? [{ nativeId: f.path.split('/')[1]!.split('.')[0]!, prompt: problem.statement, label: labelLeetCode(problem.difficulty) }] : [];
      });
    },
  },
  {
    name: 'app-ideas',
    repo: 'florinpop17/app-ideas',
    commit: '08b771c8632d04c0d011f2600afcf2e44689918f',
    path: 'Projects/*/*.md',
    object: '97d4e7997b83ad02af89d56d1b941112516b63a1',
    licence: 'MIT',
    split: 'app specifications, tier from each file\'s Tier line',
    read(git) {
      return git.files(this.object, (p) => p.endsWith('.md')).flatMap((f) => {
        const idea = appIdea(f.content.toString('utf8'));
        return idea ? [{ nativeId: f.path, prompt: idea.spec, label: labelAppIdea(idea.tier) }] : [];
      });
    },
  },
  {
    name: 'medquad',
    repo: 'abachaa/MedQuAD',
    commit: '577bd37b96c02d1833b2c9eed2de9f96964e96cb',
    path: '(all .xml files)',
    object: '0e51034956585e1c9f66338dcb990529bff55607',
    licence: 'CC BY 4.0',
    split: 'question-answer pairs with answers (the three MedlinePlus subsets have none)',
    read(git) {
      return git.files(this.object, (p) => p.endsWith('.xml')).flatMap((f) =>
        medQuadPairs(f.content.toString('utf8')).map((p) => ({ nativeId: `${f.path.split('/')[0]}#${p.qid}`, prompt: p.question, label: labelMedQuad(p.qtype, p.answerWords) })),
      );
    },
  },
  {
    name: 'expertqa-train',
    repo: 'chaitanyamalaviya/ExpertQA',
    commit: '1aa7ba81bd4c083c12ef1aa2fee338f6cb60fa87',
    path: 'data/r1_data_anon.jsonl',
    object: '7c90f4e5313b8270ee27da1c709d38d702e3248a',
    licence: 'MIT',
    split: `questions of the long-form QA random split's train part (data/lfqa/rand_lfqa_train.json, ${EXPERTQA_TRAIN.slice(0, 10)}), none of either split's test or validation parts`,
    read(git) {
      const questions = (id: string): Set<string> => new Set(jsonLines<{ question: string }>(git.blob(id)).map((r) => r.question.trim()));
      const train = questions(EXPERTQA_TRAIN);
      const heldOut = new Set(EXPERTQA_HELD_OUT.flatMap((id) => [...questions(id)]));
      return jsonLines<{ question: string; metadata: { question_type: string; field: string } }>(git.blob(this.object)).flatMap((row, i) => {
        const question = row.question.trim();
        if (!train.has(question) || heldOut.has(question)) return [];
        return [{ nativeId: String(i + 1), prompt: question, label: labelExpertQa(row.metadata.question_type, row.metadata.field, question) }];
      });
    },
  },
  {
    name: 'system-design-primer',
    repo: 'donnemartin/system-design-primer',
    commit: 'ae9bbd7b02d90b9866215de185217d33f39ab733',
    path: 'README.md, solutions/system_design/*/README.md',
    object: '9c8ac8640a49cfae54d38b4932a825796a2468c5',
    licence: 'CC BY 4.0',
    split: 'the design questions the README lists (section from its heading); use cases and constraints from each worked solution',
    read(git) {
      const files = new Map(git.files(this.object, (p) => p === 'README.md' || /^solutions\/system_design\/[^/]+\/README\.md$/.test(p)).map((f) => [f.path, f.content.toString('utf8')]));
      return designQuestions(files.get('README.md') ?? '').map(({ section, question, solution }) => {
        const spec = solution ? designSpec(files.get(solution) ?? '') : null;
        return { nativeId: question, prompt: spec ? `${question}\n\n${spec}` : question, label: labelDesignQuestion(section) };
      });
    },
  },
  {
    name: 'mbpp-train',
    repo: 'Yogi-20MIS7040/DL',
    commit: 'b163043d8b8a2935b8c4fa3cee384adb8a3add35',
    path: 'original.jsonl',
    object: '96e2dc2f7dd95b7b87b38dc46e42cbed444251bb',
    licence: 'CC BY 4.0 (MBPP, Austin et al. 2021; unmodified copy of its mbpp.jsonl, all 974 tasks, vendored in Yogi-20MIS7040/DL)',
    split: 'train (task ids 601-974, less the 3 whose description repeats a test task\'s word for word); prompts in three common forms by task id: the task alone, with its tests, and in the MBPP paper\'s prompt',
    read(git) {
      const rows = jsonLines<{ task_id: number; text: string; code: string; test_list: string[] }>(git.blob(this.object));
      const heldOutTexts = new Set(rows.filter((r) => !isMbppTrainTask(r.task_id)).map((r) => r.text.trim()));
      return rows.map((row) => ({
        nativeId: String(row.task_id),
        prompt: mbppPrompt(row.task_id, row.text, row.test_list),
        label: labelMbpp(row.task_id, row.text, row.code, heldOutTexts),
      }));
    },
  },
  {
    name: 'folio-train',
    repo: 'Yale-LILY/FOLIO',
    commit: '5d7bb84c7edab3fb358e057d2807f19cf5cf5e2d',
    path: 'data/v0.0/folio-train.jsonl',
    object: '6b199ee52af24a6e74fda22f87760a8647c9dbbd',
    licence: 'CC BY-SA 4.0',
    split: 'train (v0.0); one conclusion per story (its lowest example id), in three common phrasings by example id',
    read(git) {
      // A story's conclusions share its premises word for word: one per story, so no story counts many times.
      const stories = new Set<number>();
      return jsonLines<{ story_id: number; example_id: number; premises: string[]; 'premises-FOL': string[]; conclusion: string }>(git.blob(this.object))
        .sort((a, b) => a.example_id - b.example_id)
        .flatMap((row) => {
          if (stories.has(row.story_id)) return [];
          stories.add(row.story_id);
          return [{ nativeId: String(row.example_id), prompt: folioPrompt(row.example_id, row.premises, row.conclusion), label: labelFolio(row['premises-FOL']) }];
        });
    },
  },
];

/**
 * MBPP's task as users and evaluation harnesses send it, one form per task id in turn: the task
 * alone; the task with the tests it must pass; the MBPP paper's prompt, an expert persona before both.
 */
export function mbppPrompt(taskId: number, text: string, tests: readonly string[]): string {
  const withTests = `${text.trim()}\nYour code should pass these tests:\n\n${tests.join('\n')}`;
  switch (taskId % 3) {
    case 0:
      return text.trim();
    case 1:
      return withTests;
    default:
      return `You are an expert Python programmer, and here is your task: ${withTests.replace('\n', ' ')}`;
  }
}

/**
 * A FOLIO example as people ask it, one phrasing per example id in turn: the premises as a
 * paragraph and the question; a premises list and the conclusion; the premises one a line and
 * "does this follow".
 */
export function folioPrompt(exampleId: number, premises: readonly string[], conclusion: string): string {
  const facts = premises.map((p) => p.trim());
  const claim = conclusion.trim();
  switch (exampleId % 3) {
    case 0:
      return `${facts.join(' ')}\n\nBased on these premises, is the following conclusion true, false, or unknown?\n${claim}`;
    case 1:
      return `Premises:\n${facts.map((p) => `- ${p}`).join('\n')}\n\nConclusion: ${claim}\n\nIs the conclusion true, false, or uncertain given the premises?`;
    default:
      return `${facts.join('\n')}\n\nDoes this follow from the statements above? "${claim}" Answer true, false, or unknown.`;
  }
}

interface DocumentedFunction {
  name: string;
  /** Signature line(s) and docstring, as written. */
  prompt: string;
  /** Non-blank, non-comment lines after the docstring. */
  bodyLines: number;
}

/** Top-level functions whose docstring carries doctests: the signature and docstring are the prompt. */
export function documentedFunctions(source: string): DocumentedFunction[] {
  const lines = source.split('\n');
  const found: DocumentedFunction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const def = /^def (\w+)\(/.exec(lines[i]!);
    if (!def) continue;
    let j = i;
    while (j < lines.length && !/\)\s*(->[^:]*)?:\s*$/.test(lines[j]!)) j++;
    const open = j + 1;
    const quote = /^\s+(r?)("""|''')/.exec(lines[open] ?? '');
    if (!quote) continue;
    let close = open;
    const delimiter = quote[2]!;
    if ((lines[open] ?? '').split(delimiter).length < 3) {
      close = open + 1;
      while (close < lines.length && !(lines[close] ?? '').includes(delimiter)) close++;
    }
    let end = close + 1;
    while (end < lines.length && (lines[end]!.trim() === '' || /^\s/.test(lines[end]!))) end++;
    const docstring = lines.slice(open, close + 1).join('\n');
    if (!docstring.includes('>>>')) continue;
    const bodyLines = lines.slice(close + 1, end).filter((l) => l.trim() !== '' && !l.trim().startsWith('#')).length;
    found.push({ name: def[1]!, prompt: lines.slice(i, close + 1).join('\n') + '\n', bodyLines });
    i = end - 1;
  }
  return found;
}
