/**
 * Finds a benchmark's held-out items (test, validation, few-shot) among the training corpus's
 * prompts: the same text, the text inside a templated prompt, or the row the item would be if its
 * source had read it. Pure: scripts/corpus/check-test-splits.ts feeds it the fetched splits.
 */

/** Two texts that differ only in case and spacing are the same prompt. */
export const normalise = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Shorter texts ("Write a python function to") recur across unrelated tasks: a match says nothing. */
export const MIN_CHARS = 25;

export interface HeldOutItem {
  /** Names the item in its split: a line number, a file path, a task id. */
  id: string;
  text: string;
  /** The corpus row id the item would have if its source read it (`mbpp-train:217`), when it has one. */
  rowId?: string;
}

export interface CorpusEntry {
  id: string;
  prompt: string;
}

export interface OverlapHit {
  itemId: string;
  rowId: string;
  /** exact: the row's prompt is the item; contained: the prompt holds it; id: the row is the item, read from its source. */
  how: 'exact' | 'contained' | 'id';
}

export interface SplitOverlap {
  /** Items checked: those of at least MIN_CHARS once normalised. */
  items: number;
  skipped: number;
  exact: number;
  /** Items found inside some row's prompt, exact matches included. */
  contained: number;
  byId: number;
  hits: OverlapHit[];
}

/** Sits between prompts in the joined text: a character prompts hardly ever hold, so matches rarely span two. */
const SEPARATOR = '\u0000';

export class CorpusOverlap {
  /** Every normalised prompt, joined: one indexOf per held-out text finds it in any of them. */
  private readonly joined: string;
  /** Where each row's prompt starts in `joined`, ascending. */
  private readonly starts: number[] = [];
  private readonly rowIds: string[] = [];
  private readonly prompts: string[] = [];
  private readonly ids: ReadonlySet<string>;

  constructor(rows: readonly CorpusEntry[]) {
    let at = 0;
    for (const row of rows) {
      const prompt = normalise(row.prompt);
      this.starts.push(at);
      this.rowIds.push(row.id);
      this.prompts.push(prompt);
      at += prompt.length + SEPARATOR.length;
    }
    this.joined = this.prompts.join(SEPARATOR);
    this.ids = new Set(this.rowIds);
  }

  check(items: readonly HeldOutItem[]): SplitOverlap {
    const result: SplitOverlap = { items: 0, skipped: 0, exact: 0, contained: 0, byId: 0, hits: [] };
    for (const item of items) {
      if (item.rowId !== undefined && this.ids.has(item.rowId)) {
        result.byId++;
        result.hits.push({ itemId: item.id, rowId: item.rowId, how: 'id' });
      }
      const text = normalise(item.text);
      if (text.length < MIN_CHARS) {
        result.skipped++;
        continue;
      }
      result.items++;
      const rows = this.rowsContaining(text);
      if (rows.length > 0) result.contained++;
      if (rows.some((row) => this.prompts[row] === text)) result.exact++;
      for (const row of rows) result.hits.push({ itemId: item.id, rowId: this.rowIds[row]!, how: this.prompts[row] === text ? 'exact' : 'contained' });
    }
    return result;
  }

  /** Indexes of the rows whose prompt holds `text`, each once, in corpus order. */
  private rowsContaining(text: string): number[] {
    const rows: number[] = [];
    for (let at = this.joined.indexOf(text); at !== -1; ) {
      const row = this.rowAt(at);
      const end = this.starts[row]! + this.prompts[row]!.length;
      if (at + text.length <= end) {
        rows.push(row);
        // Any further match that counts is in a later row: resume where this row's prompt ends.
        at = this.joined.indexOf(text, end);
      } else {
        at = this.joined.indexOf(text, at + 1);
      }
    }
    return rows;
  }

  /** The row whose prompt spans position `at` of the joined text. */
  private rowAt(at: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
