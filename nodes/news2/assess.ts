// Aggregate NEWS2: per-parameter scores, the total, its band and what is missing.
// A parameter that cannot be scored is null and listed in `missing`, never 0; the
// total is then the sum of what was scored, a lower bound of the true aggregate
// (every missing score is at least 0), and the band follows from that lower bound.

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
  /** Sum of the scored parameters; a lower bound when `complete` is false. */
  total: number;
  band: Band;
  scores: ParameterScores;
  /** True when all seven parameters were scored. */
  complete: boolean;
  /** Parameters whose score is null, in chart order. */
  missing: News2Parameter[];
  scale: Spo2Scale;
}

export function assess(inputs: News2Inputs, scale: Spo2Scale): News2Assessment {
  const scores = scoreParameters(inputs, scale);
  const missing = NEWS2_PARAMETERS.filter((name) => scores[name] === null);
  let total = 0;
  for (const name of NEWS2_PARAMETERS) total += scores[name] ?? 0;
  return { total, band: bandFor(total, scores), scores, complete: missing.length === 0, missing, scale };
}
