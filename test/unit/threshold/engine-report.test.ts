// ThresholdEngine.report: every active alarm as an `active` event, for a dashboard that has to
// learn what is active after a restart, a redeploy or a reload. Checked against examples and
// against what the alarm events sent so far have said.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AlarmEvent, EngineOptions, ThresholdEngine } from '../../../nodes/threshold/engine';
import { compileRule, LevelInput, Operator } from '../../../nodes/threshold/rules';

const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const at = (s: number) => T0 + s * 1000;
const iso = (s: number) => new Date(at(s)).toISOString();

const HR_LEVELS: LevelInput[] = [
  { severity: 'warning', threshold: 100, hysteresis: 5 },
  { severity: 'critical', threshold: 130, hysteresis: 10 },
];

function engine(
  options: Omit<EngineOptions, 'rule'> = {},
  op: Operator = 'above',
  levels: LevelInput[] = HR_LEVELS,
): ThresholdEngine {
  return new ThresholdEngine({ rule: compileRule('hr', op, levels), ...options });
}

const short = (e: AlarmEvent) => `${e.key} ${e.state} ${e.severity} acked=${e.acked}`;

describe('threshold engine: report of active alarms', () => {
  it('one active event per active alarm with the full payload, least recently seen key first', () => {
    const eng = engine({ staleSeconds: 60 });
    eng.evaluate('bed1', 110, at(0));
    eng.evaluate('bed2', 80, at(5));
    eng.evaluate('bed3', 135, at(10));
    eng.ack('bed3', at(12));
    eng.evaluate('bed4', 120, at(20));
    eng.evaluate('bed4', 140, at(25));
    // bed1 and bed2 fall silent: both go stale at 60 and 65; bed1 keeps its warning too.
    eng.tick(at(60));
    eng.tick(at(65));
    eng.ack('bed2', at(66));
    assert.deepEqual(eng.report(undefined, at(70)), [
      {
        key: 'bed1',
        rule: 'hr',
        severity: 'warning',
        state: 'active',
        value: 110,
        threshold: 100,
        since: iso(0),
        ts: iso(70),
        acked: false,
      },
      {
        key: 'bed1',
        rule: 'hr',
        severity: 'stale',
        state: 'active',
        value: 110,
        threshold: 60,
        since: iso(60),
        ts: iso(70),
        lastSeen: iso(0),
        acked: false,
      },
      {
        key: 'bed2',
        rule: 'hr',
        severity: 'stale',
        state: 'active',
        value: 80,
        threshold: 60,
        since: iso(65),
        ts: iso(70),
        lastSeen: iso(5),
        acked: true,
      },
      {
        key: 'bed3',
        rule: 'hr',
        severity: 'critical',
        state: 'active',
        value: 135,
        threshold: 130,
        since: iso(10),
        ts: iso(70),
        acked: true,
      },
      // Escalated: the severity now, since the first raise.
      {
        key: 'bed4',
        rule: 'hr',
        severity: 'critical',
        state: 'active',
        value: 140,
        threshold: 130,
        since: iso(20),
        ts: iso(70),
        acked: false,
      },
    ]);
  });

  it('follows the order in which keys were last seen: a key seen again goes last', () => {
    const eng = engine();
    eng.evaluate('a', 110, at(0));
    eng.evaluate('b', 110, at(1));
    eng.evaluate('c', 110, at(2));
    eng.evaluate('a', 111, at(3));
    assert.deepEqual(
      eng.report(undefined, at(4)).map((e) => e.key),
      ['b', 'c', 'a'],
    );
  });

  it('a key named: that key only; an unknown key, a key without an alarm, or no alarm anywhere: no event', () => {
    const eng = engine();
    eng.evaluate('a', 110, at(0));
    eng.evaluate('b', 135, at(1));
    eng.evaluate('calm', 70, at(2));
    assert.deepEqual(eng.report('b', at(3)).map(short), ['b active critical acked=false']);
    assert.deepEqual(eng.report('nobody', at(3)), []);
    assert.deepEqual(eng.report('calm', at(3)), []);
    const quiet = engine();
    quiet.evaluate('a', 70, at(0));
    assert.deepEqual(quiet.report(undefined, at(1)), []);
    assert.deepEqual(engine().report(undefined, at(1)), []);
  });

  it('a cleared or reset alarm is no longer reported; an acknowledged one stays acknowledged after stepping down', () => {
    const eng = engine();
    eng.evaluate('a', 135, at(0));
    eng.ack('a', at(1));
    eng.evaluate('a', 119, at(2));
    assert.deepEqual(eng.report(undefined, at(3)).map(short), ['a active warning acked=true']);
    eng.evaluate('b', 110, at(4));
    eng.reset('b', at(5));
    eng.evaluate('a', 90, at(6));
    assert.deepEqual(eng.report(undefined, at(7)), []);
  });

  it('carries the band or the values as threshold, as the other events do', () => {
    const band = engine({}, 'outside', [{ severity: 'warning', low: 50, high: 100 }]);
    band.evaluate('a', 40, at(0));
    assert.deepEqual(
      band.report(undefined, at(1)).map((e) => e.threshold),
      [[50, 100]],
    );
    const eq = engine({}, 'equals', [{ severity: 'critical', values: ['high'] }]);
    eq.evaluate('a', 'high', at(0));
    assert.deepEqual(
      eq.report(undefined, at(1)).map((e) => [e.value, e.threshold]),
      [['high', ['high']]],
    );
  });

  it('changes nothing: state, re-notification times and the active count are as before', () => {
    const eng = engine({ renotifySeconds: 60, staleSeconds: 30 });
    eng.evaluate('a', 110, at(0));
    eng.evaluate('b', 70, at(0));
    eng.tick(at(30));
    const before = JSON.stringify(eng.snapshot());
    const count = eng.activeCount();
    eng.report(undefined, at(45));
    eng.report('a', at(45));
    assert.equal(JSON.stringify(eng.snapshot()), before);
    assert.equal(eng.activeCount(), count);
    // The warning of 0 re-notifies at 60 as it would have without the report.
    assert.deepEqual(
      eng.tick(at(60)).map((e) => `${e.key} ${e.state} ${e.severity}`),
      ['a renotify warning'],
    );
  });

  it('after a restore (a restart) reports what was active before, with the saved since and acknowledgement', () => {
    const a = engine({ staleSeconds: 30 });
    a.evaluate('x', 135, at(0));
    a.ack('x', at(1));
    a.evaluate('y', 105, at(2));
    a.tick(at(40));
    const b = engine({ staleSeconds: 30 });
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    assert.deepEqual(b.report(undefined, at(100)), a.report(undefined, at(100)));
    assert.deepEqual(b.report(undefined, at(100)).map(short), [
      'x active critical acked=true',
      'x active stale acked=false',
      'y active warning acked=false',
      'y active stale acked=false',
    ]);
  });

  it('other events carry no acked field', () => {
    const eng = engine({ staleSeconds: 10 });
    const events = [
      ...eng.evaluate('a', 110, at(0)),
      ...eng.ack('a', at(1)),
      ...eng.tick(at(10)),
      ...eng.evaluate('a', 80, at(11)),
    ];
    assert.deepEqual(
      events.map((e) => e.state),
      ['raised', 'acknowledged', 'raised', 'cleared', 'cleared'],
    );
    assert.ok(events.every((e) => !('acked' in e)));
  });

  it('agrees with the alarm events sent so far, whatever the sequence (property)', () => {
    type Op =
      | { op: 'sample'; key: number; value: number; dt: number }
      | { op: 'tick'; dt: number }
      | { op: 'ack' | 'reset'; key: number | null; dt: number }
      | { op: 'report'; key: number | null; dt: number };
    const key = fc.integer({ min: 0, max: 4 });
    const dt = fc.integer({ min: 0, max: 40 });
    const ops = fc.array(
      fc.oneof(
        {
          weight: 5,
          arbitrary: fc.record({
            op: fc.constant('sample' as const),
            key,
            value: fc.integer({ min: 80, max: 150 }),
            dt,
          }),
        },
        { weight: 2, arbitrary: fc.record({ op: fc.constant('tick' as const), dt }) },
        { weight: 2, arbitrary: fc.record({ op: fc.constant('ack' as const), key: fc.option(key), dt }) },
        { weight: 1, arbitrary: fc.record({ op: fc.constant('reset' as const), key: fc.option(key), dt }) },
        { weight: 3, arbitrary: fc.record({ op: fc.constant('report' as const), key: fc.option(key), dt }) },
      ),
      { maxLength: 80 },
    ) as fc.Arbitrary<Op[]>;
    const options = fc.record({
      forSamples: fc.integer({ min: 0, max: 2 }),
      clearForSamples: fc.integer({ min: 0, max: 2 }),
      renotifySeconds: fc.constantFrom(0, 60),
      staleSeconds: fc.constantFrom(0, 30),
      maxKeys: fc.constantFrom(3, 1000),
    });
    fc.assert(
      fc.property(options, ops, (opt, list) => {
        const eng = engine(opt);
        // What a listener to the events knows: per key and kind (value or stale alarm).
        const known = new Map<string, { severity: string; since: string; acked: boolean }>();
        const id = (e: AlarmEvent) => `${e.key} ${e.severity === 'stale' ? 'stale' : 'value'}`;
        const learn = (events: AlarmEvent[]) => {
          for (const e of events) {
            const was = known.get(id(e));
            if (e.state === 'raised') known.set(id(e), { severity: e.severity, since: e.since, acked: false });
            else if (e.state === 'escalated') known.set(id(e), { severity: e.severity, since: e.since, acked: false });
            else if (e.state === 'deescalated')
              known.set(id(e), { severity: e.severity, since: e.since, acked: was!.acked });
            else if (e.state === 'acknowledged') known.set(id(e), { ...was!, acked: true });
            else if (e.state === 'cleared') known.delete(id(e));
          }
        };
        let now = 0;
        for (const o of list) {
          now += o.dt;
          const k = 'key' in o && o.key !== null ? `k${o.key}` : undefined;
          if (o.op === 'sample') learn(eng.evaluate(`k${o.key}`, o.value, at(now)));
          else if (o.op === 'tick') learn(eng.tick(at(now)));
          else if (o.op === 'ack') learn(eng.ack(k, at(now)));
          else if (o.op === 'reset') learn(eng.reset(k, at(now)));
          else {
            const got = eng.report(k, at(now));
            assert.ok(got.every((e) => e.state === 'active' && e.ts === iso(now) && (k === undefined || e.key === k)));
            const expected = [...known]
              .filter(([i]) => k === undefined || i.startsWith(`${k} `))
              .map(([i, v]) => `${i} ${v.severity} ${v.since} ${v.acked}`)
              .sort();
            assert.deepEqual(got.map((e) => `${id(e)} ${e.severity} ${e.since} ${e.acked}`).sort(), expected);
          }
        }
        const all = eng.report(undefined, at(now));
        assert.equal(all.length, known.size);
        assert.equal(new Set(all.map((e) => e.key)).size, eng.activeCount());
      }),
      { numRuns: 300 },
    );
  });
});
