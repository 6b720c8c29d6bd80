// The page variants the ward benchmark runs, each as the demo runs it (every example flow, the
// Health example in the variant's form):
//   board      the example flows as they are in examples/: the Health page built around the ward
//              board (he-ward-board). Runs once examples/health-monitoring.json holds the board.
//   charts     the Health page before the board (bench/ward-flows/health-monitoring-charts.json, a
//              copy of the example kept as the anchor): every reading of every patient fed to two
//              ui-charts.
//   chartless  the same flow with its ui-chart nodes taken out, nothing else changed: what the
//              pack's pipeline costs without the charts.
// The other examples (Energy, Plugs, BLE) are those in examples/ in every variant, with their
// ui-chart nodes taken out for chartless too.
import fs from 'fs';
import path from 'path';
import { exampleFiles, FlowNode, readFlow } from '../../scripts/demo-flow';
import { AlarmWatcher, boardAlarmWatcher, textAlarmWatcher } from './ward-page';

export const VARIANT_NAMES = ['board', 'charts', 'chartless'] as const;
export type VariantName = (typeof VARIANT_NAMES)[number];

const HEALTH = 'health-monitoring.json';
const BOARD_TYPE = 'he-ward-board';

export interface WardVariant {
  name: VariantName;
  label: string;
  /** Why the variant cannot run here, or null when it can. */
  unavailable: string | null;
  /** Writes the variant's example files into `dir` (for the demo's DEMO_EXAMPLES). */
  writeExamples(dir: string): void;
  /** Where the Health page is under the demo's base URL, e.g. /dashboard/health. */
  pagePath: string;
  watcher: AlarmWatcher;
  /**
   * Whether the variant is meant to keep up at a ward's size: the short run (CI) then requires
   * every reading logged and every probe's alarm seen. The charts anchor is known to fall behind.
   */
  keepsUp: boolean;
}

/** The flow without its ui-chart nodes and without the wires that led to them; every other node as it was. */
export function withoutCharts(flow: FlowNode[]): FlowNode[] {
  const charts = new Set(flow.filter((n) => n.type === 'ui-chart').map((n) => n.id));
  if (charts.size === 0) return flow;
  return flow
    .filter((n) => !charts.has(n.id))
    .map((n) =>
      Array.isArray(n.wires)
        ? { ...n, wires: (n.wires as string[][]).map((port) => port.filter((id) => !charts.has(id))) }
        : n,
    );
}

/** The dashboard path of the flow's Health page: its ui-base path, then the ui-page's. */
export function healthPagePath(flow: FlowNode[]): string {
  const page = flow.find((n) => n.type === 'ui-page' && /health/i.test(String(n.name ?? n.path ?? '')));
  if (!page) throw new Error('no Health ui-page in the flow');
  const base = flow.find((n) => n.type === 'ui-base' && n.id === page.ui);
  return `${String(base?.path ?? '/dashboard').replace(/\/$/, '')}${String(page.path)}`;
}

function writeExamples(
  dir: string,
  examplesDir: string,
  health: FlowNode[],
  edit: (flow: FlowNode[]) => FlowNode[],
): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const file of exampleFiles(examplesDir)) {
    const name = path.basename(file);
    const flow = name === HEALTH ? health : readFlow(file);
    fs.writeFileSync(path.join(dir, name), JSON.stringify(edit(flow), null, 2));
  }
}

export function wardVariants(repoRoot: string): WardVariant[] {
  const examplesDir = path.join(repoRoot, 'examples');
  const current = readFlow(path.join(examplesDir, HEALTH));
  const charts = readFlow(path.join(repoRoot, 'bench', 'ward-flows', 'health-monitoring-charts.json'));
  const board = current.find((n) => n.type === BOARD_TYPE);
  const alarmText = 'hm-alarm-last';
  if (!charts.some((n) => n.id === alarmText)) throw new Error(`the charts anchor has no ${alarmText} node`);
  return [
    {
      name: 'board',
      label: 'ward board (examples/)',
      unavailable: board ? null : `examples/${HEALTH} has no ${BOARD_TYPE} node yet`,
      writeExamples: (dir) => writeExamples(dir, examplesDir, current, (f) => f),
      pagePath: healthPagePath(current),
      watcher: boardAlarmWatcher(board?.id ?? 'none'),
      keepsUp: true,
    },
    {
      name: 'charts',
      label: 'charts per reading (the Health page before the board)',
      unavailable: null,
      writeExamples: (dir) => writeExamples(dir, examplesDir, charts, (f) => f),
      pagePath: healthPagePath(charts),
      watcher: textAlarmWatcher(alarmText),
      keepsUp: false,
    },
    {
      name: 'chartless',
      label: 'the same without its charts',
      unavailable: null,
      writeExamples: (dir) => writeExamples(dir, examplesDir, charts, withoutCharts),
      pagePath: healthPagePath(charts),
      watcher: textAlarmWatcher(alarmText),
      keepsUp: true,
    },
  ];
}
