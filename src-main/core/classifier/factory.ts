import type { ChatRequest, ChatResponse } from '../../../src-shared/chat';
import type { CLASSIFIER_STRATEGIES, Config } from '../../../src-shared/config-schema';
import { loadEmbeddingClassifier } from './embeddings';
import { LlmClassifier } from './llm';
import { RulesClassifier } from './rules';
import type { Classifier } from './types';
import type { CancelSignal } from '../cancel-signal';

/** Command-line or GUI choices that win over the config's `classifier` section. */
export interface ClassifierOverrides {
  strategy?: (typeof CLASSIFIER_STRATEGIES)[number];
  embeddingModel?: string;
  trainedModel?: string;
}

export interface ClassifierDeps extends ClassifierOverrides {
  /** How the LLM classifier reaches a model (through the router, so the call is tracked). */
  complete: (model: string, chat: ChatRequest, signal: CancelSignal) => Promise<ChatResponse>;
}

export type ClosableClassifier = Classifier & { close?: () => Promise<void> };

export async function createClassifier(config: Config, deps: ClassifierDeps): Promise<ClosableClassifier> {
  const strategy = deps.strategy ?? (deps.trainedModel ? 'embeddings' : config.classifier.strategy);
  const rules = new RulesClassifier();
  switch (strategy) {
    case 'rules':
      return rules;
    case 'embeddings': {
      const model = deps.embeddingModel ?? config.classifier.embeddings.model;
      const trainedModel = deps.trainedModel ?? config.classifier.embeddings.trained_model;
      return loadEmbeddingClassifier({ ...(model ? { model } : {}), ...(trainedModel ? { trainedModel } : {}) });
    }
    case 'llm': {
      const model = config.classifier.llm.model ?? config.routes.simple.factual.model;
      return new LlmClassifier({ complete: deps.complete, model, timeoutMs: config.classifier.llm.timeout_ms, fallback: rules });
    }
  }
}
