// What each part of vitals-parse hands back: a Reading with the problems of the values it left
// out, or the one reason the whole message is refused. Pure: no Node-RED import.
import type { Reading } from '../lib/reading';
import { RUNTIME_TEXT, explain, fill, showValue, type ReasonCode, type ReasonParams } from './reasons';

/** Why one value or message was refused, with the params of its sentence. */
export interface Problem {
  field: string;
  reason: ReasonCode;
  params: ReasonParams;
}

export type ParseResult =
  | {
      ok: true;
      reading: Reading;
      /** Why each entry of reading.dropped was dropped. */
      problems: Problem[];
    }
  | {
      ok: false;
      field: string;
      reason: ReasonCode;
      /** One readable English sentence. */
      message: string;
      params: ReasonParams;
      /** Further problems in the same message, beyond the one named. */
      more: number;
    };

export type Refusal = ParseResult & { ok: false };

export function fail(field: string, reason: ReasonCode, params: ReasonParams = {}, more = 0): Refusal {
  const full = { field, ...params };
  const suffix = more > 0 ? ' ' + fill(RUNTIME_TEXT['errors.more'], { count: more }) : '';
  return { ok: false, field, reason, message: explain(reason, full) + suffix, params: full, more };
}

/** The refusal for a message whose every value was refused: the first problem names it. */
export function failAll(problems: readonly Problem[]): Refusal {
  if (problems.length === 0) return fail('payload', 'no-vitals');
  const { field, reason, params } = problems[0];
  return fail(field, reason, params, problems.length - 1);
}

/** Reports a refused value both ways a reading keeps it: in `dropped`, and as a problem. */
export function dropValue(
  dropped: NonNullable<Reading['dropped']>,
  problems: Problem[],
  field: string,
  value: unknown,
  reason: ReasonCode,
  params: ReasonParams,
): void {
  // NaN and ±Infinity are kept as text: as numbers they would turn into null in JSON and reach
  // charts and FHIR as values they are not.
  const kept =
    typeof value === 'number' && !Number.isFinite(value)
      ? String(value)
      : typeof value === 'string'
        ? showValue(value)
        : value;
  dropped.push({ field, value: kept, reason });
  problems.push({ field, reason, params: { field, value: showValue(value), ...params } });
}
