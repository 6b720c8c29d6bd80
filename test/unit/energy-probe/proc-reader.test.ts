import assert from 'node:assert/strict';
import fs from 'fs';
import path from 'path';
import { ProcReader, parseHostTicks, parseProcessStat } from '../../../nodes/energy-probe/proc-reader';
import { FakeProc } from '../../support/fake-proc';

describe('energy-probe proc reader', () => {
  let proc: FakeProc;
  beforeEach(() => (proc = new FakeProc()));
  afterEach(() => proc.remove());

  it("reads the host's ticks from the first line of /proc/stat: guest time is not added twice", () => {
    // user nice system idle iowait irq softirq steal guest guest_nice
    assert.equal(
      parseHostTicks('cpu  100 5 50 800 20 3 2 1 40 0\ncpu0 1 2 3 4\n'),
      100 + 5 + 50 + 800 + 20 + 3 + 2 + 1,
    );
    // Kernels before 2.6.11 write only four fields.
    assert.equal(parseHostTicks('cpu 1 2 3 4\n'), 10);
    assert.equal(parseHostTicks('intr 1 2 3\n'), undefined);
    assert.equal(parseHostTicks('cpu  1 x 3 4\n'), undefined);
  });

  it('reads utime + stime and the start time of a process, whatever its name holds', () => {
    const line = '4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 10 0 0 0 30 12 0 0 20 0 3 0 777 1000 100 0 0';
    assert.deepEqual(parseProcessStat(4242, line), { pid: 4242, start: 777, ticks: 42, name: 'my (odd) name' });
    assert.equal(parseProcessStat(1, '1 (cut) S 1 2 3'), undefined, 'a line cut short is not a process');
    assert.equal(parseProcessStat(1, 'garbage'), undefined);
  });

  it('scans every pid folder and skips one whose stat is gone or unreadable, without throwing', () => {
    proc.set(10, { name: 'node-red', ticks: 400, cmdline: ['node', 'red.js', '--userDir', '/data'] });
    proc.set(11, { name: 'mosquitto', ticks: 30 });
    proc.unreadable(12);
    fs.mkdirSync(path.join(proc.root, '13')); // gone between the listing and the read
    fs.mkdirSync(path.join(proc.root, 'self'));
    fs.writeFileSync(path.join(proc.root, 'uptime'), '1.0 1.0\n');
    const reader = new ProcReader(proc.root);
    const scan = reader.scan();
    assert.deepEqual([...scan.processes.values()].map((p) => [p.pid, p.name, p.ticks]).sort(), [
      [10, 'node-red', 400],
      [11, 'mosquitto', 30],
    ]);
    assert.deepEqual([...scan.skipped].sort(), [12, 13]);
    assert.equal(reader.command(10, 'node-red'), 'node red.js --userDir /data');
    assert.equal(
      reader.command(11, 'mosquitto'),
      '[mosquitto]',
      'no command line: the name in brackets, as ps shows it',
    );
    assert.equal(reader.command(99, 'gone'), '[gone]');
  });

  it('reads names and command lines in UTF-8', () => {
    proc.set(10, { name: '측정기', ticks: 1, cmdline: ['python3', '/home/민수/측정.py'] });
    const reader = new ProcReader(proc.root);
    assert.equal(reader.scan().processes.get(10)?.name, '측정기');
    assert.equal(reader.command(10, '측정기'), 'python3 /home/민수/측정.py');
  });

  it('cuts a long command line', () => {
    proc.set(10, { name: 'java', ticks: 1, cmdline: ['java', '-cp', 'x'.repeat(1000)] });
    const command = new ProcReader(proc.root).command(10, 'java', 40);
    assert.equal(command.length, 40);
    assert.ok(command.startsWith('java -cp xxx') && command.endsWith('…'));
  });

  it('throws when /proc/stat itself is missing: there is no procfs to attribute with', () => {
    assert.throws(() => new ProcReader(path.join(proc.root, 'nowhere')).hostTicks(), /ENOENT/);
  });

  it('reads the real /proc: this process is in it with its name and CPU time', () => {
    const reader = new ProcReader();
    const host = reader.hostTicks();
    assert.ok(host > 0);
    const me = reader.scan().processes.get(process.pid);
    assert.ok(me, 'this process is listed');
    const own = fs.readFileSync('/proc/self/comm', 'utf8').trim();
    assert.equal(me.name, own);
    assert.ok(me.ticks >= 0 && me.start > 0);
    assert.match(reader.command(process.pid, me.name), /node|mocha/);
  });
});
