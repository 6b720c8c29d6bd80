// Disk faults under csv-log: a log folder that is not a folder (a regular file in its place:
// csv-log cannot create the folder (EEXIST) nor write through it (ENOTDIR), even as root), and a full file system (a 64 KiB tmpfs where
// mounting is allowed). Each time: the errors reach a Catch node with the reason, Node-RED stays
// up, and logging resumes by itself once the folder is usable again.
import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { FlowHost } from '../../bench/lib/host-client';
import { catchAll, csvLog, FlowNode, generator, sink, tab } from '../../bench/lib/flows';
import { deviceMessages } from '../../bench/lib/payloads';
import { readCsvRows } from '../../bench/lib/csv-check';
import { parseText } from '../../nodes/vitals-parse/text';
import { resolveLimits } from '../../nodes/lib/reading';
import { canMountTmpfs, mountTinyTmpfs } from '../support/tiny-tmpfs';
import { sleep, waitForCounts } from '../support/fault-flow';

const N = 40; // readings per burst

/** Readings as vitals-parse makes them; `offset` keeps each burst's timestamps apart. */
function readings(offset: number): Record<string, unknown>[] {
  const limits = resolveLimits(undefined);
  return deviceMessages(N * 4, 'health', 5)
    .slice(offset, offset + N)
    .map((m) => {
      const r = parseText(m.payload, { topic: m.topic, topicSegment: 1, limits, now: new Date() });
      if (!r.ok) throw new Error('simulated reading refused');
      return r.reading as unknown as Record<string, unknown>;
    });
}

/** Three generators (bursts a, b, c) → csv-log in `baseDir` → sink; Catch → caught. */
async function startFlow(baseDir: string): Promise<FlowHost> {
  const z = 'disk';
  const flows: FlowNode[] = [
    tab(z, 'disk faults'),
    generator('gen-a', z, 'a', ['csv']),
    generator('gen-b', z, 'b', ['csv']),
    generator('gen-c', z, 'c', ['csv']),
    csvLog('csv', z, baseDir, ['sink']),
    sink('sink', z),
    catchAll('catch', z, ['caught']),
    sink('caught', z),
  ];
  const globals = {
    bench: { n: N, topics: ['health/p-001/vitals'], inputs: { a: readings(0), b: readings(N), c: readings(2 * N) } },
  };
  const { host } = await FlowHost.start({ flows, globals });
  return host;
}

/** What a burst of N readings led to, counted at the sink (rows written) and the Catch node. */
interface Burst {
  rows: number;
  caught: number;
  reasons: string[];
}

/**
 * Triggers a generator and waits until the sink and Catch together have gained `expect`
 * messages, then lets late ones settle. While the disk fails, csv-log holds the rows and
 * retries (reporting `csv-log/retry` to Catch), so a burst then waits only for that report;
 * after recovery the held rows are written along with the new ones.
 */
async function burst(host: FlowHost, gen: string, expect: number, settleMs = 1500): Promise<Burst> {
  const before = await host.counts();
  await host.request({ cmd: 'trigger', node: gen }, (e) => e.ev === 'triggered');
  const want = (before.sink?.count ?? 0) + (before.caught?.count ?? 0) + expect;
  await waitForCounts(host, ['sink', 'caught'], want, 20000);
  await sleep(settleMs);
  const after = await host.counts();
  return {
    rows: (after.sink?.count ?? 0) - (before.sink?.count ?? 0),
    caught: (after.caught?.count ?? 0) - (before.caught?.count ?? 0),
    reasons: (after.caught?.samples ?? []).map((s) => s.error ?? ''),
  };
}

const stamps = (rows: Record<string, string>[]) => new Set(rows.map((r) => r.timestamp));

describe('fault: log folder unusable or full (csv-log)', function () {
  this.timeout(60000);
  let host: FlowHost | undefined;
  let tmp = '';

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'he-fault-disk-'));
  });
  afterEach(async () => {
    if (host) await host.stop();
    host = undefined;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a regular file where the log folder should be: errors with the reason, Node-RED up, logging resumes when the folder is back', async () => {
    const logs = path.join(tmp, 'logs');
    fs.writeFileSync(logs, 'not a folder');
    host = await startFlow(logs);

    const broken = await burst(host, 'gen-a', 1);
    assert.equal(broken.rows, 0, 'no row acknowledged while the folder is unusable');
    assert.ok(broken.caught >= 1, 'the failure reached the Catch node');
    assert.ok(
      broken.reasons.some((r) => /ENOTDIR|EEXIST|not a directory|already exists/i.test(r)),
      `reasons: ${broken.reasons.slice(0, 3).join(' | ')}`,
    );
    assert.ok(host.alive, 'Node-RED is still running');

    fs.rmSync(logs);
    fs.mkdirSync(logs);
    const resumed = await burst(host, 'gen-b', 2 * N);
    assert.equal(resumed.caught, 0, `new errors after recovery: ${resumed.reasons.join(' | ')}`);
    assert.equal(resumed.rows, 2 * N, 'the held burst and the new one are both written');
    await host.stop();
    host = undefined;
    const written = stamps(readCsvRows(path.join(logs, 'vitals.csv')));
    for (const r of [...readings(0), ...readings(N)])
      assert.ok(written.has(r.timestamp as string), `row ${r.timestamp} not in the CSV`);
    console.log(
      `      folder is a file: ${broken.caught} retry report(s) at the Catch node, then ${resumed.rows} rows written after recovery, none lost`,
    );
  });

  if (canMountTmpfs()) {
    it('a full file system (64 KiB tmpfs): ENOSPC errors with the reason, Node-RED up, logging resumes when space is freed', async () => {
      const fsys = mountTinyTmpfs(64);
      try {
        host = await startFlow(fsys.dir);
        const ok = await burst(host, 'gen-a', N);
        assert.equal(ok.rows, N, 'rows written while there is space');
        const filled = fsys.fill();

        const full = await burst(host, 'gen-b', 1);
        assert.ok(full.caught >= 1, 'the failure reached the Catch node');
        assert.ok(
          full.reasons.some((r) => /ENOSPC|no space/i.test(r)),
          `reasons: ${full.reasons.slice(0, 3).join(' | ')}`,
        );
        assert.ok(host.alive, 'Node-RED is still running');

        fsys.free();
        const resumed = await burst(host, 'gen-c', 2 * N - full.rows);
        assert.equal(resumed.caught, 0, `new errors after recovery: ${resumed.reasons.join(' | ')}`);
        assert.equal(full.rows + resumed.rows, 2 * N, 'the held rows and the new burst are all written');
        await host.stop();
        host = undefined;
        const rows = readCsvRows(path.join(fsys.dir, 'vitals.csv'));
        const written = stamps(rows);
        for (const r of [...readings(0), ...readings(N), ...readings(2 * N)])
          assert.ok(written.has(r.timestamp as string), `row ${r.timestamp} not in the CSV`);
        console.log(
          `      ENOSPC: filler ${filled} B, ${full.caught} retry report(s) at the Catch node (${full.rows} rows acknowledged while full), then ${resumed.rows} rows after recovery; CSV holds ${rows.length} rows`,
        );
      } finally {
        if (host) await host.stop();
        host = undefined;
        fsys.unmount();
      }
    });
  }
});
