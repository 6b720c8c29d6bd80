// csv-log when Node-RED stops its flows (a restart, a full deploy): rows that were already on
// their way to it, sent before the stop began, are written, not refused.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
const helper = require('node-red-node-test-helper');
const csvLogNode = require('../../nodes/csv-log/csv-log.js');

helper.init(require.resolve('node-red'));

describe('csv-log node at a stop of the flows', function () {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-log-stop-'));
  });
  afterEach(async () => {
    await helper.unload();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the rows an upstream node sent just before the stop, each once', async () => {
    await helper.load(csvLogNode, [
      { id: 'up', type: 'helper', wires: [['log']] },
      {
        id: 'log',
        type: 'he-csv-log',
        baseDir: dir,
        filename: 'stop.csv',
        columns: 'seq',
        bom: false,
        wires: [['written']],
      },
      { id: 'written', type: 'helper' },
    ]);
    const up = helper.getNode('up');
    // A first row, written: the node has finished starting (its check of the folder at start).
    const first = new Promise((resolve) => helper.getNode('written').once('input', resolve));
    up.send({ payload: { seq: -1 } });
    await first;
    // Node-RED delivers each of these in a setImmediate of its own: all are still on their way
    // when the stop begins, in the same turn of the event loop, as readings from mqtt in are.
    for (let seq = 0; seq < 50; seq++) up.send({ payload: { seq } });
    await helper.unload();
    const lines = fs.readFileSync(path.join(dir, 'stop.csv'), 'utf8').split('\r\n').filter(Boolean);
    assert.deepEqual(lines, ['seq', '-1', ...Array.from({ length: 50 }, (_, i) => String(i))]);
  });
});
