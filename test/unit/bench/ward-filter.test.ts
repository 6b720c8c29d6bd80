// The ward benchmark's filter phase: one key press must narrow a hospital-sized board to its 50
// patients, the page's check of the tiles must say when it did, and the figures must hold the
// RAIL model's goals (an acknowledgement never shown is a miss, not a gap).
import assert from 'node:assert/strict';
import { filterFigures } from '../../../bench/ward';
import { verdict } from '../../../bench/lib/report';
import { boardShows, FILTER_KEY, FILTER_PATIENTS, filterPatientIds, summarise } from '../../../bench/lib/ward-filter';
import { probeId } from '../../../bench/lib/ward-probes';
import { patientId } from '../../../sim/vitals-model';

describe('bench ward: the board filtered to 50 patients', () => {
  it("the filter key is in the 50 filter patients' keys and in no simulated or probe key of a 1,000-patient run", () => {
    const keys = [
      ...Array.from({ length: 940 }, (_, i) => patientId(i)),
      ...Array.from({ length: 10 }, (_, i) => probeId(i)),
      ...filterPatientIds(),
    ];
    assert.equal(keys.length, 1000);
    // The board's filter: a key matches when it contains the text, whatever the case.
    const matched = keys.filter((k) => k.toLowerCase().includes(FILTER_KEY));
    assert.equal(matched.length, FILTER_PATIENTS);
    assert.deepEqual(matched, filterPatientIds());
    assert.equal(new Set(filterPatientIds()).size, FILTER_PATIENTS);
  });

  it('tells the narrowed board (exactly the 50, any order) and the cleared one (some other key) apart', () => {
    const fifty = filterPatientIds();
    assert.equal(boardShows([...fifty].reverse(), { exactly: fifty }), true);
    assert.equal(boardShows(fifty.slice(1), { exactly: fifty }), false, 'one tile still missing');
    assert.equal(boardShows([...fifty.slice(1), 'p-001'], { exactly: fifty }), false, 'an old tile still there');
    assert.equal(boardShows(fifty, { beyond: fifty }), false, 'still narrowed');
    assert.equal(boardShows([...fifty, 'p-001'], { beyond: fifty }), true);
  });

  it('works from its source alone, as the page gets it', () => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the function's own source, as the page gets it
    const shows = new Function(`return (${boardShows.toString()})`)() as typeof boardShows;
    assert.equal(shows(['w-02', 'w-01'], { exactly: ['w-01', 'w-02'] }), true);
    assert.equal(shows(['w-01'], { beyond: ['w-01'] }), false);
  });

  it('summarises by nearest rank, a never-painted change making p99 infinite', () => {
    assert.deepEqual(summarise([30, 10, 20]), { p50: 20, p99: 30, count: 3 });
    assert.equal(summarise([10, Infinity]).p99, Infinity);
    assert.ok(Number.isNaN(summarise([]).p50));
  });

  it('holds the RAIL goals: 100 ms for a key press or a click to show, 1 s for the acknowledgement to come back', () => {
    const figures = filterFigures({
      narrowMs: [40, 60, 90],
      widenMs: [50],
      busy: { mainThreadPct: 12, mainThreadWaitPct: 1 },
      ackSendingMs: [20, 30],
      ackShownMs: [700, 1200],
      ackCleared: 1,
    });
    const by = (start: string) => figures.find((f) => f.name.startsWith(start))!;
    assert.equal(by('filter to 50: key press → tiles painted, p99').value, 0.09);
    assert.equal(by('filter to 50: key press → tiles painted, p99').goal, '<= 0.1');
    assert.equal(by('browser main thread busy, filtered').value, 12);
    assert.equal(by('Acknowledge: click → shown sent').value, 0.03);
    assert.equal(by('Acknowledge: click → tile shows acknowledged').value, 1.2);
    assert.equal(by('Acknowledge: click → tile shows acknowledged').goal, '<= 1');
  });

  it('counts an acknowledgement never shown as infinitely late, and no acknowledgement timed as a miss', () => {
    const ack = (f: ReturnType<typeof filterFigures>) =>
      f.find((x) => x.name.startsWith('Acknowledge: click → tile shows'))!;
    const late = ack(
      filterFigures({
        narrowMs: [40],
        widenMs: [50],
        ackSendingMs: [20, 20],
        ackShownMs: [300, Infinity],
        ackCleared: 0,
      }),
    );
    assert.equal(late.value, Infinity);
    assert.equal(verdict(late), 'MISS');
    const none = ack(filterFigures({ narrowMs: [40], widenMs: [50], ackSendingMs: [], ackShownMs: [], ackCleared: 5 }));
    assert.equal(verdict(none), 'MISS');
  });
});
