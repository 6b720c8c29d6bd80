// Ward board state (ward-board/state/board.ts): what one reading costs, and what the browsers
// get once per interval.
// - Whether a reading's cost depends on the number of keys held: readings from the same 100 keys
//   while the board holds 1,000 or 10,000 keys. Nothing in the board walks the keys per reading,
//   so the two must cost the same (goal <= 1.5 ×). With every key reading, the cost also grows
//   with the memory the readings touch (a tile is about 4 kB, most of it trends; 10 tiles stay in
//   the CPU's caches, 10,000 do not), as the floor's does: shown for information, with the floor.
// - The floor: the cheapest thing a board could do with a reading, copy its values into a Map by
//   key, measured at the same counts in the same run.
// - The batch's tiles, bytes and the time to build it at a ward (100 keys) and a hospital (1,000
//   keys, all or 50 of them changing each second), and the snapshot a page load asks for.
// In-process and without Node-RED: the adapter around it reads a few message properties per reading.
// Env: BENCH_WB_READINGS (per round, default 200000), BENCH_WB_ROUNDS (7).
import { BoardState, BoardOptions, ReadingIn } from '../ward-board/state/board';
import type { Band, ScoreView } from '../ward-board/shared/wire';
import { emit, envInt, Figure, median } from './lib/report';

const READINGS = envInt('BENCH_WB_READINGS', 200000);
const ROUNDS = envInt('BENCH_WB_ROUNDS', 7);
const T0 = Date.UTC(2026, 0, 1, 8, 0, 0);

// The health board's defaults: six fields, the NEWS2 trend and the heart-rate trend.
const OPTIONS: BoardOptions = {
  fields: 6,
  series: [
    { label: 'NEWS2', source: 'score' },
    { label: 'HR', source: 0 },
  ],
  maxKeys: 1000,
};
const BANDS: Band[] = ['low', 'low', 'low', 'low-medium', 'low', 'medium', 'medium', 'high', 'high'];

const KEYS_OF = new Map<number, string[]>();
const keyNames = (keys: number): string[] => {
  let names = KEYS_OF.get(keys);
  if (!names) KEYS_OF.set(keys, (names = Array.from({ length: keys }, (_, p) => `bed-${p}`)));
  return names;
};
const SCORES: ScoreView[] = BANDS.map((band, total) => ({ total, band, complete: true }));

/** Readings for `keys` patients, patient by patient, with values that move like a monitor's. */
function readings(keys: number, count: number): ReadingIn[] {
  const names = keyNames(keys);
  const out: ReadingIn[] = [];
  for (let i = 0; i < count; i++) {
    const p = i % keys;
    const total = (p + Math.floor(i / keys)) % 9;
    out.push({
      key: names[p],
      time: NaN,
      values: [60 + ((i * 7) % 40), 14 + (i % 8), 92 + (i % 7), 100 + (i % 50), 36 + (i % 20) / 10, 'A'],
      score: SCORES[total],
    });
  }
  return out;
}

/**
 * ns per reading in a board that already holds `held` keys (as in a run: keys come once, readings
 * go on), the readings coming from the first `active` of them, each once per simulated second,
 * with the batch for the browsers taken every simulated second (its cost counted in). The
 * readings cycle through `input`.
 */
function boardRound(held: number, active: number, input: ReadingIn[]): number {
  const board = new BoardState({ ...OPTIONS, maxKeys: held });
  let now = T0;
  for (let i = 0; i < held; i++) board.reading(input[i], now);
  board.take(now, true);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < READINGS; i++) {
    if (i % active === 0) {
      board.take(now);
      now += 1000;
    }
    board.reading(input[i % active], now);
  }
  return Number(process.hrtime.bigint() - t0) / READINGS;
}

/** ns per reading for the floor: its values copied into a Map by key, every key already there. */
function mapRound(keys: number, input: ReadingIn[]): number {
  const map = new Map<string, unknown[]>();
  for (let i = 0; i < keys; i++) map.set(input[i].key, input[i].values.slice());
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < READINGS; i++) {
    const r = input[i % input.length];
    map.set(r.key, r.values.slice());
  }
  const ns = Number(process.hrtime.bigint() - t0) / READINGS;
  if (map.size !== keys) throw new Error('keys lost');
  return ns;
}

/** Batches once per second over a minute of `keys` keys, of which `changing` send a reading each second. */
function batches(
  keys: number,
  changing: number,
): { tiles: number; bytes: number; us: number; snapshotBytes: number; snapshotMs: number } {
  const board = new BoardState(OPTIONS);
  const all = readings(keys, keys);
  let now = T0;
  for (const r of all) board.reading(r, now);
  board.take(now);
  const tiles: number[] = [];
  const bytes: number[] = [];
  const us: number[] = [];
  for (let s = 1; s <= 60; s++) {
    now += 1000;
    for (let k = 0; k < changing; k++) {
      const r = all[(s * changing + k) % keys];
      board.reading({ ...r, values: [60 + ((s + k) % 40), ...r.values.slice(1)] }, now);
    }
    const t0 = process.hrtime.bigint();
    const msg = board.take(now);
    us.push(Number(process.hrtime.bigint() - t0) / 1000);
    tiles.push(msg?.tiles.length ?? 0);
    bytes.push(msg ? JSON.stringify(msg).length : 0);
  }
  const t0 = process.hrtime.bigint();
  const snapshot = board.take(now, true)!;
  const snapshotBytes = JSON.stringify(snapshot).length;
  const snapshotMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return { tiles: median(tiles), bytes: median(bytes), us: median(us), snapshotBytes, snapshotMs };
}

