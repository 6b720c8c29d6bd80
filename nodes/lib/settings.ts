// A node's editor settings, read by one rule: a missing or empty setting takes its default (older
// flows lack newer settings; the editor saves an untouched field as ""); a value the node cannot
// use is a problem, which the node kit turns into a configuration error. A silent default would
// hide a mistake: an alarm delay other than the one the user believes is set.
import { finiteNumber } from './plain-data';

export interface NumberRule {
  default: number;
  /** Least value allowed (inclusive). */
  min?: number;
  whole?: boolean;
}

/** A value as a problem shows it: texts quoted, NaN as NaN (JSON would say null). */
const shown = (v: unknown) =>
  (typeof v === 'object' && v !== null) || typeof v === 'string' ? JSON.stringify(v) : String(v);

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Reads the settings of one node; every unusable value is kept in `problems`. */
export class SettingsReader {
  readonly problems: string[] = [];

  constructor(private readonly config: Readonly<Record<string, unknown>>) {}

  /** A numeric setting (saved as a number or a numeric text). */
  number(name: string, rule: NumberRule): number {
    const v = this.config[name];
    if (isEmpty(v)) return rule.default;
    const n = finiteNumber(v);
    const min = rule.min ?? -Infinity;
    if (n === undefined || n < min || (rule.whole === true && !Number.isInteger(n))) {
      const kind = rule.whole ? 'a whole number' : 'a number';
      this.problems.push(`${name} must be ${kind}${min > -Infinity ? ` of ${min} or more` : ''} (got ${shown(v)})`);
      return rule.default;
    }
    return n;
  }

  /** One of `choices` (compared as text, so 2 and "2" are the same choice). */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T {
    const v = this.config[name];
    if (isEmpty(v)) return fallback;
    const text = String(v);
    if ((choices as readonly string[]).includes(text)) return text as T;
    this.problems.push(`${name} must be one of ${choices.join(', ')} (got ${shown(v)})`);
    return fallback;
  }

  /** A text setting, trimmed; `fallback` when missing or blank. */
  text(name: string, fallback = ''): string {
    const v = this.config[name];
    if (isEmpty(v)) return fallback;
    if (typeof v === 'string') return v.trim();
    this.problems.push(`${name} must be a text (got ${shown(v)})`);
    return fallback;
  }

  /** A check of the node's own (a rule, a pattern) that failed, with the reason. */
  invalid(reason: string): void {
    this.problems.push(reason);
  }
}
