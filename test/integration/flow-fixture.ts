// Loads the example flows (examples/*.json) the way the integration tests run them.
import fs from 'fs';
import path from 'path';

export type FlowNode = Record<string, any> & { id: string; type: string };

export const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', '..', 'examples');
export const EXAMPLE = path.join(EXAMPLES_DIR, 'health-monitoring.json');

/** The example names, e.g. `health-monitoring`, in name order. */
export function exampleNames(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => f.replace(/\.json$/, ''));
}

export function readExample(name = 'health-monitoring'): FlowNode[] {
  return JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, `${name}.json`), 'utf8'));
}

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BOARD_PACKAGE = path.join(ROOT, 'ward-board');

/** Node types of the ward board package (ward-board/): Dashboard 2.0 widgets, not the pack's nodes. */
export const WIDGET_TYPES: ReadonlySet<string> = new Set(
  Object.keys(JSON.parse(fs.readFileSync(path.join(BOARD_PACKAGE, 'package.json'), 'utf8'))['node-red'].nodes),
);

/** A Dashboard 2.0 node: one of Dashboard's own (ui-*) or a third-party widget of this repository. */
export const isDashboardNode = (n: FlowNode): boolean => n.type.startsWith('ui-') || WIDGET_TYPES.has(n.type);

/**
 * The example without its Dashboard 2.0 nodes, for tests that run no dashboard (no ui-base
 * server, no socket.io): every ui-* node and every ward board, and every wire to one, is
 * removed. Everything else in the flow is kept as the user gets it.
 */
export function withoutDashboard(flow: FlowNode[]): FlowNode[] {
  const removed = new Set(flow.filter(isDashboardNode).map((n) => n.id));
  return flow
    .filter((n) => !removed.has(n.id))
    .map((n) =>
      Array.isArray(n.wires)
        ? { ...n, wires: n.wires.map((out: string[]) => out.filter((id) => !removed.has(id))) }
        : { ...n },
    );
}

/** The column names a csv-log node writes: its typed column list, or its comma-separated names. */
export function csvLogColumns(log: FlowNode): string[] {
  if (log.columnMode === 'typed') return (log.columnDefs as { name: string }[]).map((d) => d.name);
  return String(log.columns ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

/** A copy of the flow pointed at the test broker, with csv-log writing and history reading under `dir`. */
export function forTest(flow: FlowNode[], broker: { host: string; port: number }, dir: string): FlowNode[] {
  return flow.map((n) => {
    if (n.type === 'mqtt-broker') return { ...n, broker: broker.host, port: String(broker.port) };
    if (n.type === 'he-csv-log' || n.type === 'he-history') return { ...n, baseDir: dir };
    return { ...n };
  });
}

/** Adds a helper node on the tab and wires output `port` of `from` to it as well; returns its id. */
export function probe(flow: FlowNode[], from: string, port = 0): string {
  const node = flow.find((n) => n.id === from);
  if (!node) throw new Error(`no node ${from} in the flow`);
  const id = `probe-${from}-${port}`;
  flow.push({ id, type: 'helper', z: node.z, wires: [] });
  node.wires[port] = [...(node.wires[port] ?? []), id];
  return id;
}

const coreNodes = path.dirname(require.resolve('@node-red/nodes/package.json'));

/** The node modules every example needs outside the dashboard: core nodes and this pack's. */
export function exampleNodeModules(): unknown[] {
  return [
    require(path.join(coreNodes, 'core/network/10-mqtt.js')),
    require(path.join(coreNodes, 'core/common/20-inject.js')),
    require(path.join(coreNodes, 'core/common/21-debug.js')),
    require(path.join(coreNodes, 'core/common/25-catch.js')),
    require(path.join(coreNodes, 'core/common/90-comment.js')),
    require(path.join(coreNodes, 'core/function/10-switch.js')),
    require(path.join(coreNodes, 'core/function/15-change.js')),
    require(path.join(coreNodes, 'core/sequence/17-split.js')),
    require('../../nodes/vitals-parse/vitals-parse.js'),
    require('../../nodes/csv-log/csv-log.js'),
    require('../../nodes/history/history.js'),
    require('../../nodes/news2/news2.js'),
    require('../../nodes/threshold/threshold.js'),
    require('../../nodes/energy-probe/energy-probe.js'),
    require('../../nodes/energy-meter/energy-meter.js'),
  ];
}

/**
 * Every node module of Dashboard 2.0 (as its package.json lists them) and the ward board's own
 * build (ward-board/dist, made by `npm run build` before the tests): what an example needs with
 * its dashboard. Loaded in a test helper that runs its server (helper.startServer), which
 * Dashboard's ui-base needs for its socket.io.
 */
export function dashboardNodeModules(): unknown[] {
  const dir = path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json'));
  const files = Object.values(
    JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'))['node-red'].nodes as Record<string, string>,
  );
  return [
    ...files.map((f) => require(path.join(dir, f))),
    require(path.join(BOARD_PACKAGE, 'dist', 'nodes', 'ward-board', 'ward-board.js')),
  ];
}

function registeredTypes(dir: string): string[] {
  const types: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && e.name !== 'locales') walk(p);
      } else if (e.name.endsWith('.js')) {
        for (const m of fs.readFileSync(p, 'utf8').matchAll(/registerType\(\s*['"]([^'"]+)['"]/g)) types.push(m[1]);
      }
    }
  };
  walk(dir);
  return types;
}

/**
 * Node types a flow may hold: this pack's, Node-RED's core nodes, Dashboard 2.0's widgets and
 * the ward board package's widgets.
 */
export function knownTypes(): { ours: Set<string>; core: Set<string>; dashboard: Set<string>; widgets: Set<string> } {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const dashboard = path.dirname(require.resolve('@flowfuse/node-red-dashboard/package.json'));
  return {
    ours: new Set(Object.keys(pkg['node-red'].nodes)),
    core: new Set(['tab', ...registeredTypes(path.join(coreNodes, 'core'))]),
    dashboard: new Set(registeredTypes(path.join(dashboard, 'nodes'))),
    widgets: new Set(registeredTypes(path.join(BOARD_PACKAGE, 'dist', 'nodes'))),
  };
}

export async function until(what: string, check: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
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