const COUNTS = [10, 1000, 10000];

function main(): void {
  console.log(`ward board state: ${READINGS.toLocaleString('en-US')} readings per round, ${ROUNDS} rounds`);
  // One reading per key (the first `held` of each input fill the board), then again: the same
  // objects come round (the board copies what it keeps).
  const inputs = COUNTS.map((keys) => readings(keys, Math.max(2 * keys, 20000)));
  const cases = [
    { name: '100 of 1,000 keys', input: inputs[1], held: 1000, active: 100 },
    { name: '100 of 10,000 keys', input: inputs[2], held: 10000, active: 100 },
    ...COUNTS.map((keys, i) => ({
      name: `all ${keys.toLocaleString('en-US')} keys`,
      input: inputs[i],
      held: keys,
      active: keys,
    })),
  ];
  const times: number[][] = cases.map(() => []);
  const floor: number[][] = COUNTS.map(() => []);
  // Warm-up on the same code paths, then rounds taking each case in turn.
  for (let r = -1; r < ROUNDS; r++) {
    cases.forEach((c, i) => {
      const ns = boardRound(c.held, c.active, c.input);
      if (r >= 0) times[i].push(ns);
    });
    COUNTS.forEach((keys, i) => {
      const ns = mapRound(keys, inputs[i]);
      if (r >= 0) floor[i].push(ns);
    });
  }
  const t = Object.fromEntries(cases.map((c, i) => [c.name, median(times[i])]));
  const [floor10, floor1000, floor10000] = floor.map(median);
  cases.forEach((c) => console.log(`  ${c.name}: ${t[c.name].toFixed(0)} ns per reading`));
  COUNTS.forEach((keys, i) => console.log(`  Map floor, ${keys} keys: ${median(floor[i]).toFixed(0)} ns`));
  const held1000 = t['100 of 1,000 keys'];
  const held10000 = t['100 of 10,000 keys'];
  const at10 = t['all 10 keys'];
  const at1000 = t['all 1,000 keys'];
  const at10000 = t['all 10,000 keys'];
  const ward = batches(100, 100);
  const hospital = batches(1000, 1000);
  const filtered = batches(1000, 50);
  for (const [name, b] of Object.entries({ ward, hospital, filtered })) {
    console.log(
      `  ${name}: ${b.tiles} tiles, ${b.bytes} B, ${b.us.toFixed(0)} µs per batch; snapshot ${b.snapshotBytes} B in ${b.snapshotMs.toFixed(1)} ms`,
    );
  }
  const figures: Figure[] = [
    {
      name: 'ward board: per reading, 10,000 keys held / 1,000 held',
      value: held10000 / held1000,
      unit: '×',
      goal: '<= 1.5',
      note: `readings from 100 of them: ${(held10000 / 1000).toFixed(2)} µs and ${(held1000 / 1000).toFixed(2)} µs`,
    },
    {
      name: 'ward board: per reading, every key reading, 1,000 keys',
      value: at1000 / 1000,
      unit: 'µs',
      note: `${(at1000 / floor1000).toFixed(1)} × the Map floor (${(floor1000 / 1000).toFixed(2)} µs); at 1,000 readings/s this × 0.1 % of a core`,
    },
    {
      name: 'ward board: per reading, every key reading, 10 and 10,000 keys',
      value: at10000 / at10,
      unit: '×',
      note: `${(at10 / 1000).toFixed(2)} µs and ${(at10000 / 1000).toFixed(2)} µs; the Map floor ${(floor10000 / floor10).toFixed(2)} ×; memory, information only`,
    },
    {
      name: 'ward board: batch, 100 keys all changed (a ward, 1 s)',
      value: ward.bytes / 1024,
      unit: 'KiB',
      note: `${ward.tiles} tiles, built in ${ward.us.toFixed(0)} µs`,
    },
    {
      name: 'ward board: batch, 1,000 keys all changed (1 s)',
      value: hospital.bytes / 1024,
      unit: 'KiB',
      note: `${hospital.tiles} tiles, built in ${(hospital.us / 1000).toFixed(1)} ms`,
    },
    {
      name: 'ward board: batch, 50 of 1,000 keys changed',
      value: filtered.bytes / 1024,
      unit: 'KiB',
      note: `${filtered.tiles} tiles, built in ${filtered.us.toFixed(0)} µs`,
    },
    {
      name: 'ward board: snapshot of 1,000 keys (page load)',
      value: hospital.snapshotBytes / 1024,
      unit: 'KiB',
      note: `built in ${hospital.snapshotMs.toFixed(1)} ms`,
    },
  ];
  emit('ward-board', figures, {
    readings: READINGS,
    rounds: ROUNDS,
    nsPerReading: Object.fromEntries(cases.map((c, i) => [c.name, times[i]])),
    floorNs: Object.fromEntries(COUNTS.map((k, i) => [k, floor[i]])),
    ward,
    hospital,
    filtered,
  });
}

main();
