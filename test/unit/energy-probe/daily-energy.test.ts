import assert from 'node:assert/strict';
import { DailyProcessEnergy, localDay } from '../../../nodes/energy-probe/daily-energy';

const J_PER_WH = 3600;
const wh = (n: number) => n * J_PER_WH;
const programs = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([k, v]) => [k, wh(v)]));

describe('energy-probe daily energy per program', () => {
  it("names the host's local calendar day", () => {
    assert.equal(localDay(new Date(2024, 0, 31, 23, 59, 59).getTime()), '2024-01-31');
    assert.equal(localDay(new Date(2024, 1, 1, 0, 0, 0).getTime()), '2024-02-01');
  });

  it('adds up each program over the day, and starts a new day at the first interval of the next date', () => {
    const day = new DailyProcessEnergy(10);
    day.add('2024-05-01', programs({ 'node-red': 1, mosquitto: 0.5 }), wh(2));
    day.add('2024-05-01', programs({ 'node-red': 1.5 }), wh(1));
    assert.deepEqual(day.summary(10), {
      date: '2024-05-01',
      wh: 6,
      idleWh: 3,
      otherWh: 0,
      processes: [
        { name: 'node-red', wh: 2.5 },
        { name: 'mosquitto', wh: 0.5 },
      ],
    });
    day.add('2024-05-02', programs({ mosquitto: 0.25 }), wh(0.75));
    assert.deepEqual(day.summary(10), {
      date: '2024-05-02',
      wh: 1,
      idleWh: 0.75,
      otherWh: 0,
      processes: [{ name: 'mosquitto', wh: 0.25 }],
    });
  });

  it('keeps at most maxPrograms names: the rest is "other", and the day total is never lost', () => {
    const day = new DailyProcessEnergy(3);
    day.add('d', programs({ a: 5, b: 4, c: 3, d: 2, e: 1 }), 0);
    let s = day.summary(10);
    assert.deepEqual(
      s.processes.map((p) => p.name),
      ['a', 'b', 'c'],
    );
    assert.equal(s.otherWh, 3);
    assert.equal(s.wh, 15);
    // A newcomer that used more in one interval than the smallest did all day takes its place.
    day.add('d', programs({ big: 10, tiny: 0.5 }), 0);
    s = day.summary(10);
    assert.deepEqual(
      s.processes.map((p) => p.name),
      ['big', 'a', 'b'],
    );
    assert.equal(s.otherWh, 3 + 3 + 0.5, 'c (3 Wh) moved to other, tiny went there');
    assert.equal(s.wh, 25.5);
  });

  it('lists the top programs and puts the rest of the table in otherWh', () => {
    const day = new DailyProcessEnergy(10);
    day.add('d', programs({ a: 1, b: 2, c: 3 }), wh(4));
    const s = day.summary(2);
    assert.deepEqual(s.processes, [
      { name: 'c', wh: 3 },
      { name: 'b', wh: 2 },
    ]);
    assert.equal(s.otherWh, 1);
    assert.equal(s.wh, 10);
    assert.equal(s.idleWh, 4);
  });

  it("saves plain JSON, adds a saved day back on the same date, drops another day's or a broken one", () => {
    const before = new DailyProcessEnergy(2);
    before.add('2024-05-01', programs({ a: 2, b: 1, c: 0.5 }), wh(3));
    const saved = JSON.parse(JSON.stringify(before.toJSON()));

    const after = new DailyProcessEnergy(2);
    // A sample taken while the store was still being read stays counted.
    after.add('2024-05-01', programs({ a: 1 }), wh(1));
    after.load(saved, '2024-05-01');
    assert.deepEqual(after.summary(5), {
      date: '2024-05-01',
      wh: 8.5,
      idleWh: 4,
      otherWh: 0.5,
      processes: [
        { name: 'a', wh: 3 },
        { name: 'b', wh: 1 },
      ],
    });

    const nextDay = new DailyProcessEnergy(2);
    nextDay.load(saved, '2024-05-02');
    assert.equal(nextDay.summary(5).wh, 0, "yesterday's sums are not today's");
    for (const broken of [
      null,
      'x',
      { date: '2024-05-01', programs: 'no' },
      { date: '2024-05-01', programs: [[1, -1]] },
    ]) {
      const d = new DailyProcessEnergy(2);
      d.load(broken, '2024-05-01');
      assert.equal(d.summary(5).wh, 0, JSON.stringify(broken));
    }
  });
});
