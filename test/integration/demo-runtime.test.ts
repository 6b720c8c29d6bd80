// `npm start` for real: the built demo as a child process, checked over HTTP and on disk.
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { getTestBroker, TestBroker } from '../support/broker';
import { parseCsv } from './flow-fixture';
import { removeSession } from '../../scripts/mqtt-session';
import { defaultClientId } from '../../nodes/lib/mqtt-client-id';

const DEMO = path.resolve(__dirname, '..', '..', 'scripts', 'demo.js');

interface Running {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

function startDemo(env: Record<string, string>): Running {
  const child = spawn(process.execPath, [DEMO], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exit };
}

async function until<T>(what: string, get: () => T | undefined | false, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('demo runtime (npm start) as a child process (integration)', function () {
  this.timeout(90000);
  let broker: TestBroker;
  let tmp: string;
  let demo: Running | undefined;

  before(async () => {
    broker = await getTestBroker();
  });
  after(async () => {
    await broker.close();
  });
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'he-demo-'));
  });
  afterEach(async () => {
    if (demo && demo.child.exitCode === null) {
      demo.child.kill('SIGKILL');
      await demo.exit;
    }
    demo = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('serves editor, dashboard, our nodes and example, logs simulated readings, and stops cleanly on SIGINT', async () => {
    const dataDir = path.join(tmp, 'data');
    demo = startDemo({
      MQTT_URL: broker.url,
      DATA_DIR: dataDir,
      DEMO_USERDIR: path.join(tmp, 'userdir'),
      SIM_INTERVAL_MS: '200',
      SIM_BLE_INTERVAL_MS: '500',
    });
    const d = demo;
    const base = await until('the ready line', () => /demo ready: (http:\/\/\S+)/.exec(d.out())?.[1], 45000).catch(
      (err) => {
        throw new Error(`${err.message}\n--- demo output ---\n${d.out()}`);
      },
    );
    assert.match(d.out(), new RegExp(`MQTT broker: ${broker.url.replace(/[.]/g, '\\.')} \\(from MQTT_URL\\)`));

    const editor = await fetch(`${base}/`);
    assert.equal(editor.status, 200);
    assert.match(await editor.text(), /Node-RED/);

    const dashboard = await fetch(`${base}/dashboard`);
    assert.equal(dashboard.status, 200);
    assert.match(await dashboard.text(), /<div id="app"/);

    const nodes = (await (await fetch(`${base}/nodes`, { headers: { Accept: 'application/json' } })).json()) as {
      module: string;
      types: string[];
    }[];
    const types = (module: string) => nodes.filter((n) => n.module === module).flatMap((n) => n.types);
    assert.ok(types('node-red-contrib-health-energy').includes('he-vitals-parse'));
    assert.ok(types('node-red-contrib-health-energy').includes('he-csv-log'));
    assert.ok(types('@flowfuse/node-red-dashboard').includes('ui-chart'));
    // The ward board widget: installed beside the pack, listed where Dashboard 2.0 looks for
    // third-party widgets, and its component served to the browser.
    assert.ok(types('node-red-dashboard-2-health-energy').includes('he-ward-board'));
    const userPkg = JSON.parse(fs.readFileSync(path.join(tmp, 'userdir', 'package.json'), 'utf8'));
    assert.ok('node-red-dashboard-2-health-energy' in userPkg.dependencies);
    const umd = await fetch(`${base}/resources/node-red-dashboard-2-health-energy/he-ward-board.umd.js`);
    assert.equal(umd.status, 200);
    assert.match(await umd.text(), /he-ward-board/);

    // What the editor's Import > Examples menu asks for.
    const modules = await (await fetch(`${base}/library/examples/flows/`)).json();
    assert.ok((modules as string[]).includes('node-red-contrib-health-energy'));
    const entries = await (await fetch(`${base}/library/examples/flows/node-red-contrib-health-energy`)).json();
    assert.deepEqual(entries, [
      { fn: 'ble-gateway' },
      { fn: 'energy-efficiency' },
      { fn: 'health-history' },
      { fn: 'health-monitoring' },
      { fn: 'smart-plugs' },
    ]);
    const example = (await (
      await fetch(`${base}/library/examples/flows/node-red-contrib-health-energy/health-monitoring`)
    ).json()) as { type: string; label?: string }[];
    assert.equal(example.find((n) => n.type === 'tab')?.label, 'Health monitoring');
    // The demo runs every example, each on its own tab.
    const running = (await (await fetch(`${base}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } })).json()) as {
      type: string;
      label?: string;
    }[];
    assert.deepEqual(
      running
        .filter((n) => n.type === 'tab')
        .map((n) => n.label)
        .sort(),
      ['BLE gateway', 'Energy efficiency', 'Health history', 'Health monitoring', 'Smart plugs'],
    );
    assert.match(d.out(), /flows: +ble-gateway, energy-efficiency, health-history, health-monitoring, smart-plugs/);
    assert.match(d.out(), /BLE: +ble-p-001-\*, ble-p-002-\* on ble\/<device>\/<characteristic> every 500 ms/);
    assert.match(
      d.out(),
      /plugs: +fridge, desk-strip, shellyplug-s-C0FFEE, shellyplusplugs-d4d4da, a day in 600 s \(standby rule: 50 s here for 2 h\)/,
    );

    const file = path.join(dataDir, 'vitals.csv');
    const rows = (f: string) => (fs.existsSync(f) ? parseCsv(fs.readFileSync(f, 'utf8')).length - 1 : 0);
    const rowsNow = () => rows(file);
    await until('rows in vitals.csv', () => rowsNow() >= 8, 15000);
    await until('rows in plugs.csv from the simulated plugs', () => rows(path.join(dataDir, 'plugs.csv')) >= 8, 15000);
    await until(
      'rows in ble-readings.csv from the simulated BLE devices',
      () => rows(path.join(dataDir, 'ble-readings.csv')) >= 10,
      15000,
    );

    // The examples' persistent session, under an id of this host and the demo's user directory.
    const clientId = defaultClientId(os.hostname(), path.join(tmp, 'userdir'));
    assert.match(d.out(), new RegExp(`MQTT client id: ${clientId} \\(persistent session`));

    d.child.kill('SIGINT');
    assert.equal(await d.exit, 0, d.out());
    assert.match(d.out(), /demo stopped/);
    // Nothing is left on the broker to queue readings for a demo that has gone.
    assert.match(d.out(), new RegExp(`MQTT session ${clientId} removed from the broker`));
    assert.deepEqual(await removeSession(broker.url, clientId), { hadSession: false });
    // parseCsv throws on a torn last line.
    const logged = parseCsv(fs.readFileSync(file, 'utf8'));
    const reported = new RegExp(`${file.replace(/[.]/g, '\\.')}: (\\d+) rows`).exec(d.out());
    assert.ok(reported, d.out());
    assert.equal(logged.length - 1, Number(reported[1]));
    assert.match(d.out(), /plug simulator stopped after [1-9]\d* messages/);
    assert.match(d.out(), /BLE simulator stopped after [1-9]\d* packets/);
    // The BLE devices belong to patients of their own, not to the health page's p-001...
    const bleRows = parseCsv(fs.readFileSync(path.join(dataDir, 'ble-readings.csv'), 'utf8'));
    const bleDevice = bleRows[0].indexOf('deviceId');
    assert.ok(
      bleRows.length > 1 &&
        bleRows.slice(1).every((r) => /^ble-p-00[12]-(hrm|thermo|cuff|oximeter|scale)$/.test(r[bleDevice])),
      'BLE device ids carry the ble- prefix',
    );
    // No upper bound from the simulator's count: on a shared broker another publisher to health/+/vitals may add rows.
    assert.ok(Number(/simulator stopped after (\d+) readings/.exec(d.out())?.[1]) > 0, d.out());
  });

  it("keeps the health alarms across a restart (its context in files) and puts them back on the board's input at start", async () => {
    const userDir = path.join(tmp, 'userdir');
    const env = {
      MQTT_URL: broker.url,
      DATA_DIR: path.join(tmp, 'data'),
      DEMO_USERDIR: userDir,
      SIM_PLUGS: 'off',
      SIM_BLE: 'off',
    };
    const alarms: { state: string; severity: string; since: string }[] = [];
    const client = await mqtt.connectAsync(broker.url, { clean: true });
    try {
      client.on('message', (_topic, payload) => alarms.push(JSON.parse(payload.toString())));
      await client.subscribeAsync('health/p-003/alarm', { qos: 1 });
      // p-003 at its worst within 5 s: an alarm within seconds of the start.
      demo = startDemo({ ...env, SIM_INTERVAL_MS: '200', SIM_DETERIORATE_S: '5' });
      const first = demo;
      await until('the ready line', () => /demo ready/.test(first.out()), 45000);
      assert.match(first.out(), new RegExp(`context: +${path.join(userDir, 'context').replace(/[.]/g, '\\.')}`));
      await until("p-003's critical alarm", () => alarms.some((a) => a.severity === 'critical'), 30000);
      // The threshold writes its state at most once a second; the store writes its files at the latest when Node-RED stops.
      await new Promise((r) => setTimeout(r, 1500));
      const held = alarms.filter((a) => a.state !== 'cleared').at(-1)!;
      first.child.kill('SIGINT');
      assert.equal(await first.exit, 0, first.out());
      assert.ok(fs.readdirSync(path.join(userDir, 'context')).length > 0, 'context files written');

      // Again, with no simulator: only what the threshold kept can raise anything.
      alarms.length = 0;
      demo = startDemo({ ...env, SIM: 'off' });
      const second = demo;
      await until('the ready line', () => /demo ready/.test(second.out()), 45000);
      await until("p-003's alarm reported at start", () => alarms.length > 0, 15000);
      // Reported at start and again when the alarm topic's broker connects (Node-RED's MQTT node
      // drops what it is given before that): the same one alarm, however many reports arrive.
      assert.deepEqual(
        [...new Set(alarms.map((a) => JSON.stringify([a.state, a.severity, a.since])))].map((a) => JSON.parse(a)),
        [['active', held.severity, held.since]],
        'the same alarm, active since it was first raised',
      );
      second.child.kill('SIGINT');
      assert.equal(await second.exit, 0, second.out());
    } finally {
      await client.endAsync();
    }
  });

  it('refuses an MQTT_URL where no broker answers, instead of picking another broker', async () => {
    demo = startDemo({
      MQTT_URL: 'mqtt://127.0.0.1:1',
      DATA_DIR: path.join(tmp, 'data'),
      DEMO_USERDIR: path.join(tmp, 'userdir'),
    });
    assert.equal(await demo.exit, 1);
    assert.match(demo.out(), /cannot start: MQTT_URL=mqtt:\/\/127\.0\.0\.1:1 does not answer/);
  });
});
