// Aggregate NEWS2: per-parameter scores, the total, its band and what is missing.
// A parameter that cannot be scored is null and listed in `missing`, never 0; the
// total is then the sum of what was scored, a lower bound of the true aggregate
// (every missing score is at least 0), and the band follows from that lower bound.

import { bandOf, type Band } from './band';
import { scoreParameters, type News2Inputs, type News2Parameter, type ParameterScores, type Spo2Scale } from './score';

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

export function assess(inputs: News2Inputs, scale: Spo2Scale): News2Assessment;
/**
 * With `carried` (not undefined): the assessment with `carried` as its last key, made as one object. (Adding
 * the key afterwards gave every result a second, out-of-object property store and another
 * hidden class; the node sends one of these with every message, so each byte is kept alive
 * as long as the message is.)
 */
export function assess<C>(inputs: News2Inputs, scale: Spo2Scale, carried: C): News2Assessment & { carried: C };
export function assess<C>(inputs: News2Inputs, scale: Spo2Scale, carried?: C): News2Assessment & { carried?: C } {
  const scores = scoreParameters(inputs, scale);
  // Field by field in chart order (NEWS2_PARAMETERS): a loop reading scores[name] is one
  // access site for seven names, which V8 runs through its slow generic lookup.
  const missing: News2Parameter[] = [];
  let total = 0;
  const { respiratoryRate, spo2, oxygen, systolic, heartRate, consciousness, temperature } = scores;
  if (respiratoryRate === null) missing.push('respiratoryRate');
  else total += respiratoryRate;
  if (spo2 === null) missing.push('spo2');
  else total += spo2;
  if (oxygen === null) missing.push('oxygen');
  else total += oxygen;
  if (systolic === null) missing.push('systolic');
  else total += systolic;
  if (heartRate === null) missing.push('heartRate');
  else total += heartRate;
  if (consciousness === null) missing.push('consciousness');
  else total += consciousness;
  if (temperature === null) missing.push('temperature');
  else total += temperature;
  const anyThree =
    respiratoryRate === 3 || spo2 === 3 || oxygen === 3 || systolic === 3 || heartRate === 3 || consciousness === 3 || temperature === 3;
  const band = bandOf(total, anyThree);
  const complete = missing.length === 0;
  return new Assessment(total, band, scores, complete, missing, scale, carried) as News2Assessment & { carried?: C };
}

// The assessment made by a constructor, not an object literal. WHY: the node sends one with
// every message, and the flow keeps it alive until the last node has it, so V8 sees objects
// from the literal's allocation site outlive young-generation collections and "pretenures" the
// site: every later assessment is then allocated in the old generation through a slow path,
// and only a full collection frees it. Profiled in an embedded flow (bench/nodes.ts), assess()
// took ~1.3 µs a message that way, against ~0.06 µs alone. V8 tracks that per literal site;
// `new` of a plain constructor has none (see nodes/vitals-parse/reading-shape.ts, which found it).
// The prototype is Object.prototype itself, so the objects are ordinary: same prototype,
// constructor, keys and key order as the literal `{ total, band, scores, complete, missing,
// scale[, carried] }` (test/unit/news2-fast-paths.test.ts compares them).
function AssessmentObject(
  this: Record<string, unknown>,
  total: number,
  band: Band,
  scores: ParameterScores,
  complete: boolean,
  missing: News2Parameter[],
  scale: Spo2Scale,
  carried: unknown,
): void {
  this.total = total;
  this.band = band;
  this.scores = scores;
  this.complete = complete;
  this.missing = missing;
  this.scale = scale;
  if (carried !== undefined) this.carried = carried;
}
AssessmentObject.prototype = Object.prototype;
const Assessment = AssessmentObject as unknown as new (...args: Parameters<typeof AssessmentObject>) => News2Assessment;
