import assert from 'node:assert/strict';
import { parseArgs } from '../../../sim/cli';

describe('simulator CLI arguments', () => {
  it('defaults to the local broker, or MQTT_URL when set', () => {
    assert.equal(parseArgs([], {}).options.url, 'mqtt://127.0.0.1:1883');
    assert.equal(parseArgs([], { MQTT_URL: 'mqtt://127.0.0.1:1999' }).options.url, 'mqtt://127.0.0.1:1999');
  });

  it('reads every option', () => {
    const { options, help } = parseArgs(
      [
        '--url',
        'mqtt://127.0.0.1:1884',
        '--patients',
        '6',
        '--interval',
        '250',
        '--count',
        '10',
        '--seed',
        '9',
        '--prefix',
        'ward',
        '--deteriorate',
        'none',
        '--text-device',
        'p-004',
        '--deteriorate-over',
        '60',
      ],
      {},
    );
    assert.equal(help, false);
    assert.deepEqual(options, {
      url: 'mqtt://127.0.0.1:1884',
      patients: 6,
      intervalMs: 250,
      count: 10,
      seed: 9,
      topicPrefix: 'ward',
      deteriorating: null,
      textDevice: 'p-004',
      deteriorateOverMs: 60000,
    });
  });

  it('adds the smart plugs with --plugs, sharing the broker, count and seed', () => {
    assert.equal(parseArgs([], {}).plugs, null);
    const { plugs, vitals } = parseArgs(
      [
        '--plugs',
        '--url',
        'mqtt://127.0.0.1:1884',
        '--count',
        '3',
        '--seed',
        '5',
        '--plug-interval',
        '500',
        '--plug-day',
        '120',
        '--plug-start',
        '7',
        '--plug-commands',
        'off',
      ],
      {},
    );
    assert.equal(vitals, true);
    assert.deepEqual(plugs, {
      url: 'mqtt://127.0.0.1:1884',
      intervalMs: 500,
      daySeconds: 120,
      startHour: 7,
      obeyCommands: false,
      count: 3,
      seed: 5,
    });
    const only = parseArgs(['--plugs', '--patients', '0'], {});
    assert.deepEqual([only.vitals, only.plugs], [false, { url: 'mqtt://127.0.0.1:1883' }]);
    assert.throws(() => parseArgs(['--plug-start', '24'], {}), /--plug-start needs an hour from 0 to 23/);
    assert.throws(() => parseArgs(['--plug-commands', 'maybe'], {}), /--plug-commands needs "on" or "off"/);
  });

  it('rejects bad values with a message naming the flag', () => {
    assert.throws(() => parseArgs(['--patients', '0'], {}), /--patients/);
    assert.throws(() => parseArgs(['--interval', 'fast'], {}), /--interval/);
    assert.throws(() => parseArgs(['--url', 'http://x'], {}), /--url/);
    assert.throws(() => parseArgs(['--prefix', 'a/#'], {}), /--prefix/);
    assert.throws(() => parseArgs(['--bogus'], {}), /unknown option "--bogus"/);
  });
});
