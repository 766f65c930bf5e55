import type { TaskCue } from '../task-cue';
import { CODING_CUES } from './coding.cues';
import { DATA_ANALYSIS_CUES } from './data-analysis.cues';
import { DOCUMENT_DRAFTING_CUES } from './document-drafting.cues';
import { OTHER_CUES } from './other.cues';
import { PLANNING_CUES } from './planning.cues';
import { PROOFREADING_CUES } from './proofreading.cues';
import { QA_CUES } from './qa.cues';
import { RESEARCH_CUES } from './research.cues';
import { SUMMARIZATION_CUES } from './summarization.cues';
import { TRANSLATION_CUES } from './translation.cues';

/** Every keyword cue, one file per category. Shape cues (code fences, language mix, length) are in shape-cues.ts. */
export const KEYWORD_CUES: readonly TaskCue[] = [
  ...TRANSLATION_CUES,
  ...PROOFREADING_CUES,
  ...SUMMARIZATION_CUES,
  ...CODING_CUES,
  ...DATA_ANALYSIS_CUES,
  ...DOCUMENT_DRAFTING_CUES,
  ...PLANNING_CUES,
  ...RESEARCH_CUES,
  ...QA_CUES,
  ...OTHER_CUES,
];
