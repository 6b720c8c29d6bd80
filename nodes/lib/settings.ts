// A node's editor settings, read and checked by one rule for every node:
// - a setting that is missing or empty takes its default (a flow saved by an older version of
//   the pack lacks the settings added since, and the editor saves an untouched field as "");
// - a setting that holds a value the node cannot use (not a number, below its least value, a
//   fraction where a whole number is needed, a choice the node does not know) is a problem.
// The node kit turns problems into a configuration error: the node logs it when the flow
// starts, shows a red "bad settings" status and refuses every message with the same error
// (Catch sees each). Falling back to a default instead would hide a mistake: an alarm delay or
// a retention period silently other than the one the user believes is set.
// The editor's validators refuse such values already; they arrive from flows edited by hand,
// imported or sent to the admin API. No Node-RED import.

export interface NumberRule {
  default: number;
  /** Least value allowed (inclusive). */
  min?: number;
  /** Only whole numbers. */
  whole?: boolean;
}

/** The number a setting holds, NaN when it holds something that is not a finite number. */
function numberIn(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : NaN;
  if (typeof v === 'string') return Number.isFinite(Number(v)) ? Number(v) : NaN;
  return NaN;
}

/** A value as a problem shows it: texts quoted, NaN as NaN (JSON would say null). */
const shown = (v: unknown) =>
  typeof v === 'object' && v !== null ? JSON.stringify(v) : typeof v === 'string' ? JSON.stringify(v) : String(v);

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** Reads the settings of one node; every unusable value is kept in `problems`. */
export class SettingsReader {
  readonly problems: string[] = [];

  constructor(private readonly config: Readonly<Record<string, unknown>>) {}

  /** A numeric setting (saved as a number or a numeric text). */
  number(name: string, rule: NumberRule): number {
    const v = this.config[name];
    if (isEmpty(v)) return rule.default;
    const n = numberIn(v);
    const min = rule.min ?? -Infinity;
    if (Number.isNaN(n) || n < min || (rule.whole === true && !Number.isInteger(n))) {
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
