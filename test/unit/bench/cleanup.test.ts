// A long benchmark stops what it started, newest first, even when a step fails, and a child
// that does not stop when asked is killed.
import assert from 'node:assert/strict';
import { Cleanup, startChild } from '../../../bench/lib/cleanup';

describe('bench: cleanup', () => {
  it('runs every step newest first, and the others still when one fails', async () => {
    const cleanup = new Cleanup();
    const ran: string[] = [];
    const logged: string[] = [];
    cleanup.add('first', () => void ran.push('first'));
    cleanup.add('failing', () => {
      throw new Error('boom');
    });
    cleanup.add('last', async () => void ran.push('last'));
    await cleanup.runAll((l) => logged.push(l));
    assert.deepEqual(ran, ['last', 'first']);
    assert.deepEqual(logged, ['cleanup: failing: boom']);
    await cleanup.runAll();
    assert.deepEqual(ran, ['last', 'first'], 'each step runs once');
  });

  it('says when a child printed a line (the moment it came, not when asked), and fails if it exits first', async function () {
    this.timeout(15000);
    const child = startChild(
      process.execPath,
      ['-e', "setTimeout(() => console.log('ready at ' + Date.now()), 300); setTimeout(() => {}, 600);"],
      process.env,
    );
    const { match, at } = await child.when(/ready at (\d+)/);
    assert.ok(Math.abs(at - Number(match[1])) < 200, `seen ${at - Number(match[1])} ms after it was printed`);
    const again = await child.when(/ready/);
    assert.ok(again.at >= at);
    await assert.rejects(child.when(/never printed/), /exited \(0\) before its output matched/);
    await assert.rejects(child.when(/never printed/), /exited before its output matched/);
  });

  it('stops a child with the signal asked for, and kills one that ignores it after the grace time', async function () {
    this.timeout(15000);
    const polite = startChild(
      process.execPath,
      [
        '-e',
        "process.on('SIGINT', () => { console.log('bye'); process.exit(0); }); console.log('up'); setInterval(() => {}, 1000);",
      ],
      process.env,
    );
    while (!/up/.test(polite.output())) await new Promise((r) => setTimeout(r, 20));
    await polite.stop('SIGINT', 5000);
    assert.equal(await polite.exited, 0);
    assert.match(polite.output(), /bye/);
    assert.equal(polite.running(), false);
    assert.ok(Number.isFinite(polite.exitedAt()));

    const stubborn = startChild(
      process.execPath,
      ['-e', "process.on('SIGINT', () => {}); console.log('up'); setInterval(() => {}, 1000);"],
      process.env,
    );
    while (!/up/.test(stubborn.output())) await new Promise((r) => setTimeout(r, 20));
    const t0 = Date.now();
    await stubborn.stop('SIGINT', 300);
    assert.equal(stubborn.child.signalCode, 'SIGKILL');
    assert.ok(Date.now() - t0 >= 290);
    await stubborn.stop('SIGINT', 300);
  });
});
