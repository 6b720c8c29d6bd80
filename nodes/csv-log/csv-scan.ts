// Read an existing CSV file once when it is opened: where its last whole record ends (a row
// torn by a crash is cut off, not appended to), how many records it holds (row numbers go on
// after a restart) and its header. Quote-aware: a quoted cell may hold line breaks.

const QUOTE = 0x22;
const LF = 0x0a;
const CHUNK = 1 << 20;

interface ScanResult {
  size: number;
  /** Byte offset just after the last complete record (after its LF); 0 when none. */
  end: number;
  /** Complete records, header included. */
  records: number;
  /** Fields of the first complete record, or null when there is none. */
  header: string[] | null;
}

export async function scanCsv(
  readAt: (buf: Buffer, position: number) => Promise<number>,
  size: number,
): Promise<ScanResult> {
  const buf = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)));
  let pos = 0;
  let inQuotes = false;
  let records = 0;
  let end = 0;
  let header: string[] | null = null;
  // The first chunk, while no record has ended: a header longer than that is not one we wrote.
  let head: Buffer | null = null;

  while (pos < size) {
    const n = await readAt(buf, pos);
    if (n <= 0) break;
    let i = 0;
    if (pos === 0 && n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
      i = 3;
      end = 3;
    }
    const recordStart = i;
    const view = buf.subarray(0, n);
    // Jump between quotes and line feeds with indexOf (native) rather than visit every byte.
    let nextQuote = -2;
    let nextLf = -2;
    while (i < n) {
      if (inQuotes) {
        const q = view.indexOf(QUOTE, i);
        if (q < 0) break;
        inQuotes = false;
        i = q + 1;
        continue;
      }
      if (nextQuote !== -1 && nextQuote < i) nextQuote = view.indexOf(QUOTE, i);
      if (nextLf !== -1 && nextLf < i) nextLf = view.indexOf(LF, i);
      if (nextLf !== -1 && (nextQuote === -1 || nextLf < nextQuote)) {
        records++;
        end = pos + nextLf + 1;
        if (records === 1) header = parseRecord((head ?? view.subarray(recordStart, nextLf + 1)).toString('utf8'));
        i = nextLf + 1;
      } else if (nextQuote !== -1) {
        inQuotes = true;
        i = nextQuote + 1;
      } else {
        break;
      }
    }
    if (records === 0 && pos === 0) head = Buffer.from(view.subarray(recordStart));
    pos += n;
  }
  // A BOM with no whole record after it is as good as an empty file.
  if (records === 0) end = 0;
  return { size: pos, end, records, header };
}

/** Split one RFC 4180 record (its line ending optional) into fields. */
export function parseRecord(text: string): string[] {
  const line = text.replace(/\r?\n$/, '');
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"' && quoted && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}
