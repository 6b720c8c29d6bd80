// A typed column list ({name, value, type}) for csv-log: checked once, then a row built per
// message. Node-RED's evaluation of typed inputs is handed in, so this file stays Node-RED free.
import { ownPathGetter } from '../lib/msg-path';

export interface ColumnDef {
  name: string;
  value: string;
  /** A typed input's type: msg, flow, global, env, str, num, date, jsonata... */
  type: string;
}

type Evaluate = (value: string, type: string, msg: unknown) => unknown;
type Getter = (msg: unknown) => unknown;

/** Check a typed column list; returns a reason when it is unusable, else null. */
export function checkColumnDefs(defs: readonly ColumnDef[]): string | null {
  const seen = new Set<string>();
  for (const d of defs) {
    const name = typeof d?.name === 'string' ? d.name.trim() : '';
    if (name === '') return 'a column has no name';
    if (seen.has(name)) return `column "${name}" is listed twice`;
    seen.add(name);
  }
  return null;
}

/** Builds the row for one message. str and num are computed once, plain msg paths read directly: it runs per row. */
export function rowBuilder(defs: readonly ColumnDef[], evaluate: Evaluate): (msg: unknown) => Record<string, unknown> {
  const names = defs.map((d) => d.name.trim());
  const getters: Getter[] = defs.map((d) => {
    if (d.type === 'str') {
      const v = d.value;
      return () => v;
    }
    if (d.type === 'num') {
      const v = Number(d.value);
      return () => v;
    }
    if (d.type === 'date') {
      // Node-RED 4 added formats to the date type ("iso", "object"); 3.1 always gives epoch ms.
      // Computed here so a column means the same on every Node-RED version the pack supports.
      if (d.value === 'iso') return () => new Date().toISOString();
      if (d.value === 'object') return () => new Date();
      return () => Date.now();
    }
    if (d.type === 'msg') {
      const own = ownPathGetter(d.value);
      if (own) return own as Getter;
    }
    return (msg) => evaluate(d.value, d.type, msg);
  });
  return (msg) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = getters[i](msg);
    return row;
  };
}
