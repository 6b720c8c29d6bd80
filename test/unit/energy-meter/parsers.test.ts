import assert from 'node:assert/strict';
import {
  MeterReading,
  ParseResult,
  detectFormat,
  parseMeterMessage,
  parsePlainJson,
  parseShellyGen1,
  parseShellyGen2,
  parseTasmota,
  tasmotaDeviceId,
} from '../../../nodes/energy-meter/parsers';

function ok(r: ParseResult): MeterReading {
  if (!r.ok) assert.fail(`expected a reading, got error: ${r.error}`);
  return r.reading;
}
function err(r: ParseResult): string {
  if (r.ok) assert.fail(`expected an error, got ${JSON.stringify(r.reading)}`);
  return r.error;
}
const near = (a: number | undefined, b: number, eps = 1e-9): void =>
  assert.ok(a !== undefined && Math.abs(a - b) < eps, `${a} ≉ ${b}`);

const V1 =
  '{"Time":"2024-05-01T12:00:00","ENERGY":{"TotalStartTime":"2023-01-10T08:00:00","Total":123.456,"Yesterday":1.234,"Today":0.567,"Period":5,"Power":60,"ApparentPower":65,"ReactivePower":25,"Factor":0.92,"Voltage":230,"Current":0.283}}';
const V2 =
  '{"Time":"2024-05-01T12:00:00","ENERGY":{"TotalStartTime":"2023-06-01T00:00:00","Total":7.5,"Yesterday":0.8,"Today":0.3,"Period":[2,1],"Power":[95,40],"ApparentPower":[100,48],"ReactivePower":[31,27],"Factor":[0.95,0.83],"Voltage":229,"Current":[0.437,0.210]}}';
const V4 =
  '{"id":0,"source":"init","output":true,"apower":120.5,"voltage":229.8,"current":0.532,"freq":50.0,"aenergy":{"total":5432.105,"by_minute":[2008.333,2010.0,1995.5],"minute_ts":1714564800},"temperature":{"tC":41.2,"tF":106.2}}';

