import assert from 'node:assert/strict';
import { keyPlaces, rankOf, sortTiles } from '../shared/order';
import { AlarmView, TileView } from '../shared/wire';

const alarm = (severity: string, acked = false): AlarmView => ({ rule: 'NEWS2', severity, since: 0, acked });
const tile = (key: string, total: number | null, a: AlarmView[] = []): TileView => ({
  key,
  t: 0,
  v: [],
  vo: [],
  s: total === null ? null : { total, band: null, complete: true },
  a,
  stale: false,
});

describe('ward-board order', () => {
  it('puts unacknowledged critical first, then warning, other alarms, acknowledged, then the rest', () => {
    const tiles = [
      tile('quiet-high', 9),
      tile('acked-critical', 8, [alarm('critical', true)]),
      tile('stale', 0, [alarm('stale')]),
      tile('warning', 5, [alarm('warning')]),
      tile('critical', 7, [alarm('critical')]),
    ];
    assert.deepEqual(
      sortTiles(tiles).map((t) => t.key),
      ['critical', 'warning', 'stale', 'acked-critical', 'quiet-high'],
    );
  });

  it('ranks a tile by its most urgent unacknowledged alarm', () => {
    assert.equal(rankOf([alarm('critical', true), alarm('warning')]), rankOf([alarm('warning')]));
    assert.ok(rankOf([alarm('warning', true), alarm('critical')]) < rankOf([alarm('warning')]));
  });

  it('orders by score, highest first, then by key with numbers compared as numbers', () => {
    const tiles = [tile('bed-10', 2), tile('bed-2', 2), tile('bed-1', 6), tile('plug', null), tile('Bed-3', 2)];
    assert.deepEqual(
      sortTiles(tiles).map((t) => t.key),
      ['bed-1', 'bed-2', 'Bed-3', 'bed-10', 'plug'],
    );
  });

  it("sorts the same with the keys' places, and compares a key without a place by itself", () => {
    const tiles = [tile('bed-10', 2), tile('bed-2', 2), tile('bed-1', 6), tile('Bed-3', 2), tile('bed-20', 2)];
    const places = keyPlaces(['bed-10', 'bed-2', 'bed-1', 'Bed-3']);
    assert.deepEqual([...places.keys()], ['bed-1', 'bed-2', 'Bed-3', 'bed-10']);
    assert.deepEqual(
      sortTiles(tiles, places).map((t) => t.key),
      ['bed-1', 'bed-2', 'Bed-3', 'bed-10', 'bed-20'],
    );
  });
});
