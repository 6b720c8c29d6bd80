// The health seed's programs as clients of the health-monitoring example, as a user who replaces
// the Python back end with the pack would run them: a paho-mqtt device in the seed's style
// publishes to health_data (test/fixtures/seeds/health_device.py, Debian's Python), the example
// runs as shipped with HEALTH_DATA_DEVICE_ID set, the readings land in vitals.csv with the
// device's own date, and the README's pandas and matplotlib lines read that file back.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { FlowNode, parseCsv, until } from './flow-fixture';
import { exampleRun, helper } from './flow-run';
import { hasPythonModule, requirePythonModules, runPython, runSeed } from '../support/python-seeds';

const README = path.resolve(__dirname, '..', '..', '..', 'README.md');
const COUNT = 5;
const DEVICE = 'p-001';

/** The python block of the README's section on reading vitals.csv with pandas, as a user copies it. */
function readmePandasLines(): string {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.indexOf('### Reading vitals.csv with pandas');
  assert.ok(section >= 0, 'README has the section "Reading vitals.csv with pandas"');
  const block = /```python\n([\s\S]*?)```/.exec(text.slice(section));
  assert.ok(block, 'the section has a python block');
  return block[1];
}

describe("health seed: a paho-mqtt device on health_data → the health example → vitals.csv → the README's pandas lines (integration)", function () {
  this.timeout(60000);
  const run = exampleRun('he-seed-health-');
  let envBefore: string | undefined;
  before(() => requirePythonModules('paho.mqtt.client', 'pandas'));
  beforeEach(() => {
    envBefore = process.env.HEALTH_DATA_DEVICE_ID;
    process.env.HEALTH_DATA_DEVICE_ID = DEVICE;
  });
  afterEach(() => {
    if (envBefore === undefined) delete process.env.HEALTH_DATA_DEVICE_ID;
    else process.env.HEALTH_DATA_DEVICE_ID = envBefore;
  });

  it(`logs the device's ${COUNT} readings under HEALTH_DATA_DEVICE_ID with its own dates, and pandas reads the heart rates back`, async () => {
    // health_data is the seed's topic and stays so; the other subscription gets a topic of this test.
    const prefix = `test-${process.pid}-${Date.now()}`;
    const flow: FlowNode[] = run
      .example('health-monitoring')
      .map((n) => (n.id === 'hm-mqtt-in' ? { ...n, topic: `${prefix}/+/vitals` } : n));
    const logged = run.record(flow, 'hm-csv', 0, (m) => m.payload);
    const caught = run.record(flow, 'hm-catch', 0, (m) => m.error?.message);
    const scored = run.record(flow, 'hm-news2', 0, (m) => m.payload);
    await run.load(flow);

    // Published until logged, so that the device does not publish before the flow has subscribed.
    const pub = await run.client();
    const warmup = JSON.stringify({ deviceId: 'warmup', hr: 60 });
    await until('the flow to subscribe', () => {
      if (logged.length === 0) void pub.publishAsync('health_data', warmup, { qos: 1 });
      return logged.length > 0;
    });

    const device = await runSeed('health_device.py', run.broker, { SEED_COUNT: String(COUNT) });
    assert.equal(device.code, 0, `health_device.py failed: ${device.stderr}`);
    const fromDevice = () => logged.filter((r) => r.deviceId === DEVICE);
    await until(`the ${COUNT} readings in the log`, () => fromDevice().length === COUNT);
    assert.deepEqual(caught, [], 'nothing rejected');
    assert.equal(scored.filter((r) => r.deviceId === DEVICE && r.news2).length, COUNT, 'each reading scored');
    await helper.unload(); // csv-log closes its file

    // The device's own date, "2023-09-05 10:00:00" and on a minute apart, read as this host's local time.
    const dates = Array.from({ length: COUNT }, (_, i) => new Date(2023, 8, 5, 10, i, 0).toISOString());
    const file = path.join(run.dir, 'vitals.csv');
    const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
    const col = (name: string) => header.indexOf(name);
    const mine = rows.filter((r) => r[col('deviceId')] === DEVICE);
    assert.deepEqual(
      mine.map((r) => [
        r[col('timestamp')],
        r[col('heartRate')],
        r[col('systolic')],
        r[col('diastolic')],
        r[col('temperature')],
      ]),
      dates.map((t, i) => [t, String(70 + i), '120', '80', '36.6']),
    );

    // The README's lines, run as written in a folder whose data/ is csv-log's folder. Without
    // matplotlib (not a dependency of the pack) only the pandas lines run.
    const plotting = hasPythonModule('matplotlib');
    const lines = readmePandasLines()
      .split('\n')
      .filter((l) => plotting || !/plt|matplotlib/.test(l));
    const check = [
      'import json',
      'print("CHECK " + json.dumps({',
      '    "heartRate": [int(x) for x in data["heartRate"]],',
      '    "timestamp": [t.isoformat() for t in data["timestamp"]],',
      plotting ? '    "plotted": [int(y) for y in plt.gca().lines[0].get_ydata()],' : '',
      '}))',
    ];
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'he-seed-pandas-'));
    try {
      fs.symlinkSync(run.dir, path.join(cwd, 'data'));
      const py = await runPython(['-c', [...lines, ...check].join('\n')], { cwd, env: { MPLBACKEND: 'Agg' } });
      assert.equal(py.code, 0, `the README's pandas lines failed: ${py.stderr}`);
      const out = JSON.parse(/^CHECK (.*)$/m.exec(py.stdout)?.[1] ?? 'null');
      const heartRates = dates.map((_, i) => 70 + i);
      assert.deepEqual(out.heartRate, heartRates, 'pandas reads the heart rates');
      assert.deepEqual(
        out.timestamp,
        dates.map((t) => t.replace('.000Z', '+00:00')),
        'and the device times, as UTC',
      );
      if (plotting) assert.deepEqual(out.plotted, heartRates, 'matplotlib plots them');
      else console.log('      (python3-matplotlib is not installed: only the pandas lines ran)');
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});
