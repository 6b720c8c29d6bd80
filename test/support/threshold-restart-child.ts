// Child process for the threshold start-up report tests: a real Node-RED with a threshold node
// and a core file node wired after it (later in flows.json, so created after it: the runtime
// creates a tab's nodes in order) that appends each alarm event to <userDir>/events.ndjson, one
// JSON line per event. Arguments: user folder, phase, store, report at start ("on", "off", or
// "absent": a flow saved before the setting existed), and for phase "second" the number of
// active events to wait for.
// Stores: "cache" / "nocache": localfilesystem under the user folder (default cache, or
// cache: false); "memory": a memory store named in contextStorage; "none": no contextStorage
// in the settings (Node-RED's out-of-the-box settings.js).
// Phases:
//   first:    bed3 = 70 until it goes stale, then bed1 = 135, bed2 = 110 and an ack of bed2;
//             stops Node-RED cleanly once the ack's event is in the file.
//   second:   starts Node-RED again on the same folder, waits until the file holds that many
//             active events (at most 10 s) and half a second more, then stops.
//   redeploy: bed1 = 135, bed2 = 110, an ack of bed2, then a full deploy of the same flow (as
//             the editor's Deploy button does), a second to let events arrive, then stops.
// Prints DONE when Node-RED has stopped.
import fs from 'fs';
import path from 'path';
import { startEmbeddedRed } from './embedded-red';

const [userDir, phase, store, reportArg, expectArg] = process.argv.slice(2);
const eventsFile = path.join(userDir, 'events.ndjson');

function events(): { key: string; state: string; severity: string }[] {
  if (!fs.existsSync(eventsFile)) return [];
  return fs
    .readFileSync(eventsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

async function until(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function settings(): Record<string, unknown> {
  if (store === 'none') return {};
  if (store === 'memory') return { contextStorage: { default: { module: 'memory' } } };
  return {
    contextStorage: {
      default: { module: 'memory' },
      file: { module: 'localfilesystem', config: { dir: path.join(userDir, 'context'), cache: store === 'cache' } },
    },
  };
}

async function main() {
  const threshold: Record<string, unknown> = {
    id: 'th',
    type: 'he-threshold',
    name: 'heart rate',
    property: 'payload.heartRate',
    propertyType: 'msg',
    keyProperty: 'payload.deviceId',
    keyPropertyType: 'msg',
    operator: 'above',
    levels: [
      { severity: 'warning', threshold: '100', hysteresis: '5' },
      { severity: 'critical', threshold: '130', hysteresis: '10' },
    ],
    staleSeconds: '1',
    maxKeys: '1000',
    contextStore: store === 'cache' || store === 'nocache' ? 'file' : '',
    x: 150,
    y: 100,
    wires: [['sink'], []],
  };
  if (reportArg !== 'absent') threshold.reportAtStart = reportArg === 'on';
  const sink = {
    id: 'sink',
    type: 'file',
    filename: eventsFile,
    filenameType: 'str',
    appendNewline: true,
    createDir: true,
    overwriteFile: 'false',
    encoding: 'none',
    x: 350,
    y: 100,
    wires: [],
  };
  const red = await startEmbeddedRed([threshold, sink], userDir, settings());
  const th = () => red.node('th');
  if (phase === 'first') {
    th().receive({ payload: { deviceId: 'bed3', heartRate: 70 } });
    await until('bed3 stale', () =>
      events().some((e) => e.key === 'bed3' && e.severity === 'stale' && e.state === 'raised'),
    );
  }
  if (phase === 'first' || phase === 'redeploy') {
    th().receive({ payload: { deviceId: 'bed1', heartRate: 135 } });
    th().receive({ payload: { deviceId: 'bed2', heartRate: 110 } });
    th().receive({ ack: 'bed2' });
    await until('the ack of bed2', () => events().some((e) => e.key === 'bed2' && e.state === 'acknowledged'));
  }
  if (phase === 'redeploy') {
    const flows = await red.RED.runtime.flows.getFlows({});
    await red.RED.runtime.flows.setFlows({ flows: { flows: flows.flows }, deploymentType: 'full' });
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (phase === 'second') {
    const expected = Number(expectArg);
    await until(
      `${expected} active events`,
      () => events().filter((e) => e.state === 'active').length >= expected,
    ).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  }
  await red.stop();
  process.stdout.write('DONE\n');
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
