// Child process for the csv-log crash tests: a real embedded Node-RED with the flow
// generator → csv-log → sink. It writes rows as fast as the node takes them and reports
// each row the node acknowledged (sent on after done) on stdout as "ACK <seq> <row>", in
// order. The parent kills it with SIGKILL mid-stream. Arguments: base folder, durability
// mode, first seq, how many rows (0: until killed), maxSizeMB.
import { startEmbeddedRed } from './embedded-red';

const [base, mode, firstArg, countArg, sizeArg] = process.argv.slice(2);
const first = Number(firstArg);
const count = Number(countArg);
const WINDOW = 2000;

// Rows that stress the quoting: commas, quotes, line breaks, Korean.
const NOTES = ['ok', 'says "fine", then\r\nsleeps', '김민수, 병동 3', '', '=cmd|x'];

async function main() {
  const red = await startEmbeddedRed([
    {
      id: 'log',
      type: 'he-csv-log',
      baseDir: base,
      filename: 'crash.csv',
      filenameType: 'str',
      columns: 'seq,ts,hr,note',
      durability: mode,
      flushMs: 50,
      maxQueue: 10000,
      maxSizeMB: sizeArg || '0',
      bom: true,
      wires: [['sink']],
    },
    { id: 'sink', type: 'debug', active: false, tosidebar: false, wires: [] },
  ]);
  const log = red.node('log');
  let sent = 0;
  let acked = 0;
  let buffered = '';
  red.node('sink').on('input', (msg: { payload: { seq: number }; row: number }) => {
    acked++;
    buffered += `ACK ${msg.payload.seq} ${msg.row}\n`;
    if (buffered.length > 4096) {
      process.stdout.write(buffered);
      buffered = '';
    }
    if (count > 0 && acked === count) void finish();
  });
  // Unsent acks are only ever fewer acks for the parent to check: never a false claim.
  setInterval(() => {
    if (buffered) process.stdout.write(buffered);
    buffered = '';
  }, 5).unref();
  let finished = false;
  async function finish() {
    if (finished) return;
    finished = true;
    if (buffered) process.stdout.write(buffered);
    buffered = '';
    await red.stop();
    process.stdout.write('DONE\n');
    process.exit(0);
  }
  function pump() {
    const limit = count > 0 ? count : Infinity;
    while (sent < limit && sent - acked < WINDOW) {
      const seq = first + sent++;
      log.receive({
        payload: {
          seq,
          ts: new Date(1714550400000 + seq).toISOString(),
          hr: 60 + (seq % 40),
          note: NOTES[seq % NOTES.length],
        },
      });
    }
    if (sent < limit) setImmediate(pump);
  }
  process.stdout.write('READY\n');
  pump();
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
