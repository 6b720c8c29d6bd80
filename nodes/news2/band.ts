// NEWS2 clinical-risk bands, in the RCP's order of precedence. The single-3 rule
// sits below the total rules: a 3 with a total of 5 is medium, not low-medium.

import { NEWS2_PARAMETERS, type ParameterScores } from './score';

export const BANDS = ['low', 'low-medium', 'medium', 'high'] as const;
export type Band = (typeof BANDS)[number];

/** Band from an aggregate and the per-parameter scores (null = not scored). */
export function bandFor(total: number, scores: Partial<ParameterScores>): Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (NEWS2_PARAMETERS.some((name) => scores[name] === 3)) return 'low-medium';
  return 'low';
}
