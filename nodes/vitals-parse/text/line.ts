// The text-line tokenizer: one reading written as key/value pairs, in the two shapes devices
// and people use:
//   hr=72;spo2=98;temp=36.8;bp=120/80          (key=value, ';' ',' '|' '&' or spaces between)
//   HR:72, SpO2:98%, BP 120/80 mmHg, Temp 98.6F (key: value or key value, unit attached or after a space)
// It only splits. One pass over the characters, no regex: a long line costs linear time.
import { lookupUnit } from '../../lib/units';

export interface TextEntry {
  key: string;
  /** The value text, a unit possibly attached ("98.6F"); '' when the key had no value. */
  value: string;
  /** A unit written as its own word after the value ("120/80 mmHg"), else ''. */
  unit: string;
}

const isSpace = (c: number): boolean => c === 32 || c === 9;
// ; , | & CR LF end a pair.
const isPairSep = (c: number): boolean => c === 59 || c === 44 || c === 124 || c === 38 || c === 10 || c === 13;
const isKV = (c: number): boolean => c === 61 || c === 58; // = :
const isBreak = (c: number): boolean => isSpace(c) || isPairSep(c);
/** A value, not a key, starts here: a digit, a sign or a decimal point. */
const startsNumber = (c: number): boolean => (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46;

export function tokenizeLine(line: string): TextEntry[] {
  const out: TextEntry[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    if (isBreak(c)) {
      i++;
      continue;
    }
    if (startsNumber(c) || isKV(c)) {
      // A value with no key before it: nothing to attach it to, skip the word.
      while (i < n && !isBreak(line.charCodeAt(i))) i++;
      continue;
    }

    // Key: one or more words, up to '=' or ':', or up to a word that starts like a number.
    const keyStart = i;
    let keyEnd: number;
    let lastWordStart = i;
    let explicit = false;
    for (;;) {
      while (i < n && !isBreak((c = line.charCodeAt(i))) && !isKV(c)) i++;
      keyEnd = i;
      let j = i;
      while (j < n && isSpace(line.charCodeAt(j))) j++;
      c = j < n ? line.charCodeAt(j) : -1;
      if (c !== -1 && isKV(c)) {
        explicit = true;
        i = j + 1;
        break;
      }
      if (c === -1 || isPairSep(c) || startsNumber(c)) {
        i = j;
        break;
      }
      // Another word of a multi-word key ("Heart rate 72").
      lastWordStart = j;
      i = j;
    }

    while (i < n && isSpace(line.charCodeAt(i))) i++;
    let value = '';
    if (i < n && !isPairSep(line.charCodeAt(i))) {
      const valueStart = i;
      while (i < n && !isBreak(line.charCodeAt(i))) i++;
      value = line.slice(valueStart, i);
    }
    let key = line.slice(keyStart, keyEnd);
    if (value === '' && !explicit && lastWordStart > keyStart) {
      // "consciousness alert": the last word is the value, not part of the key.
      key = line.slice(keyStart, lastWordStart).trimEnd();
      value = line.slice(lastWordStart, keyEnd);
    }

    // A unit as its own word ("120/80 mmHg", "98.6 °F", "72 mm Hg" is two words).
    let unit = '';
    if (value !== '') {
      let j = i;
      while (j < n && isSpace(line.charCodeAt(j))) j++;
      const unitStart = j;
      while (j < n && !isBreak(line.charCodeAt(j))) j++;
      if (j > unitStart) {
        const word = line.slice(unitStart, j);
        if (lookupUnit(word) !== undefined) {
          unit = word;
          i = j;
        } else if (word.toLowerCase() === 'mm') {
          let k = j;
          while (k < n && isSpace(line.charCodeAt(k))) k++;
          if (line.slice(k, k + 2).toLowerCase() === 'hg' && (k + 2 >= n || isBreak(line.charCodeAt(k + 2)))) {
            unit = 'mmHg';
            i = k + 2;
          }
        }
      }
    }
    out.push({ key, value, unit });
  }
  return out;
}
