// Node-RED goes away in the middle of a stream of QoS 1 readings, and comes back: stopped as
// Ctrl-C stops it, redeployed in full through the admin API, or killed with SIGKILL. The real
// Node-RED command runs the health-monitoring example's own nodes (mqtt in → vitals-parse →
// news2 → threshold → csv-log) with the example's broker node as shipped: a persistent session
// under ${HE_MQTT_CLIENT_ID} (set by the pack from host name and user directory), so the test
// proves the example's settings. Each scenario has its own Mosquitto (persistence on,
// max_queued_messages as README advises) and a publisher with its own persistent session.
// Every reading is looked for in the CSV; duplicates (at-least-once) are counted and printed.
//
// What may still be lost, and the bound the tests hold it to: mqtt in acknowledges a reading to
// the broker as it arrives, before the flow has logged it. When Node-RED stops its flows (a
// stop, a deploy) it drops the messages that are between two nodes at that moment; a SIGKILL
// loses those and the rows csv-log has not yet handed to the file. So the readings Node-RED
// acknowledged last may be lost. How many: the broker sends at most max_inflight_messages
// unacknowledged readings (20, Mosquitto's default, set below), and mqtt in acknowledges them as
// one socket read brings them in, so a Node-RED that gets no CPU for a while holds at most about
// one such window that it has acknowledged and not yet logged. Measured (README, "Broker
// settings for health data"), at 200 readings/s on a 2-core machine shared with other test runs:
// 0–2 lost per restart and 0–1 per deploy (11 runs each), 0–1 per SIGKILL (23 runs), and 13 in
// one SIGKILL run out of ten with a busy process competing for the CPU. A reading published after Node-RED was back is never
// lost: the broker keeps it for the session. With Node-RED's defaults instead (clean session, a
// random client id, automatic unsubscribe), or automatic unsubscribe alone, the same runs lost
// 348–1,009 readings per restart and 6–17 per deploy at 200/s, the deploy's including readings
// published after Node-RED was back: both tests fail then. FAULT_KEEP=1 keeps each run's folders.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { deviceMessages } from '../../bench/lib/payloads';
import { publishPaced } from '../../bench/lib/publisher';
import { accountFor, CsvAccount, readCsvRows } from '../../bench/lib/csv-check';
import { defaultClientId } from '../../nodes/lib/mqtt-client-id';
import { startRestartableBroker } from '../support/own-mosquitto';
import { NodeRedProcess } from '../support/node-red-child';
import { examplePipeline, PIPELINE_FILE, waitForProbeRow } from '../support/example-pipeline';
import { sleep } from '../support/fault-flow';

const RATE = Number(process.env.FAULT_RATE ?? 200); // readings per second
const SECONDS = 12;
const DISRUPT_AT_MS = 3000;
/** Runs of each scenario; FAULT_RUNS=10 measures the loss over many. */
const RUNS = Number(process.env.FAULT_RUNS ?? 1);
const KILL_RUNS = Number(process.env.FAULT_KILL_RUNS ?? 3);
/** Mosquitto's default, written into the test broker's configuration: the bound below follows from it. */
const MAX_INFLIGHT = 20;
/** Readings Node-RED may have acknowledged and not yet logged when it stops or dies. */
const MAY_LOSE = MAX_INFLIGHT;

interface Outcome {
  account: CsvAccount;
  sent: number;
  /** From the disruption until Node-RED ran its flows again. */
  awayMs: number;
  caught: number;
  /** Readings the publisher had sent when the disruption began, and when Node-RED was back. */
  sentBefore: number;
  sentAfter: number;
  /** The index (in publishing order) of each missing reading. */
  missingIndexes: number[];
  clientId: string;
  output: string;
}

