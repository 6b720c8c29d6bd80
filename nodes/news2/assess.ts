// Aggregate NEWS2: per-parameter scores, the total, its band and what is missing. A parameter
// that cannot be scored is null and listed in `missing`, never 0; the total is then a lower bound
// of the true aggregate, and the band follows from that lower bound.

import { bandFor, type Band } from './band';
import {
  NEWS2_PARAMETERS,
  scoreParameters,
  type News2Inputs,
  type News2Parameter,
  type ParameterScores,
  type Spo2Scale,
} from './score';

export interface News2Assessment {
  total: number;
  band: Band;
  scores: ParameterScores;
  /** All seven parameters scored. */
  complete: boolean;
  /** Parameters whose score is null, in chart order. */
  missing: News2Parameter[];
  scale: Spo2Scale;
}

export function assess(inputs: News2Inputs, scale: Spo2Scale): News2Assessment {
  const scores = scoreParameters(inputs, scale);
  const missing = NEWS2_PARAMETERS.filter((name) => scores[name] === null);
  const total = NEWS2_PARAMETERS.reduce((sum, name) => sum + (scores[name] ?? 0), 0);
  return { total, band: bandFor(total, scores), scores, complete: missing.length === 0, missing, scale };
}
