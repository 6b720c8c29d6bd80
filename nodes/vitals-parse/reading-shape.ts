// A text/JSON reading built by a constructor instead of an object literal. Pure: no Node-RED import.
//
// WHY: a flow keeps each reading alive until the last node has it, so V8 sees most objects made
// at the reading's allocation site outlive a young-generation collection, and "pretenures" that
// site: every later reading is allocated straight in the old generation, through a slow path,
// and becomes garbage only a full collection frees. Profiled in an embedded Node-RED flow like
// bench/nodes.ts's, building the reading from a literal cost ~0.9 µs a message (more than parsing
// it); built by this constructor, ~0.09 µs (self time 525 → 53 ms over 600k readings). V8 makes
// that decision per allocation site, which a literal has and `new` of a plain constructor has not.
//
// ReadingObject's prototype is Object.prototype itself, so what it makes is an ordinary object:
// the same prototype, `constructor` (Object), keys, key order, JSON, util.inspect and deep
// equality as the literal it replaces (test/unit/vitals-normalise-reference.test.ts). The keys are
// assigned in the fixed order debug output shows; V8 sizes the objects to the keys they get.
import { VITAL_NAMES, type Consciousness, type DroppedVital, type Reading } from '../lib/reading';

// One named store per key (not a loop over VITAL_NAMES): each store site then sees one key.
function ReadingObject(
  this: Record<string, unknown>,
  deviceId: string,
  patientId: string | undefined,
  timestamp: string,
  values: readonly (number | undefined)[],
  onOxygen: boolean | undefined,
  consciousness: Consciousness | undefined,
  dropped: DroppedVital[] | undefined,
): void {
  this.deviceId = deviceId;
  if (patientId !== undefined) this.patientId = patientId;
  this.timestamp = timestamp;
  let v: number | undefined;
  if ((v = values[0]) !== undefined) this.heartRate = v;
  if ((v = values[1]) !== undefined) this.respiratoryRate = v;
  if ((v = values[2]) !== undefined) this.spo2 = v;
  if ((v = values[3]) !== undefined) this.temperature = v;
  if ((v = values[4]) !== undefined) this.systolic = v;
  if ((v = values[5]) !== undefined) this.diastolic = v;
  if ((v = values[6]) !== undefined) this.meanArterial = v;
  if ((v = values[7]) !== undefined) this.glucose = v;
  if ((v = values[8]) !== undefined) this.weight = v;
  if (onOxygen !== undefined) this.onOxygen = onOxygen;
  if (consciousness !== undefined) this.consciousness = consciousness;
  if (dropped !== undefined) this.dropped = dropped;
}
ReadingObject.prototype = Object.prototype;

// The stores above name the vitals one by one; this keeps them tied to reading.ts's list.
const STORED = ['heartRate', 'respiratoryRate', 'spo2', 'temperature', 'systolic', 'diastolic', 'meanArterial', 'glucose', 'weight'];
if (STORED.join() !== VITAL_NAMES.join()) throw new Error('reading-shape.ts: the vitals differ from VITAL_NAMES');

/**
 * The reading of a text/JSON message; `values` holds each vital by its index in VITAL_NAMES,
 * undefined for none. Absent parts are left out, never set to undefined.
 */
export const PlainReading = ReadingObject as unknown as new (...args: Parameters<typeof ReadingObject>) => Reading;
