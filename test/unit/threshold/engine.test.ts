import assert from 'node:assert/strict';
import { AlarmEvent, EngineOptions, ThresholdEngine } from '../../../nodes/threshold/engine';
import { compileRule, LevelInput, Operator } from '../../../nodes/threshold/rules';

// Fake clock: every call takes `now` in seconds from T0, converted here.
const T0 = Date.UTC(2025, 0, 1, 8, 0, 0);
const at = (s: number) => T0 + s * 1000;
const iso = (s: number) => new Date(at(s)).toISOString();

const HR_LEVELS: LevelInput[] = [
  { severity: 'warning', threshold: 100, hysteresis: 5 },
  { severity: 'critical', threshold: 130, hysteresis: 10 },
];

function engine(op: Operator, levels: LevelInput[], options: Omit<EngineOptions, 'rule'> = {}): ThresholdEngine {
  return new ThresholdEngine({ rule: compileRule('hr', op, levels), ...options });
}

/** Short form of an event for sequence checks: "state severity value". */
const short = (e: AlarmEvent) => `${e.state} ${e.severity} ${e.value}`;

/** Feed [second, value] samples to one key; returns every event in short form with its second. */
function feed(eng: ThresholdEngine, samples: [number, number | string][], key = 'bed1'): string[] {
  const out: string[] = [];
  for (const [s, v] of samples) for (const e of eng.evaluate(key, v, at(s))) out.push(`${s}: ${short(e)}`);
  return out;
}

