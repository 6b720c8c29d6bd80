// A value as people and devices write it: "72", "98.6F", "98 %", "120/80 mmHg", "16.0/10.7kPa".

export interface Quantity {
  value: number;
  /** The second number of a pair such as blood pressure "120/80". */
  second?: number;
  /** Unit text after the number(s), without the spaces and tabs around it; '' when none. */
  unit: string;
}

// Plain decimals, no exponents ("1e3" is not a vital); '/' and a number make a pair, '/' and
// letters are a unit such as "/min". No part can backtrack, so a long value costs linear time.
const QUANTITY = /^[ \t]*([+-]?(?:\d+\.?\d*|\.\d+))(?:[ \t]*\/[ \t]*([+-]?(?:\d+\.?\d*|\.\d+)))?(.*)$/s;
const isSpace = (c: string): boolean => c === ' ' || c === '\t';

/** A number (or an "a/b" pair) with an optional unit after it; undefined when it does not start with a number. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (!m) return undefined;
  const rest = m[3];
  // Trimmed by hand: a regex anchored at the end retries from every space of a long run.
  let from = 0;
  let to = rest.length;
  while (from < to && isSpace(rest[from])) from++;
  while (to > from && isSpace(rest[to - 1])) to--;
  const q: Quantity = { value: Number(m[1]), unit: rest.slice(from, to) };
  if (m[2] !== undefined) q.second = Number(m[2]);
  return q;
}
