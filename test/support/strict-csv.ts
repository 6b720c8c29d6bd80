// A strict RFC 4180 reader for tests: throws on anything a careful writer would not
// produce (a record without its CRLF, a bare quote, text after a closing quote, a record
// with another number of fields than the header), so a torn or corrupted file fails.

export class CsvStrictError extends Error {}

export function parseStrict(text: string): string[][] {
  const s = text.startsWith('\ufeff') ? text.slice(1) : text;
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  if (s.length === 0) return records;
  for (;;) {
    let field = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        const q = s.indexOf('"', i);
        if (q < 0) throw new CsvStrictError(`unclosed quote in record ${records.length + 1}`);
        field += s.slice(i, q);
        if (s[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      let j = i;
      while (j < s.length && s[j] !== ',' && s[j] !== '\r' && s[j] !== '\n') {
        if (s[j] === '"') throw new CsvStrictError(`bare quote in record ${records.length + 1}`);
        j++;
      }
      field = s.slice(i, j);
      i = j;
    }
    fields.push(field);
    if (s[i] === ',') {
      i++;
      continue;
    }
    if (s[i] === '\r' && s[i + 1] === '\n') {
      i += 2;
      records.push(fields);
      if (records.length > 1 && fields.length !== records[0].length) {
        throw new CsvStrictError(
          `record ${records.length} has ${fields.length} fields, the header ${records[0].length}`,
        );
      }
      fields = [];
      if (i === s.length) return records;
      continue;
    }
    throw new CsvStrictError(
      i >= s.length
        ? `record ${records.length + 1} is torn (no CRLF at the end of the file)`
        : `unexpected ${JSON.stringify(s[i])} at ${i}`,
    );
  }
}