/** One run: start, stream, `disrupt` after DISRUPT_AT_MS, wait for every reading, stop. */
async function streamAcross(what: string, disrupt: (red: NodeRedProcess) => Promise<void>): Promise<Outcome> {
  const broker = await startRestartableBroker(['max_queued_messages 100000', `max_inflight_messages ${MAX_INFLIGHT}`]);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `he-fault-${what}-`));
  const dir = path.join(tmp, 'data');
  const userDir = path.join(tmp, 'userdir');
  fs.mkdirSync(dir);
  const red = new NodeRedProcess({ userDir, flows: examplePipeline(broker, dir) });
  const publisher = await mqtt.connectAsync(broker.url, {
    clientId: 'he-fault-devices',
    clean: false,
    protocolVersion: 4,
    reconnectPeriod: 250,
  });
  publisher.on('error', () => undefined);
  try {
    await red.start();
    await waitForProbeRow(publisher, dir);
    const messages = deviceMessages(RATE * SECONDS, 'health', 20);
    let sent = 0;
    const publishing = publishPaced(publisher, messages, RATE, (n) => (sent = n));
    await sleep(DISRUPT_AT_MS);
    const sentBefore = sent;
    const t0 = Date.now();
    await disrupt(red);
    const awayMs = Date.now() - t0;
    const sentAfter = sent;
    await publishing; // every reading acknowledged by the broker
    const ids = messages.map((m) => m.id);
    const file = path.join(dir, PIPELINE_FILE);
    // Until every reading is there, or none has come for 5 s (a lost one never comes).
    let seen = -1;
    let still = Date.now();
    for (;;) {
      const a = accountFor([file], ids);
      if (a.missing === 0 || Date.now() - still > 5000) break;
      if (a.rows !== seen) [seen, still] = [a.rows, Date.now()];
      await sleep(250);
    }
    await sleep(1000); // redeliveries still under way would show up here
    await red.stopGracefully();
    const logged = new Set(readCsvRows(file).map((r) => r.timestamp));
    const output = red.output();
    return {
      account: accountFor([file], ids),
      sent: messages.length,
      awayMs,
      caught: (output.match(/\[debug:caught\]/g) ?? []).length,
      sentBefore,
      sentAfter,
      missingIndexes: ids.flatMap((id, i) => (logged.has(id) ? [] : [i])),
      clientId: defaultClientId(os.hostname(), userDir),
      output,
    };
  } finally {
    await red.kill();
    await publisher.endAsync(true).catch(() => undefined);
    await broker.close();
    if (process.env.FAULT_KEEP) console.log(`      kept ${tmp}`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** "598–602" style ranges of the missing readings' publishing indexes. */
function ranges(indexes: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indexes.length;) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    out.push(i === j ? String(indexes[i]) : `${indexes[i]}–${indexes[j]}`);
    i = j + 1;
  }
  return out.join(', ') || 'none';
}

async function runs(label: string, n: number, disrupt: (red: NodeRedProcess) => Promise<void>): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let run = 1; run <= n; run++) {
    const o = await streamAcross(label.split(' ')[0], disrupt);
    const a = o.account;
    console.log(
      `      ${label}${n > 1 ? ` run ${run}` : ''}: Node-RED away ${o.awayMs} ms at ${RATE}/s; sent ${o.sent}, rows ${a.rows}, ` +
        `distinct ${a.distinct}, lost ${a.missing} (published as #${ranges(o.missingIndexes)}; ` +
        `disruption from #${o.sentBefore} to #${o.sentAfter}), duplicates ${a.duplicates} (at-least-once), errors ${o.caught}`,
    );
    outcomes.push(o);
  }
  if (n > 1) {
    const lost = outcomes.map((o) => o.account.missing);
    console.log(
      `      ${label}: lost per run ${lost.join(', ')}; duplicates per run ${outcomes.map((o) => o.account.duplicates).join(', ')}`,
    );
  }
  return outcomes;
}

function check(o: Outcome): void {
  const a = o.account;
  assert.equal(o.caught, 0, 'no reading refused');
  assert.ok(
    a.missing <= MAY_LOSE,
    `lost ${a.missing} readings (#${ranges(o.missingIndexes)}), more than the broker's in-flight window of ${MAY_LOSE}`,
  );
  // The broker keeps what is published while Node-RED is away or busy with a deploy.
  const late = o.missingIndexes.filter((i) => i >= o.sentAfter);
  assert.deepEqual(late, [], `readings published after Node-RED was back (#${o.sentAfter} on) were lost`);
  assert.equal(a.distinct, o.sent - a.missing);
  assert.equal(a.rows, a.distinct + a.duplicates);
  // The example's client id reached the broker, the same before and after: the session was found again.
  const connected = [...o.output.matchAll(/Connected to broker: (\S+)@mqtt:/g)].map((m) => m[1]);
  assert.ok(connected.length >= 2, `connected before and after:\n${o.output.slice(-2000)}`);
  assert.deepEqual([...new Set(connected)], [o.clientId], 'one client id, derived from host name and user directory');
}

describe('fault: Node-RED stopped, redeployed or killed during a QoS 1 stream (the example broker settings)', function () {
  this.timeout(120000 * (RUNS + KILL_RUNS));

  it(`graceful restart (SIGINT as Ctrl-C, then start on the same user dir): every reading logged, but for at most ${MAY_LOSE} acknowledged and in flight`, async () => {
    const outcomes = await runs('restart', RUNS, async (red) => {
      await red.stopGracefully();
      await red.start();
    });
    outcomes.forEach(check);
  });

  it(`full deploy through the admin API: every reading logged, but for at most ${MAY_LOSE} acknowledged and in flight`, async () => {
    const outcomes = await runs('full deploy', RUNS, async (red) => {
      await red.deployFull();
    });
    for (const o of outcomes) {
      assert.match(
        o.output,
        /Stopping flows[\s\S]*Stopped flows[\s\S]*Starting flows[\s\S]*Started flows[\s\S]*Stopping flows/,
        'the deploy stopped and started the flows',
      );
      check(o);
    }
  });

  it(`SIGKILL, then start on the same user dir: every reading logged, but for at most ${MAY_LOSE} acknowledged just before the kill`, async () => {
    const outcomes = await runs('SIGKILL', KILL_RUNS, async (red) => {
      await red.kill();
      await red.start();
    });
    outcomes.forEach(check);
  });
});
