// The threshold node's rules: how a level triggers, where it clears (hysteresis), and how levels
// are ordered by severity.
import { finiteNumber } from '../lib/plain-data';

export type Operator = 'above' | 'below' | 'outside' | 'inside' | 'equals';
export const OPERATORS: readonly Operator[] = ['above', 'below', 'outside', 'inside', 'equals'];

/** One level as the editor stores it: loose, validated by compileRule. */
export interface LevelInput {
  severity?: unknown;
  /** above/below: the trigger value (inclusive). */
  threshold?: unknown;
  /** outside/inside: the band (inclusive bounds). */
  low?: unknown;
  high?: unknown;
  /** Hysteresis amount: how far back past the threshold the value must go to clear. */
  hysteresis?: unknown;
  /** above/below only: an explicit clear level that replaces threshold ∓ hysteresis. */
  clearAt?: unknown;
  /** equals: the values (array or comma-separated text), compared trimmed and case-insensitive. */
  values?: unknown;
}

export interface Level {
  severity: string;
  threshold?: number;
  low?: number;
  high?: number;
  /** Where the level clears (see clears()). */
  clearAt?: number;
  clearLow?: number;
  clearHigh?: number;
  values?: string[];
  /** What alarm events report as `threshold`. */
  shown: number | [number, number] | string[];
}

export interface Rule {
  name: string;
  operator: Operator;
  /** Least severe first; a more severe level's trigger region lies inside a lesser one's. */
  levels: Level[];
}

export class RuleError extends Error {}

function requiredNumber(v: unknown, what: string): number {
  const n = finiteNumber(v);
  if (n === undefined) throw new RuleError(`${what} must be a number (got ${JSON.stringify(v) ?? 'nothing'})`);
  return n;
}

function optionalNumber(v: unknown, what: string): number | undefined {
  return v === undefined || v === null || v === '' ? undefined : requiredNumber(v, what);
}

/** Normalise a string-rule value: trimmed, lower case, so "High " matches "high". */
export function normaliseText(v: unknown): string {
  return String(v).trim().toLowerCase();
}

function valueList(v: unknown, what: string): string[] {
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : [];
  const out = raw.map(normaliseText).filter((s) => s !== '');
  if (out.length === 0) throw new RuleError(`${what} needs at least one value`);
  return out;
}

/** Validate the levels and compute each clear point; a RuleError names the level and the field. */
export function compileRule(name: string, operator: unknown, inputs: unknown): Rule {
  if (!OPERATORS.includes(operator as Operator)) {
    throw new RuleError(`operator must be one of ${OPERATORS.join(', ')} (got ${JSON.stringify(operator)})`);
  }
  const op = operator as Operator;
  if (!Array.isArray(inputs) || inputs.length === 0) throw new RuleError('the rule needs at least one level');
  const seen = new Set<string>();
  const levels = (inputs as LevelInput[]).map((input, i): Level => {
    const at = `level ${i + 1}`;
    const severity = typeof input?.severity === 'string' ? input.severity.trim() : '';
    if (!severity) throw new RuleError(`${at}: severity must be a non-empty text`);
    if (seen.has(severity)) throw new RuleError(`${at}: severity "${severity}" is used twice`);
    seen.add(severity);
    const where = `${at} (${severity})`;
    if (op === 'equals') {
      const values = valueList(input.values, `${where}: values`);
      return { severity, values, shown: values };
    }
    const hysteresis = optionalNumber(input.hysteresis, `${where}: hysteresis`) ?? 0;
    if (hysteresis < 0) throw new RuleError(`${where}: hysteresis must be 0 or more`);
    if (op === 'above' || op === 'below') {
      const threshold = requiredNumber(input.threshold, `${where}: threshold`);
      const clearAt = optionalNumber(input.clearAt, `${where}: clear level`);
      if (op === 'above') {
        const at = clearAt ?? threshold - hysteresis;
        if (at > threshold)
          throw new RuleError(`${where}: the clear level ${at} must not be above the threshold ${threshold}`);
        return { severity, threshold, clearAt: at, shown: threshold };
      }
      const at = clearAt ?? threshold + hysteresis;
      if (at < threshold)
        throw new RuleError(`${where}: the clear level ${at} must not be below the threshold ${threshold}`);
      return { severity, threshold, clearAt: at, shown: threshold };
    }
    const low = requiredNumber(input.low, `${where}: low`);
    const high = requiredNumber(input.high, `${where}: high`);
    if (low > high) throw new RuleError(`${where}: low ${low} is above high ${high}`);
    if (op === 'outside') {
      // Clears once back inside the band shrunk by the hysteresis on both sides.
      const clearLow = low + hysteresis;
      const clearHigh = high - hysteresis;
      if (clearLow > clearHigh)
        throw new RuleError(`${where}: hysteresis ${hysteresis} leaves no value at which the alarm can clear`);
      return { severity, low, high, clearLow, clearHigh, shown: [low, high] };
    }
    // inside: clears once out of the band widened by the hysteresis.
    return { severity, low, high, clearLow: low - hysteresis, clearHigh: high + hysteresis, shown: [low, high] };
  });
  checkOrder(op, levels);
  return { name, operator: op, levels };
}

