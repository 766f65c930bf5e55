export { classifyConversation, FOLLOW_UP_WEIGHT } from './classify-conversation';
export { classifyTask, MATERIAL_DISCOUNT, OTHER_BASELINE, type ClassifyTaskOptions, type TaskClassification } from './classify-task';
export { KEYWORD_CUES } from './cues';
export { defineCues, type CueRow } from './cues/define-cues';
export { normalisePrompt } from './normalise-prompt';
export { INSTRUCTION_WINDOW } from './prompt-zones';
export {
  TASK_CATEGORIES,
  TASK_CATEGORY_LABELS,
  TASK_CATEGORY_LABELS_EN,
  TASK_CATEGORY_LABELS_JA,
  isTaskCategory,
  type TaskCategory,
} from './task-category';
export type { SignalZone, TaskCue, TaskSignal } from './task-cue';
export { measureClassifier, metricsTable, type CategoryMetrics, type ClassifierMetrics, type LabelledPrediction } from './classifier-metrics';
