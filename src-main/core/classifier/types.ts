import type { Classification } from '../../../src-shared/labels';
import type { CancelSignal } from '../cancel-signal';

/** Anything that labels a prompt. The router, eval, compare and the GUI all go through this. */
export interface Classifier {
  /** 'rules' | 'embeddings' | 'llm'. */
  readonly strategy: string;
  classify(prompt: string, signal?: CancelSignal): Promise<Classification>;
}
