// The ward benchmark's page variants: the chart-less anchor is the charts anchor with its
// ui-chart nodes taken out and nothing else changed; every variant's flows load as the demo
// loads them.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { healthPagePath, wardVariants, withoutCharts } from '../../../bench/lib/ward-variants';
import { readFlow } from '../../../scripts/demo-flow';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const chartsFile = path.join(repoRoot, 'bench', 'ward-flows', 'health-monitoring-charts.json');

describe('bench ward: page variants', () => {
  it('the charts anchor feeds every reading to two ui-charts, as the Health page did before the board', () => {
    const flow = readFlow(chartsFile);
    const charts = flow.filter((n) => n.type === 'ui-chart');
    assert.deepEqual(charts.map((n) => n.id).sort(), ['hm-chart', 'hm-news2-chart']);
    for (const c of charts) assert.equal(c.action, 'append');
    const feeding = flow.filter(
      (n) =>
        Array.isArray(n.wires) &&
        (n.wires as string[][]).some((port) => port.some((id) => charts.some((c) => c.id === id))),
    );
    assert.deepEqual(feeding.map((n) => n.type).sort(), ['he-news2', 'he-vitals-parse']);
  });

  it('withoutCharts takes out the ui-chart nodes and the wires to them, and changes nothing else', () => {
    const flow = readFlow(chartsFile);
    const out = withoutCharts(flow);
    assert.equal(out.filter((n) => n.type === 'ui-chart').length, 0);
    assert.equal(out.length, flow.length - 2);
    const ids = new Set(out.map((n) => n.id));
    for (const n of out) {
      for (const port of (n.wires as string[][] | undefined) ?? [])
        for (const id of port) assert.ok(ids.has(id), `${n.id} wired to missing ${id}`);
      const before = flow.find((f) => f.id === n.id)!;
      const strip = (x: typeof n) => ({
        ...x,
        wires: ((x.wires as string[][] | undefined) ?? []).map((p) => p.filter((id) => !id.endsWith('chart'))),
      });
      assert.deepEqual(strip(n), strip(before), `${n.id} changed`);
    }
    // The ports stay: a node's outputs keep their positions.
    assert.equal((out.find((n) => n.id === 'hm-news2')!.wires as string[][]).length, 1);
    assert.deepEqual(out.find((n) => n.id === 'hm-news2')!.wires, [['hm-news2-alarm']]);
    assert.equal(withoutCharts([{ id: 'a', type: 'debug' }]).length, 1);
  });

  it('finds the Health page under its dashboard', () => {
    assert.equal(healthPagePath(readFlow(chartsFile)), '/dashboard/health');
  });

  it('writes every example file for the demo, with the Health example in the variant form', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'he-ward-variants-'));
    try {
      const variants = wardVariants(repoRoot);
      assert.deepEqual(
        variants.map((v) => v.name),
        ['board', 'charts', 'chartless'],
      );
      const examples = fs
        .readdirSync(path.join(repoRoot, 'examples'))
        .filter((f) => f.endsWith('.json'))
        .sort();
      for (const v of variants.filter((x) => !x.unavailable)) {
        const dir = path.join(tmp, v.name);
        v.writeExamples(dir);
        assert.deepEqual(fs.readdirSync(dir).sort(), examples);
        const health = readFlow(path.join(dir, 'health-monitoring.json'));
        const charts = health.filter((n) => n.type === 'ui-chart').length;
        assert.equal(charts, v.name === 'chartless' ? 0 : v.name === 'charts' ? 2 : charts);
        if (v.name === 'chartless') {
          for (const f of examples)
            assert.equal(readFlow(path.join(dir, f)).filter((n) => n.type === 'ui-chart').length, 0, f);
        }
      }
      const board = variants.find((v) => v.name === 'board')!;
      const hasBoard = readFlow(path.join(repoRoot, 'examples', 'health-monitoring.json')).some(
        (n) => n.type === 'he-ward-board',
      );
      assert.equal(board.unavailable === null, hasBoard);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
