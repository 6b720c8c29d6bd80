import assert from 'node:assert/strict';
import { configFromEnv, DEMO_BLE_ID_PREFIX } from '../../../scripts/demo-env';

describe('demo settings: the BLE simulator', () => {
  const root = '/repo';

  it('runs by default: 2 patients of its own (ble-p-001...) every 5 s, with the shared seed', () => {
    const c = configFromEnv({ SIM_SEED: '9' }, root, '/cwd');
    assert.deepEqual(c.ble, { intervalMs: 5000, patients: 2, seed: 9, idPrefix: DEMO_BLE_ID_PREFIX });
    assert.equal(DEMO_BLE_ID_PREFIX, 'ble-');
  });

  it('takes SIM_BLE_INTERVAL_MS and SIM_BLE_PATIENTS, and is off with SIM_BLE=off or SIM=off', () => {
    const c = configFromEnv({ SIM_BLE_INTERVAL_MS: '250', SIM_BLE_PATIENTS: '3' }, root, '/cwd');
    assert.deepEqual(c.ble && [c.ble.intervalMs, c.ble.patients], [250, 3]);
    assert.equal(configFromEnv({ SIM_BLE: 'off' }, root, '/cwd').ble, false);
    assert.notEqual(
      configFromEnv({ SIM_BLE: 'off' }, root, '/cwd').simulator,
      false,
      'the other simulators keep running',
    );
    assert.equal(configFromEnv({ SIM: 'off' }, root, '/cwd').ble, false);
  });

  it('refuses a setting that is not a whole number in range', () => {
    assert.throws(
      () => configFromEnv({ SIM_BLE_INTERVAL_MS: 'soon' }, root, '/cwd'),
      /SIM_BLE_INTERVAL_MS must be a whole number from 10 to 3600000, got "soon"/,
    );
    assert.throws(
      () => configFromEnv({ SIM_BLE_PATIENTS: '0' }, root, '/cwd'),
      /SIM_BLE_PATIENTS must be a whole number from 1 to 100/,
    );
  });
});

describe("demo settings: the health example's stale time", () => {
  it("keeps the example's own time unless DEMO_STALE_S gives one, in whole seconds from 1 to a day", () => {
    assert.equal(configFromEnv({}, '/repo', '/cwd').staleSeconds, undefined);
    assert.equal(configFromEnv({ DEMO_STALE_S: '' }, '/repo', '/cwd').staleSeconds, undefined);
    assert.equal(configFromEnv({ DEMO_STALE_S: '8' }, '/repo', '/cwd').staleSeconds, 8);
    assert.throws(
      () => configFromEnv({ DEMO_STALE_S: '0' }, '/repo', '/cwd'),
      /DEMO_STALE_S must be a whole number from 1 to 86400, got "0"/,
    );
    assert.throws(() => configFromEnv({ DEMO_STALE_S: '2.5' }, '/repo', '/cwd'), /DEMO_STALE_S must be a whole number/);
  });
});

describe('demo settings: the example flows', () => {
  it("runs the pack's examples/ by default, and the folder DEMO_EXAMPLES names (from the working directory)", () => {
    assert.equal(configFromEnv({}, '/repo', '/cwd').examplesDir, '/repo/examples');
    assert.equal(configFromEnv({ DEMO_EXAMPLES: 'variant' }, '/repo', '/cwd').examplesDir, '/cwd/variant');
    assert.equal(configFromEnv({ DEMO_EXAMPLES: '/tmp/flows' }, '/repo', '/cwd').examplesDir, '/tmp/flows');
  });
});
