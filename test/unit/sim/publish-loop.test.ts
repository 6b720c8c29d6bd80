import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { getTestBroker, TestBroker } from '../../support/broker';
import { startPublishLoop } from '../../../sim/publish-loop';

describe('simulator publish loop', function () {
  let broker: TestBroker;
  before(async () => {
    broker = await getTestBroker();
  });
  after(async () => {
    await broker.close();
  });

  async function subscriber(topic: string) {
    const sub = await mqtt.connectAsync(broker.url, { clean: true });
    const got: string[] = [];
    sub.on('message', (_t, payload) => got.push(payload.toString()));
    await sub.subscribeAsync(topic, { qos: 1 });
    return { got, end: () => sub.endAsync() };
  }

  async function until(check: () => boolean, ms = 3000): Promise<void> {
    const end = Date.now() + ms;
    while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  }

  it('publishes `count` rounds with their index, counts acknowledgements, and stops by itself', async () => {
    const topic = `looptest-${process.pid}-a`;
    const sub = await subscriber(topic);
    const indexes: number[] = [];
    const loop = startPublishLoop({
      url: broker.url,
      intervalMs: 10,
      count: 4,
      round: (i) => {
        indexes.push(i);
        return [
          { topic, payload: `${i}a` },
          { topic, payload: `${i}b` },
        ];
      },
    });
    await loop.ready;
    await loop.done;
    assert.deepEqual(indexes, [0, 1, 2, 3]);
    assert.equal(loop.published, 8);
    assert.equal(loop.stopped, true);
    assert.equal(loop.client.connected, false, 'the client is ended');
    await until(() => sub.got.length >= 8);
    await new Promise((r) => setTimeout(r, 100));
    await sub.end();
    assert.deepEqual([...sub.got].sort(), ['0a', '0b', '1a', '1b', '2a', '2b', '3a', '3b']);
  });

  it('runs until stop(), keeps the cadence (round k never before k intervals), and also sends and waits for extra messages', async () => {
    const topic = `looptest-${process.pid}-b`;
    const sub = await subscriber(topic);
    const started: number[] = [];
    const loop = startPublishLoop({
      url: broker.url,
      intervalMs: 100,
      count: 0,
      round: (i) => {
        started.push(Date.now());
        return [{ topic, payload: `round ${i}` }];
      },
    });
    await loop.ready;
    await until(() => started.length >= 3);
    loop.publish([{ topic, payload: 'extra' }]);
    await loop.stop();
    const rounds = started.length;
    assert.ok(rounds >= 3);
    for (let i = 1; i < rounds; i++)
      assert.ok(started[i] - started[0] >= i * 100 - 3, `round ${i} began ${started[i] - started[0]} ms after round 0`);
    assert.equal(loop.published, rounds + 1, 'stop() waited for every message under way');
    await loop.done;
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(started.length, rounds, 'no round after stop()');
    await until(() => sub.got.length >= rounds + 1);
    await sub.end();
    assert.ok(sub.got.includes('extra'));
  });

  it('keeps the rate when each round takes time of its own: rounds are due an interval after the previous one was due', async () => {
    const topic = `looptest-${process.pid}-d`;
    const started: number[] = [];
    const loop = startPublishLoop({
      url: broker.url,
      intervalMs: 100,
      count: 6,
      round: (i) => {
        started.push(Date.now());
        // 50 ms of work per round, as building and acknowledging 1,000 readings takes.
        const until = Date.now() + 50;
        while (Date.now() < until);
        return [{ topic, payload: `round ${i}` }];
      },
    });
    await loop.ready;
    await loop.done;
    // Round k is due k intervals after round 0, so it starts k × 100 ms after it plus its own
    // lateness, which does not add up. Timed from each round's end instead, round k would start at
    // least k × (100 + 50) ms after round 0. On a loaded machine rounds start late, but the test
    // only needs one of them to be less than 45 ms × k late. Timers may fire a millisecond or two
    // early by Date.now().
    const lateness = started.map((t, k) => t - started[0] - k * 100);
    assert.equal(started.length, 6);
    for (let k = 1; k < 6; k++) assert.ok(lateness[k] >= -3, `round ${k} began ${lateness[k]} ms before it was due`);
    const perRound = lateness.slice(1).map((late, i) => late / (i + 1));
    assert.ok(
      Math.min(...perRound) < 45,
      `rounds due an interval after the previous was due: lateness ${lateness.join(', ')} ms`,
    );
  });

  it('moves the cadence on after a late round instead of making up for it with a burst', async () => {
    const topic = `looptest-${process.pid}-c`;
    const started: number[] = [];
    let roundOneEnd = 0;
    const loop = startPublishLoop({
      url: broker.url,
      intervalMs: 100,
      count: 5,
      round: (i) => {
        started.push(Date.now());
        // Round 1 takes 2.5 intervals, as a round that waits for a slow broker would.
        if (i === 1) {
          const until = Date.now() + 250;
          while (Date.now() < until);
          roundOneEnd = Date.now();
        }
        return [{ topic, payload: `round ${i}` }];
      },
    });
    await loop.ready;
    await loop.done;
    assert.equal(started.length, 5);
    // Round 2 is due once round 1 is acknowledged (it is overdue), after roundOneEnd; rounds 3 and
    // 4 are due one and two intervals after round 2 was due. A round starts when it is due or
    // later (a loaded machine runs timers late), so only these lower bounds hold, a few ms of
    // timer slack aside; a make-up burst would start rounds 3 and 4 right after round 2.
    assert.ok(
      started[3] - roundOneEnd >= 100 - 3,
      `round 3 began ${started[3] - roundOneEnd} ms after round 1 returned, round 2 ${started[2] - roundOneEnd} ms`,
    );
    assert.ok(
      started[4] - roundOneEnd >= 200 - 3,
      `round 4 began ${started[4] - roundOneEnd} ms after round 1 returned`,
    );
  });

  it('fails `ready` (and ends `done`) when the first connection fails, and when beforeFirstRound fails', async () => {
    const nobody = startPublishLoop({ url: 'mqtt://127.0.0.1:1', intervalMs: 10, count: 0, round: () => [] });
    await assert.rejects(nobody.ready);
    await nobody.done;

    let rounds = 0;
    const refused = startPublishLoop({
      url: broker.url,
      intervalMs: 10,
      count: 0,
      round: () => {
        rounds++;
        return [];
      },
      beforeFirstRound: () => Promise.reject(new Error('cannot subscribe')),
    });
    await assert.rejects(refused.ready, /cannot subscribe/);
    await refused.done;
    assert.equal(rounds, 0, 'no round without beforeFirstRound');
  });
});
