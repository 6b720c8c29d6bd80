// Bad input at volume: 100,000 generated payloads (random JSON, random bytes, truncated packets,
// huge strings, prototype keys, odd text lines, out-of-range values, deep nesting, some good
// readings) through mqtt in → vitals-parse → csv-log, with a Catch node. Node-RED must stay up,
// its heap after a full GC must come back near where it was, and every message must end either
// as a CSV row or at the Catch node with a reason: rows + caught == sent.
// Env: FAULT_BAD_N (default 100000).
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import mqtt from 'mqtt';
import { FlowHost } from '../../bench/lib/host-client';
import { brokerNode, catchAll, csvLog, FlowNode, mqttIn, sink, tab, vitalsParse } from '../../bench/lib/flows';
import { runPrefix } from '../../bench/lib/payloads';
import { WindowedPublisher } from '../../bench/lib/publisher';
import { readCsvRows } from '../../bench/lib/csv-check';
import { startRestartableBroker, RestartableBroker } from '../support/own-mosquitto';
import { badPayloads, BadKind } from '../support/bad-payloads';
import { sleep, waitForCounts, waitForSubscription } from '../support/fault-flow';

const N = Number(process.env.FAULT_BAD_N) || 100000;
const WARM = 5000;
const HEAP_GROWTH_LIMIT_MB = 32;
const MB = 2 ** 20;

describe('fault: bad input at volume (mqtt in → vitals-parse → csv-log, Catch)', function () {
  this.timeout(240000);
  let broker: RestartableBroker;
  let host: FlowHost | undefined;
  let dir = '';

  before(async () => {
    broker = await startRestartableBroker();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fault-bad-'));
  });
  after(async () => {
    host?.kill();
    await broker?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`accounts for all ${N.toLocaleString('en-US')} messages as rows or caught errors, stays up, heap bounded`, async () => {
    const prefix = runPrefix('bad');
    const z = 'bad';
    const flows: FlowNode[] = [
      tab(z, 'bad input'),
      brokerNode('broker', { host: broker.host, port: broker.port }),
      mqttIn('in', z, 'broker', `${prefix}/+/vitals`, ['parse']),
      vitalsParse('parse', z, ['csv']),
      csvLog('csv', z, dir, ['sink']),
      sink('sink', z),
      catchAll('catch', z, ['caught']),
      sink('caught', z),
    ];
    ({ host } = await FlowHost.start({
      flows,
      execArgv: ['--expose-gc'],
      ignoreTopic: `^${prefix}/probe/`,
      progressEvery: { sink: 100, caught: 100 },
    }));
    const h = host;
    const client = await mqtt.connectAsync(broker.url, { clean: true, protocolVersion: 4 });
    try {
      await waitForSubscription(h, client, prefix);
      const messages = badPayloads(N, prefix);
      const kinds = new Map<BadKind, number>();
      for (const m of messages) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);

      const progress = { sink: 0, caught: 0 };
      const sendAll = async (list: typeof messages, done: number) => {
        const pub = new WindowedPublisher(client, list, 500);
        const off = h.on((ev) => {
          if (ev.ev === 'progress' && (ev.sink === 'sink' || ev.sink === 'caught')) {
            progress[ev.sink] = ev.count;
            pub.progress(progress.sink + progress.caught - done);
          }
        });
        pub.start();
        await pub.done;
        const total = await waitForCounts(h, ['sink', 'caught'], done + list.length, 120000);
        off();
        return total;
      };

      await sendAll(messages.slice(0, WARM), 0);
      await sleep(500);
      const heap0 = await h.memory();
      const t0 = Date.now();
      await sendAll(messages.slice(WARM), WARM);
      const seconds = (Date.now() - t0) / 1000;
      await sleep(1000); // a surplus would show up here
      const heap1 = await h.memory();
      const counts = await h.counts();
      assert.ok(h.alive, 'Node-RED is still running');
      await h.stop();
      host = undefined;

      const rows = counts.sink?.count ?? 0;
      const caught = counts.caught?.count ?? 0;
      const withReason = counts.caught?.withReason ?? 0;
      const csvRows = readCsvRows(path.join(dir, 'vitals.csv')).filter((r) => r.deviceId !== 'probe').length;
      const growth = (heap1.heapUsed - heap0.heapUsed) / MB;
      console.log(`      sent ${N}: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}`);
      console.log(
        `      rows ${rows} (CSV ${csvRows}), caught ${caught} (with a reason ${withReason}); ${Math.round((N - WARM) / seconds)} msgs/s; ` +
          `heap after GC ${(heap0.heapUsed / MB).toFixed(1)} → ${(heap1.heapUsed / MB).toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)})`,
      );
      const sources = new Set((counts.caught?.samples ?? []).map((s) => s.source));
      assert.equal(rows + caught, N, 'every message is a row or a caught error');
      assert.equal(withReason, caught, 'every caught error has a reason');
      assert.equal(csvRows, rows, 'every acknowledged row is in the CSV');
      assert.ok(rows >= (kinds.get('good') ?? 0), 'the good readings among them were logged');
      assert.ok(sources.has('he-vitals-parse'), `errors come from he-vitals-parse: ${[...sources].join(', ')}`);
      assert.ok(growth <= HEAP_GROWTH_LIMIT_MB, `heap grew by ${growth.toFixed(1)} MB`);
    } finally {
      await client.endAsync(true).catch(() => undefined);
    }
  });
});
