// The example flows' MQTT client id: stable for one Node-RED, different for two, valid for MQTT.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CLIENT_ID_VAR, defaultClientId, setDefaultClientId } from '../../../nodes/lib/mqtt-client-id';

// MQTT 3.1.1 §3.1.3.1: every broker accepts 1 to 23 characters; Mosquitto and Aedes accept '-' too.
const VALID = /^[A-Za-z0-9-]{1,23}$/;

describe('MQTT client id from host name and user directory (defaultClientId)', () => {
  it('is the same for the same host and user directory, every time', () => {
    assert.equal(defaultClientId('ward3-gw', '/home/nr/.node-red'), defaultClientId('ward3-gw', '/home/nr/.node-red'));
  });

  it('shows the host name and keeps to 22 characters of [a-z0-9-]', () => {
    const id = defaultClientId('ward3-gw', '/home/nr/.node-red');
    assert.match(id, /^nr-ward3-gw-[0-9a-f]{8}$/);
    assert.match(defaultClientId('Raspberry_Pi 4.local', '/data'), /^nr-raspberry-[0-9a-f]{8}$/);
    assert.match(defaultClientId('', ''), /^nr-host-[0-9a-f]{8}$/);
    assert.match(defaultClientId('..._', '/x'), /^nr-host-[0-9a-f]{8}$/);
    assert.match(
      defaultClientId('노드레드-서버', '/x'),
      /^nr-host-[0-9a-f]{8}$/,
      'no letters of [a-z0-9] left: "host"',
    );
  });

  it('differs between two hosts, even when their names begin alike or differ only after the first dot', () => {
    const ids = [
      defaultClientId('ward-3-gateway-01', '/data'),
      defaultClientId('ward-3-gateway-02', '/data'),
      defaultClientId('gw.ward3.example', '/data'),
      defaultClientId('gw.ward4.example', '/data'),
    ];
    assert.equal(new Set(ids).size, ids.length, ids.join(' '));
    assert.ok(ids[0].startsWith('nr-ward-3-gat-'), ids[0]);
  });

  it('differs between two Node-REDs on one host (two user directories)', () => {
    assert.notEqual(defaultClientId('pi', '/home/pi/.node-red'), defaultClientId('pi', '/home/pi/.node-red-2'));
  });

  it('is valid for MQTT whatever the host name and user directory', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ maxLength: 300 }), (host, dir) => {
        assert.match(defaultClientId(host, dir), VALID);
      }),
      { numRuns: 500 },
    );
  });
});

describe('HE_MQTT_CLIENT_ID (setDefaultClientId)', () => {
  it('is set from host and user directory when unset or blank', () => {
    for (const before of [undefined, '', '  ']) {
      const env: Record<string, string | undefined> = { [CLIENT_ID_VAR]: before };
      const id = setDefaultClientId('/home/pi/.node-red', env, 'pi');
      assert.equal(id, defaultClientId('pi', '/home/pi/.node-red'));
      assert.equal(env[CLIENT_ID_VAR], id);
    }
  });

  it("keeps the user's own value", () => {
    const env: Record<string, string | undefined> = { [CLIENT_ID_VAR]: 'icu-gateway-1' };
    assert.equal(setDefaultClientId('/data', env, 'pi'), 'icu-gateway-1');
    assert.equal(env[CLIENT_ID_VAR], 'icu-gateway-1');
  });
});
