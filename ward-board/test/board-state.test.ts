import assert from 'node:assert/strict';
import { AlarmEventIn } from '../state/alarm-event';
import { ACK_MEMORY_MS, BoardOptions, BoardState, ReadingIn } from '../state/board';
import { BoardMessage, FieldValue, ScoreView } from '../shared/wire';

const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);
// Fields as the health board's defaults: heart rate, SpO2, consciousness.
const options: BoardOptions = {
  fields: 3,
  series: [
    { label: 'NEWS2', source: 'score' },
    { label: 'HR', source: 0 },
  ],
  maxKeys: 1000,
};

function reading(key: string, values: (FieldValue | undefined)[], score?: ScoreView, time = NaN): ReadingIn {
  return { key, time, values, score };
}
const news2 = (total: number, band: ScoreView['band'] = 'low'): ScoreView => ({ total, band, complete: true });

function event(
  key: string,
  state: AlarmEventIn['state'],
  severity = 'critical',
  extra: Partial<AlarmEventIn> = {},
): AlarmEventIn {
  return { key, rule: 'NEWS2', severity, state, since: T0, ts: T0, ...extra };
}

function batch(board: BoardState, now: number): BoardMessage {
  const msg = board.take(now);
  assert.ok(msg, 'a batch was expected');
  return msg;
}