describe('smart-plug parsers (energy.md §4.4)', () => {
  it('vector 1: Tasmota single channel', () => {
    const r = ok(parseTasmota('tele/kitchen-plug/SENSOR', V1));
    assert.deepEqual(r, {
      deviceId: 'kitchen-plug',
      source: 'tasmota',
      power: 60,
      energyTotal: 123.456,
      energyToday: 0.567,
      energyYesterday: 1.234,
      period: 5,
      voltage: 230,
      current: 0.283,
      powerFactor: 0.92,
      totalStartTime: '2023-01-10T08:00:00',
      deviceTime: '2024-05-01T12:00:00',
    });
  });

  it('vector 2: Tasmota two channels, arrays summed', () => {
    const r = ok(parseTasmota('tele/relay2ch/SENSOR', JSON.parse(V2)));
    assert.equal(r.deviceId, 'relay2ch');
    assert.deepEqual(r.channels, [95, 40]);
    assert.equal(r.power, 135);
    assert.equal(r.energyTotal, 7.5);
    assert.equal(r.period, 3);
    assert.equal(r.voltage, 229);
    near(r.current, 0.647);
    near(r.powerFactor, 135 / 148);
  });

  it('Tasmota STATUS10 answer (ENERGY inside StatusSNS) and a reordered FullTopic', () => {
    const wrapped = JSON.stringify({ StatusSNS: JSON.parse(V1) });
    const r = ok(parseTasmota('stat/kitchen-plug/STATUS10', wrapped));
    assert.equal(r.deviceId, 'kitchen-plug');
    assert.equal(r.power, 60);
    assert.equal(r.energyTotal, 123.456);
    assert.equal(tasmotaDeviceId('home/kitchen-plug/tele/SENSOR'), 'home/kitchen-plug');
    assert.equal(tasmotaDeviceId('tele/kitchen-plug/STATE'), undefined);
  });

  it('vector 3: Shelly Gen1 power (W) and energy (watt-minutes)', () => {
    const p = ok(parseShellyGen1('shellies/shellyplug-s-C18B12/relay/0/power', '42.5'));
    assert.deepEqual(p, { deviceId: 'shellyplug-s-C18B12', source: 'shelly-gen1', channel: 0, power: 42.5 });
    const e = ok(parseShellyGen1('shellies/shellyplug-s-C18B12/relay/0/energy', Buffer.from('75000')));
    assert.equal(e.energyTotal, 1.25);
    assert.equal(e.power, undefined);
  });

  it('vector 4: Shelly Gen2 switch status, aenergy.total in Wh', () => {
    const r = ok(parseShellyGen2('shellyplus1pm-aabbccddeeff/status/switch:0', V4));
    assert.deepEqual(r, {
      deviceId: 'shellyplus1pm-aabbccddeeff',
      source: 'shelly-gen2',
      channel: 0,
      power: 120.5,
      voltage: 229.8,
      current: 0.532,
      energyTotal: 5.432105,
      output: true,
    });
    // by_minute is mWh over one minute: 2008.333 mWh × 60 / 1000 ≈ 120.5 W (consistent, not used)
    near((2008.333 * 60) / 1000, 120.5, 0.01);
  });

  it('plain JSON {power, energy} with deviceId from payload or topic', () => {
    assert.deepEqual(ok(parsePlainJson('meters/boiler', { power: 1800, energy: 12.5, voltage: 231 })), {
      deviceId: 'meters/boiler',
      source: 'json',
      power: 1800,
      energyTotal: 12.5,
      voltage: 231,
    });
    assert.equal(ok(parsePlainJson('x', '{"deviceId":"fridge","power":80}')).deviceId, 'fridge');
  });

  it('detects the format from topic, then payload', () => {
    assert.equal(detectFormat('tele/kitchen-plug/SENSOR', V1), 'tasmota');
    assert.equal(detectFormat('anything/else', V1), 'tasmota');
    assert.equal(detectFormat('shellies/x/relay/1/energy', '5'), 'shelly-gen1');
    assert.equal(detectFormat('dev/status/switch:2', V4), 'shelly-gen2');
    assert.equal(detectFormat('custom/topic', V4), 'shelly-gen2');
    assert.equal(detectFormat('meters/boiler', '{"power":3}'), 'json');
    assert.equal(detectFormat('meters/boiler', 'hello'), undefined);
    assert.equal(
      ok(parseMeterMessage('auto', 'dev/status/switch:2', V4)).channel,
      0,
      'id field wins over the topic index',
    );
    assert.equal(
      ok(parseMeterMessage('json', 'tele/a/SENSOR', '{"power":3}')).source,
      'json',
      'a set format overrides detection',
    );
    assert.equal(ok(parseMeterMessage('auto', 'tele/a/SENSOR', V1, 'my-id')).deviceId, 'my-id');
  });

  it('rejects bad payloads with a reason naming the field', () => {
    assert.match(err(parseMeterMessage('auto', 'tele/a/SENSOR', '{not json')), /not a JSON object/);
    assert.match(
      err(parseMeterMessage('auto', 'tele/a/SENSOR', '{"Time":"x","DS18B20":{"Temperature":20}}')),
      /no ENERGY/,
    );
    assert.match(err(parseTasmota('tele/a/SENSOR', '{"ENERGY":{"Power":-5,"Total":1}}')), /ENERGY\.Power is negative/);
    assert.match(err(parseTasmota('tele/a/SENSOR', '{"ENERGY":{"Power":[5,-1]}}')), /ENERGY\.Power is negative/);
    assert.match(err(parseTasmota('tele/a/SENSOR', '{"ENERGY":{"Power":"abc"}}')), /ENERGY\.Power is not a number/);
    assert.match(err(parseTasmota('tele/a/SENSOR', '{"ENERGY":{"Power":[]}}')), /empty array/);
    assert.match(err(parseTasmota('tele/a/SENSOR', '{"ENERGY":{"Voltage":230}}')), /neither Power nor Total/);
    assert.match(err(parseShellyGen1('shellies/x/relay/0/power', 'NaN')), /power is not a number/);
    assert.match(err(parseShellyGen1('shellies/x/relay/0/power', '-3')), /power is negative/);
    assert.match(err(parseShellyGen1('shellies/x/relay/0/energy', '')), /energy is not a number/);
    assert.match(err(parseShellyGen2('d/status/switch:0', '{"id":0,"output":true}')), /neither apower nor aenergy/);
    assert.match(err(parseShellyGen2('d/status/switch:0', '{"apower":"x"}')), /apower is not a number/);
    assert.match(err(parseShellyGen2('d/status/switch:0', '{"aenergy":{"total":-1}}')), /aenergy\.total is negative/);
    assert.match(err(parsePlainJson('t', '{"power":null,"energy":"2"}')), /energy is not a number/);
    assert.match(err(parseMeterMessage('auto', 'meters/x', '{"volts":3}')), /unknown meter format/);
    assert.match(err(parseMeterMessage('auto', 'meters/x', 'on')), /not JSON/);
  });
});
