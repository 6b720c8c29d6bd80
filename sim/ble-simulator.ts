// The simulator's Bluetooth mode: the same simulated patients as simulator.ts, reported the way
// a BLE→MQTT gateway forwards health devices: the raw characteristic value as hex (or base64)
// text on ble/<deviceId>/<characteristic>, QoS 1. Device ids are <patientId>-<kind of device>.
import { DEVICE_SUFFIX, packetsFor, profileFor, type BleDeviceProfile } from './ble-packets';
import { toBase64, toHex } from './ble-encode';
import { startPublishLoop } from './publish-loop';
import { seededRandom } from './random';
import { advance, createPatients, type SimPatient } from './vitals-model';
import type { Simulator, SimulatorOptions } from './simulator';

/** hex for every device, base64 for every device, or mixed: every second patient sends base64. */
export type BleTextEncoding = 'hex' | 'base64' | 'mixed';
export const BLE_TEXT_ENCODINGS: readonly BleTextEncoding[] = ['hex', 'base64', 'mixed'];

export interface BleSimulatorOptions extends Omit<SimulatorOptions, 'textDevice'> {
  /** Default hex. */
  encoding?: BleTextEncoding;
  /** Put before every patient id (devices are then <idPrefix><patientId>-<kind>). */
  idPrefix?: string;
}

export interface BleMessage {
  topic: string;
  payload: string;
}

/** One round of messages for one patient. Pure, for tests and for the simulator below. */
export function bleMessages(
  prefix: string,
  patient: SimPatient,
  index: number,
  profile: BleDeviceProfile,
  vitals: ReturnType<typeof advance>,
  time: Date,
  encoding: BleTextEncoding,
): BleMessage[] {
  const base64 = encoding === 'base64' || (encoding === 'mixed' && index % 2 === 1);
  return packetsFor(vitals, profile, time).map((p) => ({
    topic: `${prefix}/${patient.id}-${DEVICE_SUFFIX[p.characteristic]}/${p.characteristic}`,
    payload: base64 ? toBase64(p.bytes) : toHex(p.bytes),
  }));
}

export function startBleSimulator(options: BleSimulatorOptions): Simulator {
  const intervalMs = options.intervalMs ?? 1000;
  const count = options.count ?? 0;
  const prefix = options.topicPrefix ?? 'ble';
  const encoding = options.encoding ?? 'hex';
  const deteriorateOverMs = options.deteriorateOverMs ?? 5 * 60 * 1000;
  const now = options.now ?? (() => new Date());
  const random = seededRandom(options.seed ?? 1);
  const patients = createPatients({
    count: options.patients ?? 4,
    random,
    deteriorating: options.deteriorating,
    textDevice: null,
    idPrefix: options.idPrefix,
  });
  const profiles = patients.map((_, i) => profileFor(i));

  const loop = startPublishLoop({
    url: options.url,
    intervalMs,
    count,
    round: (index) => {
      const elapsed = index * intervalMs;
      const time = now();
      return patients.flatMap((p, i) =>
        bleMessages(prefix, p, i, profiles[i], advance(p, random, elapsed, deteriorateOverMs), time, encoding),
      );
    },
    onError: options.onError,
  });

  return {
    ready: loop.ready,
    done: loop.done,
    get published() {
      return loop.published;
    },
    patients,
    stop: () => loop.stop(),
  };
}
