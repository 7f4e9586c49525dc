import type { Classification } from '../../../src-shared/labels';
import type { CancelSignal } from '../cancel-signal';

/** Anything that labels a prompt. The router, eval, compare and the GUI all go through this. */
export interface Classifier {
  /** 'rules' | 'embeddings' | 'llm'. */
  readonly strategy: string;
  classify(prompt: string, signal?: CancelSignal): Promise<Classification>;
  /** The same answer without a promise, where the classifier computes it in place (the rules): the proxy's path then skips a hop. */
  classifySync?(prompt: string): Classification;
}
