import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { LineCounter, isNode, isSeq, parseDocument } from 'yaml';
import { z } from 'zod';
import { CATEGORIES, COMPLEXITIES, CategorySchema, ComplexitySchema } from '../../../src-shared/labels';
import type { Category, Complexity } from '../../../src-shared/labels';
import { seededRandom } from '../seeded-random';

/** One labeled prompt, with the 1-based line of the file it came from (for error messages and reports). */
export interface LabeledPrompt {
  prompt: string;
  complexity: Complexity;
  category: Category;
  line: number;
  /** Which dataset the row came from (the corpus format's optional `source` column): leave-one-source-out holds these out together. */
  source?: string;
}

export interface DatasetIssue {
  line: number;
  message: string;
}

export type DatasetFormat = 'yaml' | 'jsonl' | 'csv';

/** A dataset that cannot be used as a whole. Lists every problem, so one run fixes the file. */
export class DatasetError extends Error {
  constructor(
    readonly source: string,
    readonly issues: DatasetIssue[],
  ) {
    super(`${source}: ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}\n${issues.map((i) => `  line ${i.line}: ${i.message}`).join('\n')}`);
    this.name = 'DatasetError';
  }
}

const FORMAT_BY_EXTENSION: Record<string, DatasetFormat> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.csv': 'csv',
};

/** The format a file name's extension says, or undefined for an extension we do not read. */
export function datasetFormatOf(fileName: string): DatasetFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
}

/**
 * Reads a YAML list, JSONL or CSV file of {prompt, complexity, category}, chosen by extension.
 * The training corpus's other columns are accepted: `source` is kept, `id`, `licence` and `rule`
 * are for people and ignored.
 */
export function loadLabeledPrompts(file: string): LabeledPrompt[] {
  const format = datasetFormatOf(file);
  if (!format) {
    throw new DatasetError(file, [{ line: 1, message: `unsupported file extension "${extname(file)}" (use .yaml, .yml, .jsonl, .ndjson or .csv)` }]);
  }
  return parseLabeledPrompts(readFileSync(file, 'utf8'), format, file);
}

/** Same as loadLabeledPrompts for text already in memory (e.g. a file picked in the GUI). */
export function parseLabeledPrompts(text: string, format: DatasetFormat, source = `<${format}>`): LabeledPrompt[] {
  const { rows, issues } = readLabeledPrompts(text, format);
  if (issues.length === 0 && rows.length === 0) issues.push({ line: 1, message: 'no prompts in file' });
  if (issues.length > 0) throw new DatasetError(source, issues);
  return rows;
}

/** Every usable row and every problem (by line), for a preview that shows both. */
export function readLabeledPrompts(text: string, format: DatasetFormat): { rows: LabeledPrompt[]; issues: DatasetIssue[] } {
  const { records, issues } = RECORD_READERS[format](text);
  const rows: LabeledPrompt[] = [];
  for (const record of records) {
    const problems = validateRecord(record.value);
    if (problems.length > 0) {
      for (const message of problems) issues.push({ line: record.line, message });
    } else {
      const { source: origin, ...row } = RowSchema.parse(record.value);
      rows.push({ ...row, line: record.line, ...(origin ? { source: origin } : {}) });
    }
  }
  return { rows, issues: issues.sort((a, b) => a.line - b.line) };
}

// Labels are compared case-insensitively so hand-edited spreadsheets with "Simple" still load.
const label = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), schema);

const RowSchema = z.object({
  prompt: z.string().refine((p) => p.trim().length > 0, 'empty prompt'),
  complexity: label(ComplexitySchema),
  category: label(CategorySchema),
  source: z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined), z.string().optional()),
});

const ALLOWED: Record<string, readonly string[]> = { complexity: COMPLEXITIES, category: CATEGORIES };

function validateRecord(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return ['expected an object with prompt, complexity and category'];
  }
  const result = RowSchema.safeParse(value);
  if (result.success) return [];
  const record = value as Record<string, unknown>;
  return result.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const got = record[key];
    if (got === undefined || got === null) return `missing "${key}"`;
    if (key in ALLOWED) return `${key} ${JSON.stringify(got)} is not one of ${ALLOWED[key]?.join(', ')}`;
    if (key === 'prompt' && typeof got !== 'string') return 'prompt must be text';
    return issue.message;
  });
}

interface SourceRecord {
  value: unknown;
  line: number;
}

