export { EmbeddingClassifier, loadEmbeddingClassifier, type LoadEmbeddingClassifierOptions } from './classifier';
export { loadEmbedder, EmbeddingModelError, type Embedder } from './embedder';
export { trainClassifier, saveTrainedModel, perCell, type TrainOptions, type TrainPhase, type TrainResult } from './train';
export { readTrainedModel, TrainedModelError, type TrainedModel, type TrainingMetadata } from './trained-model';
export { SHIPPED_EMBEDDING_MODEL, SHIPPED_TRAINED_MODEL, shippedModelsDir } from './model-location';
