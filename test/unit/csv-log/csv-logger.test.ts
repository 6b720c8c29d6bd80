import assert from 'node:assert/strict';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { CsvLogger } from '../../../nodes/csv-log/csv-logger';
import { ROW_BYTES, rowBytes } from '../../../nodes/csv-log/queue-limits';
import { FsOps, nodeFs } from '../../../nodes/csv-log/fs-ops';
import { logRow } from '../../support/log-row';

describe('CsvLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-logger-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps 10,000 rows in order, numbers them 1..N and batches the writes', async () => {
    let writes = 0;
    const counting: FsOps = { ...nodeFs, write: (...a) => (writes++, nodeFs.write(...a)) };
    const logger = new CsvLogger({ fs: counting, bom: false });
    const file = path.join(dir, 'a.csv');
    const N = 10000;
    const settled: number[] = [];
    const all: Array<Promise<void>> = [];
    for (let i = 0; i < N; i++) {
      all.push(logRow(logger, file, { i, v: `r${i}` }).then((r) => void settled.push(r.row)));
    }
    await Promise.all(all);
    await logger.close();
    assert.deepEqual(
      settled,
      Array.from({ length: N }, (_, i) => i + 1),
    );
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    assert.equal(lines[0], 'i,v');
    assert.equal(lines.length, N + 2);
    for (let i = 0; i < N; i++) assert.equal(lines[i + 1], `${i},r${i}`);
    assert.ok(writes < N / 100, `${writes} writes for ${N} rows`);
  });

  it('writes a steady stream of rows, one a turn, in a few writes rather than one each', async () => {
    // As a flow delivers readings: each on a turn of the event loop of its own.
    let writes = 0;
    const counting: FsOps = { ...nodeFs, write: (...a) => (writes++, nodeFs.write(...a)) };
    const logger = new CsvLogger({ fs: counting, bom: false });
    const file = path.join(dir, 'a.csv');
    const N = 400;
    const all: Array<Promise<unknown>> = [];
    const started = Date.now();
    for (let i = 0; i < N; i++) {
      all.push(logRow(logger, file, { i }));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all(all);
    const ms = Date.now() - started;
    await logger.close();
    assert.equal(fs.readFileSync(file, 'utf8').split('\r\n').length, N + 2);
    // At most one write started every 5 ms, and the first at once.
    assert.ok(writes <= ms / 5 + 2, `${writes} writes for ${N} rows in ${ms} ms`);
  });

  it('settles rows in arrival order across files', async () => {
    const logger = new CsvLogger({});
    const order: string[] = [];
    const ps = ['a', 'b', 'a', 'b', 'a'].map((f, i) =>
      logRow(logger, path.join(dir, `${f}.csv`), { i }).then((r) => void order.push(`${f}${r.row}`)),
    );
    await Promise.all(ps);
    await logger.close();
    assert.deepEqual(order, ['a1', 'b1', 'a2', 'b2', 'a3']);
  });

  it('fails only the row that cannot be encoded', async () => {
    const logger = new CsvLogger({ bom: false });
    const file = path.join(dir, 'a.csv');
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const results = await Promise.allSettled([
      logRow(logger, file, { a: 1, b: 'x' }),
      logRow(logger, file, { a: 2, b: loop }),
      logRow(logger, file, { a: 3, b: 'y' }),
    ]);
    await logger.close();
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.match(String((results[1] as PromiseRejectedResult).reason.message), /column "b"/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'a,b\r\n1,x\r\n3,y\r\n');
  });

  it('takes columns from the first row with keys and reports extra keys once per file', async () => {
    const logger = new CsvLogger({ bom: false });
    const file = path.join(dir, 'a.csv');
    const first = assert.rejects(logRow(logger, file, {}), /no keys/);
    const r1 = await logRow(logger, file, { a: 1 });
    const r2 = await logRow(logger, file, { a: 2, extra: true });
    const r3 = await logRow(logger, file, { a: 3, more: 1 });
    await first;
    await logger.close();
    assert.equal(r1.newExtraKeys, null);
    assert.deepEqual(r2.newExtraKeys, ['extra']);
    assert.equal(r3.newExtraKeys, null);
    assert.equal(fs.readFileSync(file, 'utf8'), 'a\r\n1\r\n2\r\n3\r\n');
  });

  it('holds rows while the disk fails, retries with capped backoff, and writes them in order once it recovers', async () => {
    let failing = false;
    const flaky: FsOps = {
      ...nodeFs,
      write: (...a) =>
        failing
          ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
          : nodeFs.write(...a),
    };
    const retries: Array<{ attempt: number; delayMs: number; code: string | undefined }> = [];
    let recovered = 0;
    const logger = new CsvLogger({
      fs: flaky,
      bom: false,
      retryBaseMs: 5,
      retryMaxMs: 20,
      onRetry: (r) =>
        retries.push({ attempt: r.attempt, delayMs: r.delayMs, code: (r.error as NodeJS.ErrnoException).code }),
      onRecover: (n) => (recovered = n),
    });
    const file = path.join(dir, 'a.csv');
    assert.equal((await logRow(logger, file, { n: 1 })).row, 1);
    failing = true;
    const held = [logRow(logger, file, { n: 2 }), logRow(logger, file, { n: 3 })];
    while (retries.length < 4) await new Promise((r) => setTimeout(r, 2));
    assert.equal(logger.pending, 2, 'both rows still waiting');
    failing = false;
    assert.deepEqual(
      (await Promise.all(held)).map((r) => r.row),
      [2, 3],
    );
    assert.deepEqual(
      retries.slice(0, 4).map((r) => [r.attempt, r.delayMs, r.code]),
      [
        [1, 5, 'ENOSPC'],
        [2, 10, 'ENOSPC'],
        [3, 20, 'ENOSPC'],
        [4, 20, 'ENOSPC'],
      ],
    );
    assert.equal(recovered, retries.length);
    await logger.close();
    assert.equal(fs.readFileSync(file, 'utf8'), 'n\r\n1\r\n2\r\n3\r\n');
  });

  it('on close with the disk still failing, tries once more and then fails each waiting row', async () => {
    const broken: FsOps = {
      ...nodeFs,
      write: () => Promise.reject(Object.assign(new Error('EACCES: permission denied, write'), { code: 'EACCES' })),
    };
    let retries = 0;
    const logger = new CsvLogger({ fs: broken, bom: false, retryBaseMs: 60000, onRetry: () => retries++ });
    const file = path.join(dir, 'a.csv');
    const rows = [logRow(logger, file, { n: 1 }), logRow(logger, file, { n: 2 })].map((p) =>
      p.then(
        () => 'ok',
        (e: NodeJS.ErrnoException) => e.code,
      ),
    );
    while (retries === 0) await new Promise((r) => setTimeout(r, 2));
    const t0 = Date.now();
    await logger.close();
    assert.ok(Date.now() - t0 < 5000, 'close does not wait out the backoff');
    assert.deepEqual(await Promise.all(rows), ['EACCES', 'EACCES']);
  });

  it('refuses rows beyond maxQueue and accepts again once the queue drains', async () => {
    const logger = new CsvLogger({ bom: false, maxQueue: 3 });
    const file = path.join(dir, 'a.csv');
    const got: number[] = [];
    const accepted = [1, 2, 3, 4, 5].map((n) => logger.push(file, { n }, (err, r) => void (err || got.push(r!.row))));
    assert.deepEqual(accepted, [true, true, true, false, false]);
    assert.equal(
      logger.push(file, { n: 6 }, () => undefined),
      false,
    );
    await logger.idle();
    assert.deepEqual(got, [1, 2, 3]);
    assert.equal(
      logger.push(file, { n: 7 }, () => undefined),
      true,
    );
    await logger.close();
    assert.equal(fs.readFileSync(file, 'utf8'), 'n\r\n1\r\n2\r\n3\r\n7\r\n');
  });

  it('refuses a row that would take the waiting rows past the memory budget, counting each by rowBytes()', async () => {
    const rows = [{ id: 'a' }, { id: 'bb' }, { id: 'ccc' }, { id: 'dddd' }];
    const sizes = rows.map(rowBytes);
    assert.deepEqual(sizes, [ROW_BYTES + 1, ROW_BYTES + 2, ROW_BYTES + 3, ROW_BYTES + 4]);
    // Room for the first three rows, not for the fourth.
    const logger = new CsvLogger({ bom: false, maxQueueBytes: sizes[0] + sizes[1] + sizes[2] + 3 });
    const file = path.join(dir, 'a.csv');
    const accepted = rows.map((r) => logger.push(file, r, () => undefined));
    assert.deepEqual(accepted, [true, true, true, false]);
    assert.equal(logger.pending, 3);
    assert.equal(logger.pendingBytes, sizes[0] + sizes[1] + sizes[2]);
    assert.equal(
      logger.push(file, { id: 'e' }, () => undefined),
      false,
    );
    await logger.idle();
    assert.equal(logger.pendingBytes, 0, 'written rows leave the budget');
    assert.equal(
      logger.push(file, rows[3], () => undefined),
      true,
    );
    await logger.close();
    assert.equal(logger.pendingBytes, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), 'id\r\na\r\nbb\r\nccc\r\ndddd\r\n');
  });

  it('takes a row larger than the whole budget when nothing else waits, so that no limit refuses every row', async () => {
    const logger = new CsvLogger({ bom: false, maxQueueBytes: 10 });
    const file = path.join(dir, 'a.csv');
    assert.equal(
      logger.push(file, { n: 1 }, () => undefined),
      true,
    );
    assert.equal(
      logger.push(file, { n: 2 }, () => undefined),
      false,
    );
    await logger.idle();
    assert.equal(
      logger.push(file, { n: 3 }, () => undefined),
      true,
    );
    await logger.close();
    assert.equal(fs.readFileSync(file, 'utf8'), 'n\r\n1\r\n3\r\n');
  });

  it('counts rows that wait for a retry against the budget until they are written', async () => {
    let failing = true;
    const flaky: FsOps = {
      ...nodeFs,
      write: (...a) =>
        failing
          ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))
          : nodeFs.write(...a),
    };
    let retries = 0;
    const logger = new CsvLogger({
      fs: flaky,
      bom: false,
      retryBaseMs: 5,
      retryMaxMs: 5,
      maxQueueBytes: 2 * rowBytes({ n: 1 }),
      onRetry: () => retries++,
    });
    const file = path.join(dir, 'a.csv');
    const held = [logRow(logger, file, { n: 1 }), logRow(logger, file, { n: 2 })];
    while (retries < 2) await new Promise((r) => setTimeout(r, 2));
    assert.equal(
      logger.push(file, { n: 3 }, () => undefined),
      false,
      'the held rows still fill the budget',
    );
    failing = false;
    assert.deepEqual(
      (await Promise.all(held)).map((r) => r.row),
      [1, 2],
    );
    assert.equal(logger.pendingBytes, 0);
    await logger.close();
  });

  it('puts every row that arrived during a write into the next write, however many (no batch cap)', async () => {
    // The first write is held back, as a long turn of the event loop holds it under a burst.
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const writing = new Promise<void>((r) => (entered = r));
    const writes: number[] = [];
    const slow: FsOps = {
      ...nodeFs,
      write: async (fd, buf, off, len) => {
        if (writes.length === 0) {
          entered();
          await gate;
        }
        writes.push(
          buf
            .subarray(off, off + len)
            .toString('utf8')
            .split('\r\n').length - 1,
        );
        return nodeFs.write(fd, buf, off, len);
      },
    };
    const logger = new CsvLogger({ fs: slow, bom: false });
    const file = path.join(dir, 'a.csv');
    const first = logRow(logger, file, { n: 0 });
    await writing;
    const N = 20000;
    for (let n = 1; n <= N; n++)
      assert.equal(
        logger.push(file, { n }, () => undefined),
        true,
      );
    release();
    await first;
    await logger.idle();
    await logger.close();
    // The header and row 0, then all 20,000 rows in one write.
    assert.deepEqual(writes, [2, N]);
    assert.equal(fs.readFileSync(file, 'utf8').split('\r\n').length, N + 3);
  });

  it("calls each row's callback once its row is on disk, in arrival order, with its file and row number", async () => {
    const logger = new CsvLogger({ bom: false });
    const file = path.join(dir, 'a.csv');
    const seen: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const ok = logger.push(file, { n }, (err, r) => {
        assert.equal(err, null);
        assert.ok(
          fs.readFileSync(file, 'utf8').includes(`\r\n${n}\r\n`),
          'the row is on disk before its callback runs',
        );
        seen.push(`${n}:${r!.row}:${path.basename(r!.filename)}`);
      });
      assert.equal(ok, true);
    }
    await logger.idle();
    assert.deepEqual(seen, ['1:1:a.csv', '2:2:a.csv', '3:3:a.csv']);
    await logger.close();
  });

  it('close writes every queued row before it resolves, and refuses rows after', async () => {
    const logger = new CsvLogger({ bom: false });
    const file = path.join(dir, 'a.csv');
    const pending = Array.from({ length: 500 }, (_, i) => logRow(logger, file, { i }));
    await logger.close();
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\r\n');
    assert.equal(lines.length, 501);
    assert.equal((await Promise.all(pending)).length, 500);
    assert.equal(
      logger.push(file, { i: 0 }, () => undefined),
      false,
    );
  });

  it('keeps at most maxOpenFiles files open and reopens others on demand', async () => {
    const logger = new CsvLogger({ maxOpenFiles: 2, bom: false });
    for (let round = 0; round < 2; round++) {
      for (const f of ['a', 'b', 'c']) await logRow(logger, path.join(dir, `${f}.csv`), { round });
    }
    await logger.close();
    for (const f of ['a', 'b', 'c'])
      assert.equal(fs.readFileSync(path.join(dir, `${f}.csv`), 'utf8'), 'round\r\n0\r\n1\r\n');
  });
});
