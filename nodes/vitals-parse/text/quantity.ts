// A value as people and devices write it: "72", "98.6F", "98 %", "120/80 mmHg",
// "16.0/10.7kPa". A single scan, so a long value costs time in proportion to its length.

export interface Quantity {
  value: number;
  /** The second number of a pair such as blood pressure "120/80". */
  second?: number;
  /** Unit text after the number(s), trimmed; '' when none. */
  unit: string;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isSpace = (c: number): boolean => c === 32 || c === 9;

/** Reads a plain decimal at `start`; returns [value, end] or undefined. No exponents: "1e3" is not a vital. */
function readNumber(s: string, start: number): [number, number] | undefined {
  let i = start;
  if (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45) i++; // + -
  const digitsFrom = i;
  while (isDigit(s.charCodeAt(i))) i++;
  let digits = i - digitsFrom;
  if (s.charCodeAt(i) === 46) {
    // '.'
    i++;
    const fracFrom = i;
    while (isDigit(s.charCodeAt(i))) i++;
    digits += i - fracFrom;
  }
  if (digits === 0) return undefined;
  return [Number(s.slice(start, i)), i];
}

/** Parses a number (or a "a/b" pair) with an optional unit after it; undefined when it does not start with a number. */
export function parseQuantity(text: string): Quantity | undefined {
  let i = 0;
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  const first = readNumber(text, i);
  if (first === undefined) return undefined;
  i = first[1];
  let second: number | undefined;
  let j = i;
  while (j < n && isSpace(text.charCodeAt(j))) j++;
  if (text.charCodeAt(j) === 47) {
    // '/' followed by a number is a pair; followed by letters it is a unit such as "/min".
    let k = j + 1;
    while (k < n && isSpace(text.charCodeAt(k))) k++;
    const next = readNumber(text, k);
    if (next !== undefined) {
      second = next[0];
      i = next[1];
    }
  }
  let end = n;
  while (end > i && isSpace(text.charCodeAt(end - 1))) end--;
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  const q: Quantity = { value: first[0], unit: text.slice(i, end) };
  if (second !== undefined) q.second = second;
  return q;
}
