import assert from 'node:assert/strict';
import { ProcessEnergy, ProcSnapshot, splitEnergy, Attribution } from '../../../nodes/energy-probe/attribution';
import { ProcReader } from '../../../nodes/energy-probe/proc-reader';
import { FakeProc } from '../../support/fake-proc';

const NOON = new Date(2024, 4, 1, 12, 0, 0).getTime();

function snapshot(
  total: number,
  procs: Array<[number, string, number, number?]>,
  skipped: number[] = [],
): ProcSnapshot {
  return {
    host: total,
    processes: new Map(procs.map(([pid, name, ticks, start = 1]) => [pid, { pid, name, ticks, start }])),
    skipped: new Set(skipped),
  };
}

/** The figures of one attribution, added up: top processes + other + idle. */
function parts(a: Attribution, key: 'wh' | 'watts' | 'cpuShare'): number {
  return a.processes.reduce((s, p) => s + p[key], 0) + a.other[key] + a.idle[key];
}

describe('energy-probe attribution', () => {
  describe('splitEnergy', () => {
    it("shares the interval's energy by CPU time out of all the host's CPU time; the rest is idle", () => {
      // 1000 ticks passed on the host (all CPUs); a used 300, b 100: 30 %, 10 %, idle 60 %.
      const prev = snapshot(5000, [
        [1, 'a', 1000],
        [2, 'b', 50],
      ]);
      const now = snapshot(6000, [
        [1, 'a', 1300],
        [2, 'b', 150],
      ]);
      const s = splitEnergy(500, prev, now);
      assert.deepEqual(
        s.processes.map((p) => [p.process.name, p.ticks, p.share, p.joules]),
        [
          ['a', 300, 0.3, 150],
          ['b', 100, 0.1, 50],
        ],
      );
      assert.equal(s.idleShare, 0.6);
      assert.equal(s.idleJoules, 300);
    });

    it('counts a new process wholly, a reused pid as new, and nothing for one that was unreadable before', () => {
      const prev = snapshot(
        0,
        [
          [1, 'old', 10, 5],
          [3, 'steady', 100],
        ],
        [4],
      );
      const now = snapshot(1000, [
        [1, 'new-on-old-pid', 40, 900],
        [2, 'born', 60],
        [3, 'steady', 100],
        [4, 'was-hidden', 5000],
      ]);
      const s = splitEnergy(1000, prev, now);
      assert.deepEqual(
        s.processes.map((p) => [p.process.name, p.ticks]),
        [
          ['born', 60],
          ['new-on-old-pid', 40],
        ],
      );
      assert.equal(s.idleJoules, 900);
    });

    it('gives a process that ended only what it was seen to use: its last, unseen part stays in idle', () => {
      const prev = snapshot(0, [
        [1, 'stays', 0],
        [2, 'ends', 0],
      ]);
      const mid = snapshot(1000, [
        [1, 'stays', 100],
        [2, 'ends', 400],
      ]);
      const end = snapshot(2000, [[1, 'stays', 200]]);
      assert.equal(splitEnergy(1000, prev, mid).processes.find((p) => p.process.name === 'ends')?.joules, 400);
      const after = splitEnergy(1000, mid, end);
      assert.deepEqual(
        after.processes.map((p) => p.process.name),
        ['stays'],
      );
      assert.equal(after.idleJoules, 900);
    });

    it('never passes 100 %: processes read a tick after /proc/stat share everything, idle 0', () => {
      const s = splitEnergy(100, snapshot(0, [[1, 'a', 0]]), snapshot(10, [[1, 'a', 12]]));
      assert.equal(s.processes[0].share, 1);
      assert.equal(s.processes[0].joules, 100);
      assert.equal(s.idleJoules, 0);
    });

    it('adds up to the energy for any counts (random intervals)', () => {
      let seed = 7;
      const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) + 0;
      for (let run = 0; run < 200; run++) {
        const n = 1 + rand(40);
        const before: Array<[number, string, number]> = [];
        const after: Array<[number, string, number]> = [];
        for (let pid = 1; pid <= n; pid++) {
          const t = rand(1000);
          before.push([pid, `p${pid}`, t]);
          if (rand(10) > 0) after.push([pid, `p${pid}`, t + rand(300)]);
        }
        const joules = rand(100000) / 7;
        const s = splitEnergy(joules, snapshot(0, before), snapshot(rand(20000), after));
        const sum = s.processes.reduce((a, p) => a + p.joules, 0) + s.idleJoules;
        assert.ok(Math.abs(sum - joules) <= 1e-9 * Math.max(1, joules), `run ${run}: ${sum} vs ${joules}`);
        assert.ok(s.idleJoules >= 0 && s.processes.every((p) => p.share > 0 && p.share <= 1));
      }
    });
  });

  describe('ProcessEnergy on a fake /proc', () => {
    let proc: FakeProc;
    beforeEach(() => (proc = new FakeProc()));
    afterEach(() => proc.remove());

    it('lists the top processes in watts and Wh; top + other + idle add up to the host', () => {
      proc.set(100, { name: 'node-red', ticks: 1000, cmdline: ['node-red', '--settings', 's.js'] });
      proc.set(200, { name: 'mosquitto', ticks: 10 });
      proc.set(300, { name: 'sh', ticks: 0 });
      const energy = new ProcessEnergy({ top: 2, maxPrograms: 10, reader: new ProcReader(proc.root) });
      energy.start();
      // 10 s on 2 CPUs at 100 ticks/s: 2000 ticks; node-red 500 (25 %), mosquitto 100, sh 60.
      proc.host(660, 1340);
      proc.set(100, { name: 'node-red', ticks: 1500, cmdline: ['node-red', '--settings', 's.js'] });
      proc.set(200, { name: 'mosquitto', ticks: 110 });
      proc.set(300, { name: 'sh', ticks: 60 });
      const a = energy.sample(360, 10, 'estimate', NOON); // 36 W for 10 s = 0.1 Wh
      assert.equal(a.method, 'estimate');
      assert.equal(a.seconds, 10);
      assert.equal(a.wh, 0.1);
      assert.deepEqual(a.processes[0], {
        pid: 100,
        name: 'node-red',
        command: 'node-red --settings s.js',
        cpuShare: 25,
        watts: 9,
        wh: 0.025,
      });
      assert.equal(a.processes.length, 2);
      assert.deepEqual(a.processes[1], {
        pid: 200,
        name: 'mosquitto',
        command: '[mosquitto]',
        cpuShare: 5,
        watts: 1.8,
        wh: 0.005,
      });
      assert.deepEqual(a.other, { cpuShare: 3, watts: 1.08, wh: 0.003 });
      assert.deepEqual(a.idle, { cpuShare: 67, watts: 24.12, wh: 0.067 });
      assert.ok(Math.abs(parts(a, 'wh') - a.wh) < 1e-9);
      assert.ok(Math.abs(parts(a, 'cpuShare') - 100) < 1e-9);
      assert.ok(Math.abs(parts(a, 'watts') - 36) < 1e-9);
      assert.equal(a.skipped, 0);
      assert.deepEqual(a.today, {
        date: '2024-05-01',
        wh: 0.1,
        idleWh: 0.067,
        otherWh: 0.003,
        processes: [
          { name: 'node-red', wh: 0.025 },
          { name: 'mosquitto', wh: 0.005 },
        ],
      });
    });

    it('sums the day per program across samples and processes that end, and starts again after midnight', () => {
      proc.set(1, { name: 'job', ticks: 0 });
      const energy = new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(proc.root) });
      energy.start();
      proc.host(100, 100);
      proc.set(1, { name: 'job', ticks: 100 });
      proc.set(2, { name: 'job', ticks: 50, start: 150 }); // a second job process, born in the interval
      energy.sample(3600, 2, 'rapl', NOON);
      proc.host(100, 100);
      proc.end(1); // ended: what it used since the last sample is not seen
      proc.set(2, { name: 'job', ticks: 100, start: 150 });
      const a = energy.sample(3600, 2, 'rapl', NOON + 2000);
      assert.deepEqual(
        a.processes.map((p) => [p.pid, p.cpuShare]),
        [[2, 25]],
      );
      // 150/200 of the first Wh, 50/200 of the second.
      assert.deepEqual(a.today.processes, [{ name: 'job', wh: 1 }]);
      assert.equal(a.today.wh, 2);

      const midnight = new Date(2024, 4, 2, 0, 0, 1).getTime();
      proc.host(100, 100);
      proc.set(2, { name: 'job', ticks: 200, start: 150 });
      const b = energy.sample(3600, 2, 'rapl', midnight);
      assert.equal(b.today.date, '2024-05-02');
      assert.deepEqual(b.today.processes, [{ name: 'job', wh: 0.5 }]);
      assert.equal(b.today.wh, 1);
    });

    it('lists a sample asked for right after a timed one over both intervals, and counts the day once', () => {
      proc.set(1, { name: 'job', ticks: 0 });
      const energy = new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(proc.root) });
      energy.start();
      proc.host(100, 100);
      proc.set(1, { name: 'job', ticks: 100 });
      energy.sample(3600, 2, 'rapl', NOON); // a timed sample: job used half the host's CPU time
      proc.host(0, 2); // 20 ms later an alarm asks for one: no process has used a tick since
      const asked = energy.sample(36, 0.02, 'rapl', NOON + 20, true);
      assert.equal(asked.seconds, 2.02);
      assert.equal(asked.wh, 1.01);
      assert.deepEqual(
        asked.processes.map((p) => [p.name, p.cpuShare, p.watts]),
        [['job', 49.5, 891.089]], // 100 of 202 ticks: 1,800 J of 3,636, over 2.02 s
      );
      assert.ok(Math.abs(parts(asked, 'wh') - asked.wh) < 1e-9, 'the listed shares add up to the window');
      // Today's sums: the first interval's 0.5 Wh for job, the 20 ms all idle; nothing twice.
      assert.deepEqual(asked.today.processes, [{ name: 'job', wh: 0.5 }]);
      assert.equal(asked.today.wh, 1.01);
      // Not asked for the previous interval: the 20 ms alone names no process.
      const alone = new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(proc.root) });
      alone.start();
      proc.host(0, 2);
      assert.deepEqual(alone.sample(36, 0.02, 'rapl', NOON + 40).processes, []);
    });

    it('skips an unreadable entry and counts it from the sample after it becomes readable', () => {
      proc.set(1, { name: 'a', ticks: 0 });
      proc.unreadable(2);
      const energy = new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(proc.root) });
      energy.start();
      proc.host(100, 0);
      proc.set(1, { name: 'a', ticks: 50 });
      proc.set(2, { name: 'b', ticks: 5000 }); // readable now: its lifetime is not this interval's
      const a = energy.sample(100, 1, 'estimate', NOON);
      assert.deepEqual(
        a.processes.map((p) => p.name),
        ['a'],
      );
      assert.equal(a.idle.cpuShare, 50);
      proc.host(100, 0);
      proc.set(2, { name: 'b', ticks: 5100 });
      proc.unreadable(1);
      const b = energy.sample(100, 1, 'estimate', NOON + 1000);
      assert.deepEqual(
        b.processes.map((p) => [p.name, p.cpuShare]),
        [['b', 100]],
      );
      assert.equal(b.skipped, 1);
    });

    it('clears today on reset', () => {
      proc.set(1, { name: 'a', ticks: 0 });
      const energy = new ProcessEnergy({ top: 5, maxPrograms: 10, reader: new ProcReader(proc.root) });
      energy.start();
      proc.host(10, 0);
      proc.set(1, { name: 'a', ticks: 10 });
      assert.equal(energy.sample(3600, 1, 'estimate', NOON).today.wh, 1);
      energy.reset(NOON + 1);
      proc.host(10, 0);
      proc.set(1, { name: 'a', ticks: 20 });
      assert.equal(energy.sample(3600, 1, 'estimate', NOON + 2).today.wh, 1);
    });
  });

  it('on the real /proc: shares plus idle add up to the energy, and this busy process shows up', async () => {
    const energy = new ProcessEnergy({ top: 50, maxPrograms: 100 });
    energy.start();
    // Half a second of CPU in this process, so that at least one process used ticks.
    const until = Date.now() + 500;
    while (Date.now() < until) Math.sqrt(Math.random());
    const a = energy.sample(1000, 0.5, 'estimate', Date.now());
    assert.ok(Math.abs(parts(a, 'wh') - a.wh) < 1e-5, `${parts(a, 'wh')} vs ${a.wh}`);
    assert.ok(Math.abs(parts(a, 'cpuShare') - 100) < 0.05 * (a.processes.length + 2));
    const me = a.processes.find((p) => p.pid === process.pid);
    assert.ok(me && me.cpuShare > 0 && me.wh > 0, JSON.stringify(a.processes.slice(0, 5)));
  });
});