/** Levels go from least to most severe: each must be reached only when the one before is. */
function checkOrder(op: Operator, levels: Level[]): void {
  for (let i = 1; i < levels.length; i++) {
    const a = levels[i - 1];
    const b = levels[i];
    const pair = `level ${i + 1} (${b.severity}) must be more severe than level ${i} (${a.severity})`;
    switch (op) {
      case 'above':
        if (!(b.threshold! > a.threshold!))
          throw new RuleError(`${pair}: its threshold must be higher (levels go from least to most severe)`);
        break;
      case 'below':
        if (!(b.threshold! < a.threshold!))
          throw new RuleError(`${pair}: its threshold must be lower (levels go from least to most severe)`);
        break;
      case 'outside':
        if (!(b.low! <= a.low! && b.high! >= a.high! && (b.low! < a.low! || b.high! > a.high!))) {
          throw new RuleError(`${pair}: its band must contain the band before it and be wider`);
        }
        break;
      case 'inside':
        if (!(b.low! >= a.low! && b.high! <= a.high! && (b.low! > a.low! || b.high! < a.high!))) {
          throw new RuleError(`${pair}: its band must lie inside the band before it and be narrower`);
        }
        break;
      case 'equals':
        for (const v of b.values!) {
          const other = levels.slice(0, i).find((l) => l.values!.includes(v));
          if (other)
            throw new RuleError(`level ${i + 1} (${b.severity}): value "${v}" is also in level ${other.severity}`);
        }
        break;
    }
  }
}

export type Parsed = { ok: true; value: number | string } | { ok: false; reason: string };

/** Turn a message property into what the rule compares, or say why it cannot. */
export function parseValue(rule: Rule, raw: unknown): Parsed {
  if (rule.operator === 'equals') {
    if (typeof raw === 'string' || typeof raw === 'boolean' || (typeof raw === 'number' && Number.isFinite(raw))) {
      return { ok: true, value: normaliseText(raw) };
    }
    return { ok: false, reason: `got ${shown(raw)}, expected a text, number or boolean` };
  }
  const n = finiteNumber(raw);
  if (n === undefined) return { ok: false, reason: `got ${shown(raw)}, expected a number` };
  return { ok: true, value: n };
}

/** The value as the reason for refusing it shows it. */
function shown(raw: unknown): string {
  if (raw === undefined) return 'nothing';
  return typeof raw === 'number' ? String(raw) : (JSON.stringify(raw) ?? `a ${typeof raw}`);
}

/** True when the value is in the level's alarm region. Bounds are inclusive. */
export function triggers(rule: Rule, level: Level, v: number | string): boolean {
  switch (rule.operator) {
    case 'above':
      return (v as number) >= level.threshold!;
    case 'below':
      return (v as number) <= level.threshold!;
    case 'outside':
      return (v as number) < level.low! || (v as number) > level.high!;
    case 'inside':
      return (v as number) >= level.low! && (v as number) <= level.high!;
    case 'equals':
      return level.values!.includes(v as string);
  }
}

/** True when the value has gone back past the level's own clear point. */
export function clears(rule: Rule, level: Level, v: number | string): boolean {
  switch (rule.operator) {
    case 'above':
      return (v as number) < level.clearAt!;
    case 'below':
      return (v as number) > level.clearAt!;
    case 'outside':
      return (v as number) >= level.clearLow! && (v as number) <= level.clearHigh!;
    case 'inside':
      return (v as number) < level.clearLow! || (v as number) > level.clearHigh!;
    case 'equals':
      return !level.values!.includes(v as string);
  }
}

/** A stable text of what the rule means, to tell whether saved state belongs to it. */
export function fingerprint(rule: Rule): string {
  return JSON.stringify([
    rule.operator,
    rule.levels.map((l) => [l.severity, l.shown, l.clearAt ?? null, l.clearLow ?? null, l.clearHigh ?? null]),
  ]);
}
