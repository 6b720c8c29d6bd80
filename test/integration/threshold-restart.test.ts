// "Report active alarms at start" in a real Node-RED that is stopped and started again, as a
// user restarts it: the threshold node's state is in a localfilesystem context store, and a
// core file node wired after it (created after it) writes every event it receives to a file.
// After the restart that node must receive one `active` event per alarm that was active when
// Node-RED stopped. Then a redeploy, with the two memory set-ups a user may have. Each run is its
// own process (test/support/threshold-restart-child.ts). Without the setting, nothing is sent at
// start: test/nodes/threshold.test.ts.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const CHILD = path.resolve(__dirname, '..', 'support', 'threshold-restart-child.js');

type Event = {
  key: string;
  rule: string;
  severity: string;
  state: string;
  value: unknown;
  threshold: unknown;
  since: string;
  ts: string;
  acked?: boolean;
  lastSeen?: string;
};

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0 && out.includes('DONE')
        ? resolve()
        : reject(new Error(`Node-RED run ${args[1]} exited ${code}: ${err}`)),
    );
  });
}

function readEvents(dir: string): Event[] {
  const file = path.join(dir, 'events.ndjson');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Event);
}

/** The alarms a listener to these events knows to be active: "key severity since acked". */
function activeFrom(events: Event[]): string[] {
  const known = new Map<string, { severity: string; since: string; acked: boolean }>();
  for (const e of events) {
    const id = `${e.key} ${e.severity === 'stale' ? 'stale' : 'value'}`;
    const was = known.get(id);
    if (e.state === 'raised' || e.state === 'escalated')
      known.set(id, { severity: e.severity, since: e.since, acked: false });
    else if (e.state === 'deescalated') known.set(id, { severity: e.severity, since: e.since, acked: was!.acked });
    else if (e.state === 'acknowledged') known.set(id, { ...was!, acked: true });
    else if (e.state === 'cleared') known.delete(id);
  }
  return [...known].map(([id, v]) => `${id.split(' ')[0]} ${v.severity} ${v.since} acked=${v.acked}`);
}

describe('threshold: report active alarms at start, across a restart or a deploy in Node-RED', function () {
  this.timeout(60_000);
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'threshold-restart-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const cache of ['cache', 'nocache']) {
    it(`the node wired after it receives each alarm active at the stop, once (localfilesystem, ${cache === 'cache' ? 'default cache' : 'cache: false'})`, async () => {
      await run([dir, 'first', cache, 'on']);
      const first = readEvents(dir);
      const active = activeFrom(first);
      // The scenario happened: a critical alarm, an acknowledged warning, a silent key.
      for (const want of [
        /^bed1 critical .* acked=false$/,
        /^bed2 warning .* acked=true$/,
        /^bed3 stale .* acked=false$/,
      ]) {
        assert.ok(
          active.some((a) => want.test(a)),
          `${want} among ${active.join('; ')}`,
        );
      }
      const restartedAt = new Date().toISOString();
      await run([dir, 'second', cache, 'on', String(active.length)]);
      const second = readEvents(dir).slice(first.length);
      const reported = second.filter((e) => e.state === 'active');
      assert.deepEqual(
        reported.map((e) => `${e.key} ${e.severity} ${e.since} acked=${e.acked}`).sort(),
        [...active].sort(),
        'each active alarm once',
      );
      // They come first, before anything the restarted node finds out for itself (keys going stale).
      assert.deepEqual(second.slice(0, reported.length), reported);
      // Least recently seen key first: bed3 sent its last value before bed1 and bed2.
      assert.deepEqual(
        reported.map((e) => e.key).filter((k, i, all) => all.indexOf(k) === i),
        ['bed3', 'bed1', 'bed2'],
      );
      for (const e of reported) {
        assert.equal(e.rule, 'heart rate');
        assert.ok(e.ts >= restartedAt, `ts ${e.ts} is the time of the report, after the restart (${restartedAt})`);
        if (e.severity === 'stale') {
          assert.equal(e.threshold, 1);
          assert.equal(
            e.lastSeen,
            first.find((f) => f.key === e.key && f.severity === 'stale' && f.state === 'raised')!.lastSeen,
          );
        } else {
          assert.equal(e.threshold, e.severity === 'critical' ? 130 : 100);
          assert.equal(e.lastSeen, undefined);
        }
      }
      assert.deepEqual(
        reported.filter((e) => e.severity !== 'stale').map((e) => [e.key, e.value]),
        [
          ['bed1', 135],
          ['bed2', 110],
        ],
      );
    });
  }

  it('after a full deploy with a memory store named in contextStorage, the active alarms are reported again', async () => {
    await run([dir, 'redeploy', 'memory', 'on']);
    const all = readEvents(dir);
    const cut = all.findIndex((e) => e.state === 'active');
    assert.ok(cut > 0, 'active events after the deploy');
    const active = activeFrom(all.slice(0, cut));
    assert.ok(
      active.some((a) => /^bed1 critical .* acked=false$/.test(a)) &&
        active.some((a) => /^bed2 warning .* acked=true$/.test(a)),
      active.join('; '),
    );
    const reported = all.slice(cut).filter((e) => e.state === 'active');
    assert.deepEqual(
      reported.map((e) => `${e.key} ${e.severity} ${e.since} acked=${e.acked}`).sort(),
      [...active].sort(),
    );
  });

  it('without contextStorage in the settings, Node-RED deletes node context when the node stops: a deploy forgets the alarms, nothing is reported', async () => {
    await run([dir, 'redeploy', 'none', 'on']);
    const all = readEvents(dir);
    assert.deepEqual(
      all.slice(0, 3).map((e) => `${e.key} ${e.state}`),
      ['bed1 raised', 'bed2 raised', 'bed2 acknowledged'],
    );
    assert.deepEqual(
      all.filter((e) => e.state === 'active'),
      [],
    );
  });
});
