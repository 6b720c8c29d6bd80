// The pipeline benchmark's CPU breakdown reads other processes from /proc: the broker is found
// by the port it listens on. Checked here against this test's own process. Without /proc (not
// Linux) both give "unknown", and the benchmark leaves the broker's figure out.
import assert from 'node:assert/strict';
import fs from 'fs';
import net from 'net';
import { listenerPid, mainThreadCpuMs, mainThreadWaitMs, processCpuMs } from '../../../bench/lib/process-cpu';

const linux = fs.existsSync('/proc/self/stat');

/**
 * Work on the main thread until the process has had `ms` more CPU (/proc counts in ticks of 10 ms:
 * well over one). Timed by CPU, not by the wall clock, which on a loaded machine may pass while
 * the thread waits for a core.
 */
function busyFor(ms: number): void {
  const start = process.cpuUsage();
  const until = Date.now() + 10_000;
  let x = 0;
  while (Date.now() < until) {
    for (let i = 0; i < 10_000; i++) x += Math.sqrt(x + 1);
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) break;
  }
  assert.ok(x > 0);
}

describe('bench process CPU (/proc)', () => {
  it('finds the process listening on a port, and nothing once it stops listening', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      assert.equal(listenerPid(port), linux ? process.pid : undefined);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    assert.equal(listenerPid(port), undefined);
  });

  it("reads a process's CPU time, which grows while it works", () => {
    const before = processCpuMs(process.pid);
    if (!linux) return assert.ok(Number.isNaN(before));
    assert.ok(before > 0, `CPU ${before} ms`);
    busyFor(60);
    assert.ok(processCpuMs(process.pid) > before);
  });

  it("reads the main thread's CPU time alone: it grows with the main thread's work, and is part of the process's", () => {
    const before = mainThreadCpuMs(process.pid);
    if (!linux) return assert.ok(Number.isNaN(before));
    busyFor(60);
    const after = mainThreadCpuMs(process.pid);
    assert.ok(after > before, `main thread CPU ${before} -> ${after} ms`);
    assert.ok(after <= processCpuMs(process.pid));
  });

  it('reads how long the main thread waited for a core: a count that never goes down', () => {
    const before = mainThreadWaitMs(process.pid);
    if (!linux || !fs.existsSync('/proc/self/schedstat')) return;
    assert.ok(before >= 0, `waited ${before} ms`);
    assert.ok(mainThreadWaitMs(process.pid) >= before);
    assert.ok(Number.isNaN(mainThreadWaitMs(undefined)));
    assert.ok(Number.isNaN(mainThreadWaitMs(2 ** 31 - 1)));
  });

  it('gives NaN for no process, or one that does not exist', () => {
    assert.ok(Number.isNaN(processCpuMs(undefined)));
    assert.ok(Number.isNaN(processCpuMs(2 ** 31 - 1)));
    assert.ok(Number.isNaN(mainThreadCpuMs(undefined)));
    assert.ok(Number.isNaN(mainThreadCpuMs(2 ** 31 - 1)));
  });
});
