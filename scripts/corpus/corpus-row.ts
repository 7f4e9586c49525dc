import type { Category, Complexity } from '../../src-shared/labels';

/** One line of corpus.jsonl: the format `mmrouter train` reads (source, licence and rule are optional there). */
export interface CorpusRow {
  id: string;
  source: string;
  licence: string;
  rule: string;
  complexity: Complexity;
  category: Category;
  prompt: string;
}