interface ReadResult {
  records: SourceRecord[];
  issues: DatasetIssue[];
}

const RECORD_READERS: Record<DatasetFormat, (text: string) => ReadResult> = {
  yaml: readYamlRecords,
  jsonl: readJsonlRecords,
  csv: readCsvRecords,
};

function readYamlRecords(text: string): ReadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    return { records: [], issues: doc.errors.map((e) => ({ line: e.linePos?.[0].line ?? 1, message: `YAML syntax: ${e.message.split('\n')[0]}` })) };
  }
  if (doc.contents === null) return { records: [], issues: [] };
  if (!isSeq(doc.contents)) {
    return { records: [], issues: [{ line: 1, message: 'expected a YAML list of {prompt, complexity, category}' }] };
  }
  const records = doc.contents.items.map((item) =>
    isNode(item) ? { value: item.toJSON(), line: item.range ? lineCounter.linePos(item.range[0]).line : 1 } : { value: item, line: 1 },
  );
  return { records, issues: [] };
}

function readJsonlRecords(text: string): ReadResult {
  const records: SourceRecord[] = [];
  const issues: DatasetIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      records.push({ value: JSON.parse(raw), line: i + 1 });
    } catch (e) {
      issues.push({ line: i + 1, message: `invalid JSON: ${(e as Error).message}` });
    }
  });
  return { records, issues };
}

const CSV_COLUMNS = ['prompt', 'complexity', 'category'] as const;

function readCsvRecords(text: string): ReadResult {
  const { rows, issues } = parseCsv(text);
  const header = rows.shift();
  if (!header) return { records: [], issues };
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length > 0) {
    issues.push({ line: header.line, message: `header is missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${names.join(', ')})` });
    return { records: [], issues };
  }
  const records: SourceRecord[] = [];
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      issues.push({ line: row.line, message: `expected ${names.length} fields, found ${row.fields.length}` });
      continue;
    }
    const value: Record<string, string> = {};
    names.forEach((name, i) => (value[name] = row.fields[i] ?? ''));
    records.push({ value, line: row.line });
  }
  return { records, issues };
}

interface CsvRow {
  fields: string[];
  line: number;
}

/** RFC 4180: comma-separated, double-quoted fields may hold commas, newlines and "" for a quote. */
export function parseCsv(text: string): { rows: CsvRow[]; issues: DatasetIssue[] } {
  const rows: CsvRow[] = [];
  const issues: DatasetIssue[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let rowLine = 1;
  let quoted = false;
  let quoteLine = 0;
  const endRow = () => {
    fields.push(field);
    // A line with nothing on it is a blank line, not a row with one empty field.
    if (!(fields.length === 1 && fields[0] === '')) rows.push({ fields, line: rowLine });
    fields = [];
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) issues.push({ line: quoteLine, message: 'unterminated quoted field' });
  else if (field !== '' || fields.length > 0) endRow();
  return { rows, issues };
}

/**
 * Deterministic, stratified train/eval split: every (complexity, category) cell contributes
 * round(n × evalFraction) rows to eval, so both halves keep the dataset's label mix.
 */
export function splitDataset(rows: readonly LabeledPrompt[], evalFraction: number, seed: number): { train: LabeledPrompt[]; eval: LabeledPrompt[] } {
  if (!(evalFraction >= 0 && evalFraction <= 1)) throw new RangeError(`evalFraction must be between 0 and 1, got ${evalFraction}`);
  const random = seededRandom(seed);
  const cells = new Map<string, number[]>();
  rows.forEach((row, index) => {
    const key = `${row.complexity}/${row.category}`;
    const cell = cells.get(key) ?? [];
    cell.push(index);
    cells.set(key, cell);
  });
  const evalIndexes = new Set<number>();
  // Visit cells in label order so the random stream, and hence the split, does not depend on row order.
  for (const complexity of COMPLEXITIES) {
    for (const category of CATEGORIES) {
      const cell = cells.get(`${complexity}/${category}`);
      if (!cell) continue;
      shuffle(cell, random);
      cell.slice(0, Math.round(cell.length * evalFraction)).forEach((i) => evalIndexes.add(i));
    }
  }
  const train: LabeledPrompt[] = [];
  const evalRows: LabeledPrompt[] = [];
  rows.forEach((row, index) => (evalIndexes.has(index) ? evalRows : train).push(row));
  return { train, eval: evalRows };
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