describe('ward-board state', () => {
  it('shows a reading: values, their times, the score; the batch holds only what changed', () => {
    const board = new BoardState(options);
    board.reading(reading('bed-1', [72, 97, 'A'], news2(1), T0 - 5_000), T0);
    board.reading(reading('bed-2', [110, 91, 'A'], news2(6, 'medium')), T0);
    const first = batch(board, T0);
    assert.equal(first.kind, 'batch');
    assert.deepEqual(
      first.tiles.map((t) => [t.key, t.t, t.v, t.vo, t.s]),
      [
        ['bed-1', T0 - 5_000, [72, 97, 'A'], [0, 0, 0], news2(1)],
        ['bed-2', T0, [110, 91, 'A'], [0, 0, 0], news2(6, 'medium')],
      ],
    );
    assert.equal(board.take(T0 + 1_000), null, 'nothing changed since');
    board.reading(reading('bed-2', [112, undefined, undefined]), T0 + 2_000);
    const second = batch(board, T0 + 2_000);
    assert.deepEqual(
      second.tiles.map((t) => t.key),
      ['bed-2'],
    );
    // A field the reading did not bring keeps its value, and how much older it is than the latest.
    assert.deepEqual(second.tiles[0].v, [112, 91, 'A']);
    assert.deepEqual(second.tiles[0].vo, [0, 2_000, 2_000]);
    board.reading(reading('bed-3', [undefined, 95, undefined]), T0);
    assert.deepEqual(batch(board, T0).tiles[0].vo, [null, 0, null], 'no value yet: null');
  });

  it('does not let an older reading (a backlog) replace newer values, and never dates one in the future', () => {
    const board = new BoardState(options);
    board.reading(reading('bed-1', [80, 96, 'A'], news2(0)), T0);
    board.reading(reading('bed-1', [140, 88, 'V'], news2(9, 'high'), T0 - 30_000), T0 + 1_000);
    let tile = batch(board, T0 + 1_000).tiles[0];
    assert.deepEqual([tile.t, tile.v, tile.s], [T0, [80, 96, 'A'], news2(0)]);
    board.reading(reading('bed-1', [81, undefined, undefined], undefined, T0 + 3_600_000), T0 + 2_000);
    tile = batch(board, T0 + 2_000).tiles[0];
    assert.equal(tile.t, T0 + 2_000);
  });

  it("draws the sparkline from the first trend's highest value per minute, sent when it changed", () => {
    const board = new BoardState({ ...options, trendBuckets: 5 });
    board.reading(reading('bed-1', [80, 96, 'A'], news2(2)), T0);
    assert.deepEqual(batch(board, T0).tiles[0].sp, [null, null, null, null, 2]);
    board.reading(reading('bed-1', [80, 96, 'A'], news2(2)), T0 + 1_000);
    assert.equal(batch(board, T0 + 1_000).tiles[0].sp, undefined, 'same highest value: no sparkline sent');
    board.reading(reading('bed-1', [80, 96, 'A'], news2(5, 'medium')), T0 + 2_000);
    assert.deepEqual(batch(board, T0 + 2_000).tiles[0].sp, [null, null, null, null, 5]);
    board.reading(reading('bed-1', [80, 96, 'A'], news2(1)), T0 + 60_000);
    assert.deepEqual(batch(board, T0 + 60_000).tiles[0].sp, [null, null, null, 5, 1]);
    // A snapshot carries every sparkline.
    const snap = board.take(T0 + 61_000, true)!;
    assert.equal(snap.kind, 'snapshot');
    assert.deepEqual(snap.tiles[0].sp, [null, null, null, 5, 1]);
  });

  it('keeps the trends of a key for the charts: one series per trend, bucket by bucket', () => {
    const board = new BoardState(options);
    board.reading(reading('bed-1', [80, 96, 'A'], news2(2)), T0);
    board.reading(reading('bed-1', [90, 96, 'A'], news2(3, 'low-medium')), T0 + 10_000);
    board.reading(reading('bed-1', [85, 96, 'A'], news2(3, 'low-medium')), T0 + 70_000);
    assert.deepEqual(board.seriesOf('bed-1', T0 + 70_000), [
      {
        label: 'NEWS2',
        points: [
          { t: T0, min: 2, max: 3, last: 3 },
          { t: T0 + 60_000, min: 3, max: 3, last: 3 },
        ],
      },
      {
        label: 'HR',
        points: [
          { t: T0, min: 80, max: 90, last: 90 },
          { t: T0 + 60_000, min: 85, max: 85, last: 85 },
        ],
      },
    ]);
    assert.deepEqual(board.seriesOf('nobody', T0), [
      { label: 'NEWS2', points: [] },
      { label: 'HR', points: [] },
    ]);
  });

  describe('alarms', () => {
    it('shows a raised alarm unacknowledged, and who acknowledged it from a board', () => {
      const board = new BoardState(options);
      board.reading(reading('bed-1', [130, 90, 'A'], news2(8, 'high')), T0);
      board.event(event('bed-1', 'raised'), T0);
      assert.deepEqual(batch(board, T0).tiles[0].a, [{ rule: 'NEWS2', severity: 'critical', since: T0, acked: false }]);
      board.ackSent('bed-1', 'Nurse Kim', T0 + 5_000);
      board.event(event('bed-1', 'acknowledged', 'critical', { ts: T0 + 6_000 }), T0 + 6_000);
      assert.deepEqual(batch(board, T0 + 6_000).tiles[0].a, [
        { rule: 'NEWS2', severity: 'critical', since: T0, acked: true, by: 'Nurse Kim', at: T0 + 6_000 },
      ]);
      board.event(event('bed-1', 'cleared'), T0 + 9_000);
      assert.deepEqual(batch(board, T0 + 9_000).tiles[0].a, []);
    });

    it('does not name an acknowledger for an acknowledgement that came from elsewhere or much later', () => {
      const board = new BoardState(options);
      board.event(event('bed-1', 'raised'), T0);
      board.ackSent('bed-1', 'Nurse Kim', T0);
      board.event(event('bed-1', 'acknowledged', 'critical', { ts: T0 + ACK_MEMORY_MS + 1 }), T0 + ACK_MEMORY_MS + 1);
      const a = batch(board, T0 + ACK_MEMORY_MS + 1).tiles[0].a[0];
      assert.equal(a.acked, true);
      assert.equal(a.by, undefined);
    });

    it('needs a new acknowledgement after escalation or a repeat, not after de-escalation', () => {
      const board = new BoardState(options);
      board.event(event('bed-1', 'raised', 'warning'), T0);
      board.event(event('bed-1', 'acknowledged', 'warning'), T0 + 1);
      board.event(event('bed-1', 'escalated', 'critical'), T0 + 2);
      assert.equal(batch(board, T0 + 2).tiles[0].a[0].acked, false);
      board.event(event('bed-1', 'acknowledged', 'critical'), T0 + 3);
      board.event(event('bed-1', 'deescalated', 'warning'), T0 + 4);
      assert.deepEqual(
        batch(board, T0 + 4).tiles[0].a.map((a) => [a.severity, a.acked]),
        [['warning', true]],
      );
      board.event(event('bed-1', 'renotify', 'warning'), T0 + 5);
      assert.equal(batch(board, T0 + 5).tiles[0].a[0].acked, false);
    });

    it('marks a tile stale while its stale alarm lasts, beside a value alarm of the same rule', () => {
      const board = new BoardState(options);
      board.event(event('bed-1', 'raised', 'critical'), T0);
      board.event(event('bed-1', 'raised', 'stale'), T0 + 120_000);
      let tile = batch(board, T0 + 120_000).tiles[0];
      assert.equal(tile.stale, true);
      assert.deepEqual(
        tile.a.map((a) => a.severity),
        ['critical', 'stale'],
      );
      board.event(event('bed-1', 'cleared', 'stale'), T0 + 130_000);
      tile = batch(board, T0 + 130_000).tiles[0];
      assert.equal(tile.stale, false);
      assert.deepEqual(
        tile.a.map((a) => a.severity),
        ['critical'],
      );
    });

    it('takes `active` events (a restarted threshold reporting) like raised, acknowledged or not as they say', () => {
      const board = new BoardState(options);
      board.event(event('bed-1', 'active', 'critical', { acked: true, since: T0 - 600_000 }), T0);
      board.event(event('bed-2', 'active', 'warning', { acked: false }), T0);
      assert.deepEqual(
        batch(board, T0).tiles.map((t) => [t.key, t.t, t.a[0].severity, t.a[0].acked, t.a[0].since]),
        [
          ['bed-1', 0, 'critical', true, T0 - 600_000],
          ['bed-2', 0, 'warning', false, T0],
        ],
      );
    });

    it('makes no tile for a cleared alarm of a key it does not show', () => {
      const board = new BoardState(options);
      board.event(event('bed-9', 'cleared'), T0);
      assert.equal(board.size, 0);
      assert.equal(board.take(T0), null);
    });

    it('counts keys with an active alarm', () => {
      const board = new BoardState(options);
      board.event(event('bed-1', 'raised'), T0);
      board.event(event('bed-1', 'raised', 'stale'), T0);
      board.event(event('bed-2', 'raised', 'warning'), T0);
      board.reading(reading('bed-3', [70, 98, 'A']), T0);
      assert.deepEqual([board.size, board.alarmed], [3, 2]);
      board.event(event('bed-1', 'cleared'), T0);
      assert.equal(board.alarmed, 2, 'bed-1 is still stale');
      board.event(event('bed-1', 'cleared', 'stale'), T0);
      assert.equal(board.alarmed, 1);
    });
  });

  describe('max keys', () => {
    it('evicts the least recently updated key without an active alarm, and tells the browsers', () => {
      const board = new BoardState({ ...options, maxKeys: 3 });
      board.reading(reading('bed-1', [70, 98, 'A']), T0);
      board.event(event('bed-2', 'raised'), T0 + 1);
      board.reading(reading('bed-3', [70, 98, 'A']), T0 + 2);
      board.reading(reading('bed-1', [71, 98, 'A']), T0 + 3);
      board.take(T0 + 3);
      // bed-2 is older but alarming; bed-3 is the least recently updated quiet key.
      assert.deepEqual(board.reading(reading('bed-4', [70, 98, 'A']), T0 + 4), { ok: true, evicted: 'bed-3' });
      const msg = batch(board, T0 + 4);
      assert.deepEqual(msg.removed, ['bed-3']);
      assert.deepEqual(
        msg.tiles.map((t) => t.key),
        ['bed-4'],
      );
      assert.deepEqual([board.size, board.evictions, board.has('bed-2')], [3, 1, true]);
    });

    it('refuses a new key when every key held has an active alarm', () => {
      const board = new BoardState({ ...options, maxKeys: 2 });
      board.event(event('bed-1', 'raised'), T0);
      board.event(event('bed-2', 'raised'), T0);
      assert.deepEqual(board.reading(reading('bed-3', [70, 98, 'A']), T0), { ok: false, reason: 'full' });
      assert.deepEqual(board.event(event('bed-3', 'raised'), T0), { ok: false, reason: 'full' });
      assert.deepEqual([board.size, board.refusals, board.has('bed-3')], [2, 2, false]);
    });

    it('holds a thousand keys and sends, after a round of readings from ten, ten tiles', () => {
      const board = new BoardState(options);
      for (let i = 0; i < 1000; i++) board.reading(reading(`bed-${i}`, [70, 98, 'A'], news2(0)), T0);
      assert.equal(batch(board, T0).tiles.length, 1000);
      for (let i = 0; i < 10; i++) board.reading(reading(`bed-${i * 100}`, [71, 98, 'A'], news2(0)), T0 + 1_000);
      assert.equal(batch(board, T0 + 1_000).tiles.length, 10);
      assert.equal(board.take(T0 + 1_000, true)!.tiles.length, 1000);
    });
  });

  it('forgets one key on remove and every key on clear', () => {
    const board = new BoardState(options);
    board.reading(reading('bed-1', [70, 98, 'A']), T0);
    board.reading(reading('bed-2', [70, 98, 'A']), T0);
    board.take(T0);
    assert.equal(board.remove('bed-1'), true);
    assert.equal(board.remove('bed-1'), false);
    assert.deepEqual(batch(board, T0).removed, ['bed-1']);
    board.clear();
    const msg = batch(board, T0);
    assert.deepEqual([msg.kind, msg.tiles, board.size], ['snapshot', [], 0]);
  });

  it('keeps the pick for the charts, tells the browsers when it changes, drops it with its key', () => {
    const board = new BoardState(options);
    board.reading(reading('bed-1', [70, 98, 'A'], news2(0)), T0);
    board.take(T0);
    assert.equal(board.setPick('nobody'), false);
    assert.equal(board.setPick('bed-1'), true);
    assert.equal(batch(board, T0).picked, 'bed-1');
    assert.equal(board.take(T0, true)!.picked, 'bed-1', 'a snapshot (page reload) has the pick');
    board.reading(reading('bed-1', [70, 98, 'A'], news2(4)), T0 + 1_000);
    assert.equal(board.takePickedTrendChange(), true);
    assert.equal(board.takePickedTrendChange(), false);
    board.remove('bed-1');
    assert.equal(board.pick, null);
    assert.equal(batch(board, T0).picked, null);
  });
});