describe('threshold engine', () => {
  it('reports a raise with the full payload', () => {
    const eng = engine('above', HR_LEVELS);
    assert.deepEqual(eng.evaluate('bed1', 99, at(0)), []);
    assert.deepEqual(eng.evaluate('bed1', 104, at(5)), [
      {
        key: 'bed1',
        rule: 'hr',
        severity: 'warning',
        state: 'raised',
        value: 104,
        threshold: 100,
        since: iso(5),
        ts: iso(5),
      },
    ]);
    assert.deepEqual(eng.describe('bed1'), {
      key: 'bed1',
      rule: 'hr',
      active: true,
      severity: 'warning',
      since: iso(5),
      acked: false,
      stale: false,
      value: 104,
    });
  });

  it('ignores a one-sample spike when raising needs 3 consecutive samples', () => {
    const eng = engine('above', HR_LEVELS, { forSamples: 3 });
    assert.deepEqual(
      feed(eng, [
        [0, 80],
        [1, 140],
        [2, 80],
        [3, 101],
        [4, 102],
        [5, 90],
        [6, 101],
        [7, 101],
      ]),
      [],
    );
    assert.deepEqual(feed(eng, [[8, 103]]), ['8: raised warning 103']);
  });

  it('with 3 samples needed, a jump to critical raises warning first, then escalates', () => {
    const eng = engine('above', HR_LEVELS, { forSamples: 3 });
    assert.deepEqual(
      feed(eng, [
        [0, 105],
        [1, 135],
        [2, 135],
        [3, 135],
      ]),
      ['2: raised warning 135', '3: escalated critical 135'],
    );
  });

  it('raises a sustained breach only after it held for the time (CPU above 80 % for 30 s)', () => {
    const eng = engine('above', [{ severity: 'warning', threshold: 80 }], { forSeconds: 30 });
    assert.deepEqual(
      feed(eng, [
        [0, 85],
        [5, 90],
        [10, 70],
        [15, 85],
        [20, 88],
        [40, 84],
      ]),
      [],
    );
    assert.deepEqual(feed(eng, [[45, 86]]), ['45: raised warning 86']);
    // The raise carries the time it was raised, not when the run began.
    assert.equal(eng.describe('bed1').since, iso(45));
  });

  it('completes a time delay on tick, taking the last value to persist between samples', () => {
    const eng = engine('above', [{ severity: 'warning', threshold: 80 }], { forSeconds: 30 });
    assert.deepEqual(feed(eng, [[0, 85]]), []);
    assert.deepEqual(eng.tick(at(29)).map(short), []);
    assert.deepEqual(eng.tick(at(30)).map(short), ['raised warning 85']);
    assert.deepEqual(eng.tick(at(31)).map(short), []);
  });

  it('needs both the time and the samples when both are set', () => {
    const eng = engine('above', [{ severity: 'warning', threshold: 80 }], { forSeconds: 10, forSamples: 3 });
    assert.deepEqual(
      feed(eng, [
        [0, 85],
        [1, 85],
        [2, 85],
      ]),
      [],
    );
    assert.deepEqual(eng.tick(at(9)).map(short), []);
    assert.deepEqual(eng.tick(at(10)).map(short), ['raised warning 85']);
    const eng2 = engine('above', [{ severity: 'warning', threshold: 80 }], { forSeconds: 10, forSamples: 3 });
    assert.deepEqual(
      feed(eng2, [
        [0, 85],
        [12, 85],
      ]),
      [],
    );
    assert.deepEqual(eng2.tick(at(20)).map(short), []);
    assert.deepEqual(feed(eng2, [[21, 85]]), ['21: raised warning 85']);
  });

  it('does not flap around the limit: hysteresis holds the alarm until the clear point', () => {
    const eng = engine('above', HR_LEVELS);
    assert.deepEqual(
      feed(eng, [
        [0, 99],
        [1, 101],
        [2, 99],
        [3, 100],
        [4, 98],
        [5, 96],
        [6, 95],
        [7, 101],
        [8, 94.9],
        [9, 99],
        [10, 100],
      ]),
      ['1: raised warning 101', '8: cleared warning 94.9', '10: raised warning 100'],
    );
  });

  it('without hysteresis every crossing is an event (why hysteresis exists)', () => {
    const eng = engine('above', [{ severity: 'warning', threshold: 100 }]);
    assert.deepEqual(
      feed(eng, [
        [0, 99],
        [1, 101],
        [2, 99],
        [3, 100],
      ]),
      ['1: raised warning 101', '2: cleared warning 99', '3: raised warning 100'],
    );
  });

  it('delays the clear by samples: one good sample does not clear', () => {
    const eng = engine('above', HR_LEVELS, { clearForSamples: 2 });
    assert.deepEqual(
      feed(eng, [
        [0, 135],
        [1, 50],
        [2, 135],
        [3, 50],
        [4, 50],
      ]),
      ['0: raised critical 135', '4: cleared critical 50'],
    );
  });

  it('delays the clear by time, completed on tick', () => {
    const eng = engine('above', HR_LEVELS, { clearForSeconds: 20 });
    assert.deepEqual(
      feed(eng, [
        [0, 110],
        [5, 90],
      ]),
      ['0: raised warning 110'],
    );
    assert.deepEqual(eng.tick(at(24)).map(short), []);
    assert.deepEqual(eng.tick(at(25)).map(short), ['cleared warning 90']);
  });

  describe('escalation and de-escalation', () => {
    it('escalates warning → critical, keeps critical until its own clear point, then de-escalates', () => {
      const eng = engine('above', HR_LEVELS);
      const events: AlarmEvent[] = [];
      for (const [s, v] of [
        [0, 105],
        [10, 135],
        [20, 125],
        [30, 120],
        [40, 119],
        [50, 131],
        [60, 99],
        [70, 94],
      ] as const) {
        events.push(...eng.evaluate('bed1', v, at(s)));
      }
      assert.deepEqual(events, [
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'warning',
          state: 'raised',
          value: 105,
          threshold: 100,
          since: iso(0),
          ts: iso(0),
        },
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'critical',
          state: 'escalated',
          value: 135,
          threshold: 130,
          since: iso(0),
          ts: iso(10),
          previous: 'warning',
        },
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'warning',
          state: 'deescalated',
          value: 119,
          threshold: 100,
          since: iso(0),
          ts: iso(40),
          previous: 'critical',
        },
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'critical',
          state: 'escalated',
          value: 131,
          threshold: 130,
          since: iso(0),
          ts: iso(50),
          previous: 'warning',
        },
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'warning',
          state: 'deescalated',
          value: 99,
          threshold: 100,
          since: iso(0),
          ts: iso(60),
          previous: 'critical',
        },
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'warning',
          state: 'cleared',
          value: 94,
          threshold: 100,
          since: iso(0),
          ts: iso(70),
        },
      ]);
    });

    it('a jump straight to critical raises critical; a fall below every clear point is one clear', () => {
      const eng = engine('above', HR_LEVELS);
      assert.deepEqual(
        feed(eng, [
          [0, 140],
          [1, 60],
        ]),
        ['0: raised critical 140', '1: cleared critical 60'],
      );
    });

    it('a de-escalation waits for the clear delay, like a clear', () => {
      const eng = engine('above', HR_LEVELS, { clearForSamples: 2 });
      assert.deepEqual(
        feed(eng, [
          [0, 135],
          [1, 110],
          [2, 110],
          [3, 110],
        ]),
        ['0: raised critical 135', '2: deescalated warning 110'],
      );
    });

    it('below rule with two levels', () => {
      const eng = engine('below', [
        { severity: 'low', threshold: 10, hysteresis: 1 },
        { severity: 'very low', threshold: 5, hysteresis: 1 },
      ]);
      assert.deepEqual(
        feed(eng, [
          [0, 12],
          [1, 10],
          [2, 4],
          [3, 5.5],
          [4, 6.5],
          [5, 10.5],
          [6, 11.5],
        ]),
        ['1: raised low 10', '2: escalated very low 4', '4: deescalated low 6.5', '6: cleared low 11.5'],
      );
    });

    it('outside rule with nested bands, reporting the band as threshold', () => {
      const eng = engine('outside', [
        { severity: 'warning', low: 50, high: 120, hysteresis: 2 },
        { severity: 'critical', low: 40, high: 140, hysteresis: 2 },
      ]);
      const ev = eng.evaluate('bed1', 45, at(0));
      assert.deepEqual(
        ev.map((e) => [e.state, e.severity, e.threshold]),
        [['raised', 'warning', [50, 120]]],
      );
      assert.deepEqual(
        feed(eng, [
          [1, 39],
          [2, 41],
          [3, 42],
          [4, 51],
          [5, 52],
          [6, 150],
        ]),
        ['1: escalated critical 39', '3: deescalated warning 42', '5: cleared warning 52', '6: raised critical 150'],
      );
    });

    it('inside rule', () => {
      const eng = engine('inside', [{ severity: 'warning', low: 10, high: 20 }]);
      assert.deepEqual(
        feed(eng, [
          [0, 5],
          [1, 10],
          [2, 21],
        ]),
        ['1: raised warning 10', '2: cleared warning 21'],
      );
    });

    it('equals rule maps NEWS2 bands to severities', () => {
      const eng = engine('equals', [
        { severity: 'warning', values: 'medium' },
        { severity: 'critical', values: 'high' },
      ]);
      const events: AlarmEvent[] = [];
      for (const [s, v] of [
        [0, 'low'],
        [1, 'low-medium'],
        [2, 'medium'],
        [3, 'high'],
        [4, 'medium'],
        [5, 'low'],
      ] as const) {
        events.push(...eng.evaluate('bed1', v, at(s)));
      }
      assert.deepEqual(
        events.map((e) => [e.state, e.severity, e.value, e.threshold]),
        [
          ['raised', 'warning', 'medium', ['medium']],
          ['escalated', 'critical', 'high', ['high']],
          ['deescalated', 'warning', 'medium', ['medium']],
          ['cleared', 'warning', 'low', ['medium']],
        ],
      );
    });
  });

  describe('re-notification and acknowledgement', () => {
    it('re-notifies at the interval until acknowledged; ack stops it but keeps the alarm', () => {
      const eng = engine('above', HR_LEVELS, { renotifySeconds: 60 });
      assert.deepEqual(feed(eng, [[0, 110]]), ['0: raised warning 110']);
      assert.deepEqual(eng.tick(at(59)).map(short), []);
      assert.deepEqual(eng.tick(at(60)).map(short), ['renotify warning 110']);
      assert.deepEqual(eng.tick(at(90)).map(short), []);
      assert.deepEqual(eng.tick(at(120)).map(short), ['renotify warning 110']);
      const ack = eng.ack('bed1', at(130));
      assert.deepEqual(ack, [
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'warning',
          state: 'acknowledged',
          value: 110,
          threshold: 100,
          since: iso(0),
          ts: iso(130),
        },
      ]);
      assert.deepEqual(eng.ack('bed1', at(131)), [], 'a second ack says nothing');
      assert.deepEqual(eng.tick(at(180)).map(short), []);
      assert.deepEqual(eng.tick(at(600)).map(short), []);
      assert.equal(eng.describe('bed1').active, true);
      assert.equal(eng.describe('bed1').acked, true);
      // Escalation is new information: it must be acknowledged again.
      assert.deepEqual(feed(eng, [[601, 135]]), ['601: escalated critical 135']);
      assert.equal(eng.describe('bed1').acked, false);
      assert.deepEqual(eng.tick(at(661)).map(short), ['renotify critical 135']);
      // The alarm then clears and a new episode starts unacknowledged.
      assert.deepEqual(
        feed(eng, [
          [700, 80],
          [701, 101],
        ]),
        ['700: cleared critical 80', '701: raised warning 101'],
      );
      assert.equal(eng.describe('bed1').acked, false);
      assert.equal(eng.describe('bed1').since, iso(701));
    });

    it('never re-notifies with renotifySeconds 0', () => {
      const eng = engine('above', HR_LEVELS, { renotifySeconds: 0, staleSeconds: 10000 });
      feed(eng, [[0, 110]]);
      assert.deepEqual([60, 600, 3600].flatMap((s) => eng.tick(at(s))).map(short), []);
    });

    it('acks every key when no key is given; nothing to ack is no event', () => {
      const eng = engine('above', HR_LEVELS);
      feed(eng, [[0, 110]], 'a');
      feed(eng, [[0, 135]], 'b');
      feed(eng, [[0, 60]], 'c');
      assert.deepEqual(
        eng.ack(undefined, at(1)).map((e) => `${e.key} ${e.state} ${e.severity}`),
        ['a acknowledged warning', 'b acknowledged critical'],
      );
      assert.deepEqual(eng.ack('unknown', at(1)), []);
    });
  });

  describe('reset', () => {
    it('clears one key with reason reset; the next breach is a new raise', () => {
      const eng = engine('above', HR_LEVELS);
      feed(eng, [[0, 110]], 'a');
      feed(eng, [[0, 110]], 'b');
      assert.deepEqual(eng.reset('a', at(5)), [
        {
          key: 'a',
          rule: 'hr',
          severity: 'warning',
          state: 'cleared',
          value: 110,
          threshold: 100,
          since: iso(0),
          ts: iso(5),
          reason: 'reset',
        },
      ]);
      assert.equal(eng.describe('a').active, false);
      assert.equal(eng.describe('b').active, true);
      assert.deepEqual(feed(eng, [[6, 110]], 'a'), ['6: raised warning 110']);
    });

    it('clears all keys', () => {
      const eng = engine('above', HR_LEVELS);
      feed(eng, [[0, 110]], 'a');
      feed(eng, [[0, 80]], 'b');
      feed(eng, [[0, 135]], 'c');
      assert.deepEqual(
        eng.reset(undefined, at(1)).map((e) => `${e.key} ${e.state} ${e.severity} ${e.reason}`),
        ['a cleared warning reset', 'c cleared critical reset'],
      );
      assert.equal(eng.size, 0);
    });
  });

  describe('bounded keys', () => {
    it('keeps at most maxKeys with 100,000 distinct keys, evicting the least recently seen', () => {
      const eng = engine('above', HR_LEVELS, { maxKeys: 1000 });
      let maxSize = 0;
      let events = 0;
      for (let i = 0; i < 100_000; i++) {
        events += eng.evaluate(`dev-${i}`, 60, T0 + i).length;
        if (eng.size > maxSize) maxSize = eng.size;
      }
      assert.equal(maxSize, 1000);
      assert.equal(eng.size, 1000);
      assert.equal(events, 0);
      const kept = eng.snapshot().keys.map((k) => k.key);
      assert.equal(kept[0], 'dev-99000');
      assert.equal(kept[999], 'dev-99999');
    });

    it('a key that keeps reporting survives a flood; an evicted active alarm is reported cleared', () => {
      const eng = engine('above', HR_LEVELS, { maxKeys: 3 });
      const out: string[] = [];
      const push = (evs: AlarmEvent[]) =>
        evs.forEach((e) => out.push(`${e.key} ${e.state} ${e.severity}${e.reason ? ' ' + e.reason : ''}`));
      push(eng.evaluate('quiet', 110, at(0)));
      push(eng.evaluate('busy', 120, at(1)));
      for (let i = 0; i < 4; i++) {
        push(eng.evaluate(`flood-${i}`, 60, at(2 + i)));
        push(eng.evaluate('busy', 120, at(2 + i)));
      }
      assert.deepEqual(out, ['quiet raised warning', 'busy raised warning', 'quiet cleared warning evicted']);
      assert.equal(eng.describe('busy').active, true);
      assert.equal(eng.size, 3);
    });

    it('forgets idle keys without an alarm, keeps idle keys with one', () => {
      const eng = engine('above', HR_LEVELS, { idleSeconds: 60 });
      feed(eng, [[0, 60]], 'normal');
      feed(eng, [[0, 110]], 'alarming');
      feed(eng, [[30, 60]], 'recent');
      assert.deepEqual(eng.tick(at(59)), []);
      assert.equal(eng.size, 3);
      assert.deepEqual(eng.tick(at(60)), []);
      assert.deepEqual(
        eng.snapshot().keys.map((k) => k.key),
        ['alarming', 'recent'],
      );
      eng.tick(at(90));
      assert.deepEqual(
        eng.snapshot().keys.map((k) => k.key),
        ['alarming'],
      );
    });

    it('refuses an idle timeout not longer than the stale time', () => {
      assert.throws(
        () => engine('above', HR_LEVELS, { idleSeconds: 30, staleSeconds: 30 }),
        /idleSeconds \(30\) must be longer than staleSeconds \(30\)/,
      );
    });
  });

  describe('stale keys', () => {
    it('raises stale when a key is silent, re-notifies, and clears on the next sample', () => {
      const eng = engine('above', HR_LEVELS, { staleSeconds: 30, renotifySeconds: 60 });
      feed(eng, [[0, 110]]);
      assert.deepEqual(eng.tick(at(29)), []);
      assert.deepEqual(eng.tick(at(30)), [
        {
          key: 'bed1',
          rule: 'hr',
          severity: 'stale',
          state: 'raised',
          value: 110,
          threshold: 30,
          since: iso(30),
          ts: iso(30),
          lastSeen: iso(0),
        },
      ]);
      assert.deepEqual(eng.tick(at(31)), []);
      assert.deepEqual(eng.tick(at(60)).map(short), ['renotify warning 110']);
      assert.deepEqual(eng.tick(at(90)).map(short), ['renotify stale 110']);
      assert.equal(eng.describe('bed1').stale, true);
      assert.deepEqual(feed(eng, [[100, 80]]), ['100: cleared stale 110', '100: cleared warning 80']);
      assert.equal(eng.describe('bed1').stale, false);
    });

    it('does not complete a time delay on a stale key', () => {
      const eng = engine('above', HR_LEVELS, { staleSeconds: 10, forSeconds: 30 });
      feed(eng, [[0, 110]]);
      assert.deepEqual(eng.tick(at(10)).map(short), ['raised stale 110']);
      assert.deepEqual(eng.tick(at(30)).map(short), []);
    });

    it('ack covers the stale alarm too', () => {
      const eng = engine('above', HR_LEVELS, { staleSeconds: 10, renotifySeconds: 20 });
      feed(eng, [[0, 60]]);
      eng.tick(at(10));
      assert.deepEqual(eng.ack('bed1', at(11)).map(short), ['acknowledged stale 60']);
      assert.deepEqual(eng.tick(at(40)), []);
    });
  });

  describe('snapshot and restore', () => {
    it('an active alarm survives a restart: not raised again, cleared later with its original since', () => {
      const a = engine('above', HR_LEVELS, { renotifySeconds: 60, forSamples: 2 });
      assert.deepEqual(
        feed(a, [
          [0, 135],
          [1, 135],
          [2, 125],
        ]),
        ['1: raised critical 135'],
      );
      a.ack('bed1', at(3));
      const saved = JSON.parse(JSON.stringify(a.snapshot()));
      const b = engine('above', HR_LEVELS, { renotifySeconds: 60, forSamples: 2 });
      assert.deepEqual(b.restore(saved), { restored: 1, dropped: [] });
      assert.deepEqual(b.describe('bed1'), a.describe('bed1'));
      assert.deepEqual(
        feed(b, [
          [100, 136],
          [101, 136],
        ]),
        [],
        'already active, not raised again',
      );
      assert.deepEqual(b.tick(at(500)), [], 'still acknowledged');
      const clear = b.evaluate('bed1', 80, at(200));
      assert.deepEqual(
        clear.map((e) => [e.state, e.severity, e.since]),
        [['cleared', 'critical', iso(1)]],
      );
    });

    it('keeps a pending run across a restart', () => {
      const a = engine('above', HR_LEVELS, { forSamples: 3 });
      feed(a, [
        [0, 110],
        [1, 110],
      ]);
      const b = engine('above', HR_LEVELS, { forSamples: 3 });
      b.restore(JSON.parse(JSON.stringify(a.snapshot())));
      assert.deepEqual(feed(b, [[2, 110]]), ['2: raised warning 110']);
    });

    it('matches active alarms by severity when the rule changed, and names those it cannot match', () => {
      const a = engine('above', HR_LEVELS);
      feed(a, [[0, 110]], 'w');
      feed(a, [[0, 140]], 'c');
      const b = engine('above', [{ severity: 'warning', threshold: 90, hysteresis: 5 }]);
      assert.deepEqual(b.restore(JSON.parse(JSON.stringify(a.snapshot()))), { restored: 2, dropped: ['c'] });
      assert.equal(b.describe('w').severity, 'warning');
      assert.equal(b.describe('c').active, false);
    });

    it('ignores something that is not a snapshot', () => {
      const b = engine('above', HR_LEVELS);
      assert.deepEqual(b.restore({ foo: 1 }), { restored: 0, dropped: [], ignored: 'not a threshold state snapshot' });
      assert.deepEqual(b.restore(undefined).restored, 0);
    });

    it('restores at most maxKeys, the most recently seen', () => {
      const a = engine('above', HR_LEVELS, { maxKeys: 10 });
      for (let i = 0; i < 10; i++) a.evaluate(`k${i}`, 60, at(i));
      const b = engine('above', HR_LEVELS, { maxKeys: 4 });
      b.restore(a.snapshot());
      assert.deepEqual(
        b.snapshot().keys.map((k) => k.key),
        ['k6', 'k7', 'k8', 'k9'],
      );
    });
  });
});
