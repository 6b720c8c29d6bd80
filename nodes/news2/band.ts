// NEWS2 clinical-risk bands (health.md §3, "Band precedence"). The single-3 rule
// sits below the total rules: a 3 with a total of 5 is medium, not low-medium.

import type { ParameterScores } from './score';

export const BANDS = ['low', 'low-medium', 'medium', 'high'] as const;
export type Band = (typeof BANDS)[number];

/** Band from an aggregate and the per-parameter scores (null = not scored). */
export function bandFor(total: number, scores: Partial<ParameterScores>): Band {
  return bandOf(total, Object.values(scores).some((s) => s === 3));
}

/** bandFor when the caller already knows whether some parameter scored 3 (no array per message). */
export function bandOf(total: number, anyThree: boolean): Band {
  if (total >= 7) return 'high';
  if (total >= 5) return 'medium';
  if (anyThree) return 'low-medium';
  return 'low';
}
