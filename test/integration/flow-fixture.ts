// Loads examples/health-monitoring.json the way the integration tests run it.
import fs from 'fs';
import path from 'path';

export type FlowNode = Record<string, any> & { id: string; type: string };

export const EXAMPLE = path.resolve(__dirname, '..', '..', '..', 'examples', 'health-monitoring.json');

export function readExample(): FlowNode[] {
  return JSON.parse(fs.readFileSync(EXAMPLE, 'utf8'));
}

/**
 * The example without its Dashboard 2.0 nodes: node-red-node-test-helper runs no dashboard
 * (no ui-base server, no socket.io), so every ui-* node, and every wire to one, is removed.
 * Everything else in the flow is kept as the user gets it.
 */
export function withoutDashboard(flow: FlowNode[]): FlowNode[] {
  const removed = new Set(flow.filter((n) => n.type.startsWith('ui-')).map((n) => n.id));
  return flow
    .filter((n) => !removed.has(n.id))
    .map((n) => (Array.isArray(n.wires) ? { ...n, wires: n.wires.map((out: string[]) => out.filter((id) => !removed.has(id))) } : { ...n }));
}

/** Parses an RFC 4180 file as csv-log writes it (BOM, CRLF, quoted cells). */
export function parseCsv(text: string): string[][] {
  const src = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && src[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error(`torn last line: ${JSON.stringify(row.concat(cell))}`);
  return rows;
}
