// Pure model of simulated smart plugs: a daily power pattern per appliance, the counters a real
// plug keeps (and loses on a reboot), the telemetry each firmware publishes (energy.md §4) and the
// commands each one obeys. No MQTT here, so a run can be replayed and tested without a broker.
import { Random, gaussian } from './random';
import { roundTo } from '../nodes/lib/units';

export type PlugFormat = 'tasmota' | 'shelly-gen1' | 'shelly-gen2';

export interface MqttOut {
  topic: string;
  payload: string;
}

/** Watts per channel at a simulated hour of the day (0–24), before noise. */
type Profile = (hour: number, plug: SimPlug) => number[];

export interface SimPlug {
  /** The id in its topics: `tele/<id>/SENSOR`, `shellies/<id>/…`, `<id>/status/switch:0`. */
  id: string;
  /** What is plugged in, for people. */
  appliance: string;
  format: PlugFormat;
  channels: number;
  profile: Profile;
  /** Relay state per channel; a command can switch it. Off means 0 W. */
  on: boolean[];
  /** Energy counter as the device keeps it, in Wh (Tasmota: persistent; Shelly: in RAM). */
  counterWh: number;
  /** Tasmota's Today / Yesterday (Wh) and the simulated day they belong to. */
  todayWh: number;
  yesterdayWh: number;
  day: number;
  /** Tasmota Period: Wh since the previous telemetry message. */
  periodWh: number[];
  /** Simulated hour of the first night at which the plug reboots (counter back to 0); none if undefined. */
  rebootAtHour?: number;
  rebooted: boolean;
  /** Last reported power per channel. */
  watts: number[];
}

const between = (hour: number, from: number, to: number) => hour >= from && hour < to;

/** A compressor fridge: about 15 min on in every 45, a little electronics in between. */
const fridge: Profile = (hour) => [(hour * 60) % 45 < 15 ? 95 : 2.5];

/** A desk strip on a 2-channel relay: computer by day (sleeping at 1.5 W), an LED lamp for 90 min in the evening. */
const desk: Profile = (hour) => [between(hour, 9, 17) ? 85 : 1.5, between(hour, 19, 20.5) ? 7 : 0.3];

/** A TV with a set-top box: on in the evening, 7 W standby the rest of the day. */
const tv: Profile = (hour) => [between(hour, 19, 22.5) ? 95 : 7];

/** A game console in "instant-on" mode: 11 W standby, played late in the evening. */
const gameConsole: Profile = (hour) => [between(hour, 20, 23) ? 140 : 11];

export interface PlugOptions {
  /** Simulated hour of the first night at which the Shelly Gen1 plug reboots. Default 2 (02:00). */
  rebootAtHour?: number | null;
  /** Put before every plug id (tests use it to keep apart from a demo on the same broker). */
  idPrefix?: string;
}

/** The four demo plugs: one of each format of energy.md §4, plus a 2-channel Tasmota. */
export function createPlugs(options: PlugOptions = {}): SimPlug[] {
  const reboot = options.rebootAtHour === undefined ? 2 : options.rebootAtHour;
  const prefix = options.idPrefix ?? '';
  const plug = (
    id: string,
    appliance: string,
    format: PlugFormat,
    channels: number,
    profile: Profile,
    counterWh: number,
  ): SimPlug => ({
    id: prefix + id,
    appliance,
    format,
    channels,
    profile,
    on: new Array<boolean>(channels).fill(true),
    counterWh,
    todayWh: 0,
    yesterdayWh: 0,
    day: 0,
    periodWh: new Array<number>(channels).fill(0),
    rebooted: false,
    watts: new Array<number>(channels).fill(0),
  });
  return [
    plug('fridge', 'fridge', 'tasmota', 1, fridge, 123456),
    plug('desk-strip', 'computer + desk lamp', 'tasmota', 2, desk, 7500),
    {
      ...plug('shellyplug-s-C0FFEE', 'TV + set-top box', 'shelly-gen1', 1, tv, 1250),
      rebootAtHour: reboot ?? undefined,
    },
    plug('shellyplusplugs-d4d4da', 'game console', 'shelly-gen2', 1, gameConsole, 5432),
  ];
}

/**
 * Moves the plug on by `dtS` simulated seconds ending at simulated `time`: draws the power per
 * channel (the profile with a little noise, 0 when switched off) and adds the energy to the
 * counters. Returns the power per channel.
 */
export function advancePlug(plug: SimPlug, random: Random, time: Date, dtS: number, startedAt: Date): number[] {
  const hour = time.getUTCHours() + time.getUTCMinutes() / 60 + time.getUTCSeconds() / 3600;
  const day = Math.floor(time.getTime() / 86_400_000);
  if (day !== plug.day) {
    plug.yesterdayWh = plug.day === 0 ? 0 : plug.todayWh;
    plug.todayWh = 0;
    plug.day = day;
  }
  if (plug.rebootAtHour !== undefined && !plug.rebooted) {
    const rebootAt = new Date(startedAt.getTime());
    rebootAt.setUTCHours(plug.rebootAtHour, 0, 0, 0);
    if (rebootAt.getTime() <= startedAt.getTime()) rebootAt.setUTCDate(rebootAt.getUTCDate() + 1);
    if (time.getTime() >= rebootAt.getTime()) {
      // Shelly keeps its energy counter in RAM: a power cut or firmware update starts it at 0.
      plug.counterWh = 0;
      plug.rebooted = true;
    }
  }
  const base = plug.profile(hour, plug);
  plug.watts = base.map((w, i) => (plug.on[i] ? roundTo(Math.max(0, w * (1 + 0.03 * gaussian(random))), 1) : 0));
  const wh = plug.watts.map((w) => (w * dtS) / 3600);
  const sum = wh.reduce((a, b) => a + b, 0);
  plug.counterWh += sum;
  plug.todayWh += sum;
  plug.periodWh = plug.periodWh.map((p, i) => p + wh[i]);
  return plug.watts;
}

/** Tasmota's `Time`: local time without a zone; the simulated clock is UTC. */
const tasmotaTime = (t: Date) => t.toISOString().slice(0, 19);

/** The telemetry messages the plug's firmware publishes for its current state. */
export function telemetry(plug: SimPlug, time: Date): MqttOut[] {
  const total = plug.watts.reduce((a, b) => a + b, 0);
  switch (plug.format) {
    case 'tasmota': {
      const multi = plug.channels > 1;
      const one = (values: number[], digits: number) =>
        multi ? values.map((v) => roundTo(v, digits)) : roundTo(values[0], digits);
      const current = plug.watts.map((w) => w / 230 / 0.95);
      const energy = {
        TotalStartTime: '2023-01-10T08:00:00',
        Total: roundTo(plug.counterWh / 1000, 3),
        Yesterday: roundTo(plug.yesterdayWh / 1000, 3),
        Today: roundTo(plug.todayWh / 1000, 3),
        Period: one(plug.periodWh, 0),
        Power: one(plug.watts, 0),
        Factor: one(
          plug.watts.map((w) => (w > 0 ? 0.95 : 0)),
          2,
        ),
        Voltage: 230,
        Current: one(current, 3),
      };
      plug.periodWh = plug.periodWh.map(() => 0);
      return [
        { topic: `tele/${plug.id}/SENSOR`, payload: JSON.stringify({ Time: tasmotaTime(time), ENERGY: energy }) },
      ];
    }
    case 'shelly-gen1':
      return [
        { topic: `shellies/${plug.id}/relay/0/power`, payload: String(roundTo(total, 2)) },
        // Watt-minutes, a whole number, as the firmware sends it.
        { topic: `shellies/${plug.id}/relay/0/energy`, payload: String(Math.floor(plug.counterWh * 60)) },
      ];
    case 'shelly-gen2':
      return [{ topic: `${plug.id}/status/switch:0`, payload: JSON.stringify(gen2Status(plug, time)) }];
  }
}

function gen2Status(plug: SimPlug, time: Date): Record<string, unknown> {
  const w = plug.watts[0];
  return {
    id: 0,
    source: 'timer',
    output: plug.on[0],
    apower: roundTo(w, 1),
    voltage: 229.8,
    current: roundTo(w / 229.8 / 0.95, 3),
    freq: 50,
    aenergy: {
      total: roundTo(plug.counterWh, 3),
      by_minute: [roundTo((w * 1000) / 60, 3), 0, 0],
      minute_ts: Math.floor(time.getTime() / 1000),
    },
    temperature: { tC: 38.5, tF: 101.3 },
  };
}

/** Topics the plug listens to for commands (subscribe to these). */
export function commandTopics(plug: SimPlug): string[] {
  switch (plug.format) {
    case 'tasmota':
      return [`cmnd/${plug.id}/+`];
    case 'shelly-gen1':
      return [`shellies/${plug.id}/relay/+/command`];
    case 'shelly-gen2':
      return [`${plug.id}/rpc`];
  }
}

function switchTo(current: boolean, word: string): boolean | undefined {
  const w = word.trim().toLowerCase();
  if (['on', '1', 'true'].includes(w)) return true;
  if (['off', '0', 'false'].includes(w)) return false;
  if (w === 'toggle' || w === '2') return !current;
  return undefined;
}

/**
 * Applies a command the way the firmware would and returns its answers; undefined when the
 * message is not a command for this plug (it is then ignored, as a device ignores it).
 */
export function applyCommand(plug: SimPlug, topic: string, payload: string, time: Date): MqttOut[] | undefined {
  switch (plug.format) {
    case 'tasmota': {
      // POWER = POWER1; POWER0 switches every relay.
      const m = new RegExp(`^cmnd/${escape(plug.id)}/POWER(\\d*)$`, 'i').exec(topic);
      if (!m) return undefined;
      const n = m[1] === '' ? 1 : Number(m[1]);
      const targets = n === 0 ? plug.on.map((_, i) => i) : n <= plug.channels ? [n - 1] : [];
      if (targets.length === 0) return undefined;
      const next = targets.map((i) => switchTo(plug.on[i], payload));
      if (next.some((v) => v === undefined)) return undefined;
      targets.forEach((i, k) => (plug.on[i] = next[k]!));
      afterSwitch(plug);
      const state = (i: number) => (plug.on[i] ? 'ON' : 'OFF');
      const result: Record<string, string> = {};
      if (plug.channels === 1) result.POWER = state(0);
      else plug.on.forEach((_, i) => (result[`POWER${i + 1}`] = state(i)));
      return [{ topic: `stat/${plug.id}/RESULT`, payload: JSON.stringify(result) }, ...telemetry(plug, time)];
    }
    case 'shelly-gen1': {
      const m = new RegExp(`^shellies/${escape(plug.id)}/relay/(\\d+)/command$`).exec(topic);
      if (!m || Number(m[1]) >= plug.channels) return undefined;
      const i = Number(m[1]);
      const next = switchTo(plug.on[i], payload);
      if (next === undefined) return undefined;
      plug.on[i] = next;
      afterSwitch(plug);
      return [{ topic: `shellies/${plug.id}/relay/${i}`, payload: next ? 'on' : 'off' }, ...telemetry(plug, time)];
    }
    case 'shelly-gen2': {
      if (topic !== `${plug.id}/rpc`) return undefined;
      let req: { id?: unknown; src?: unknown; method?: unknown; params?: { id?: unknown; on?: unknown } };
      try {
        req = JSON.parse(payload) as typeof req;
      } catch {
        return undefined;
      }
      if (req?.method !== 'Switch.Set' || req.params?.id !== 0 || typeof req.params.on !== 'boolean') return undefined;
      const wasOn = plug.on[0];
      plug.on[0] = req.params.on;
      afterSwitch(plug);
      const out: MqttOut[] = [];
      // An RPC over MQTT answers on <src>/rpc when the request names a source.
      if (typeof req.src === 'string' && req.src !== '') {
        out.push({
          topic: `${req.src}/rpc`,
          payload: JSON.stringify({ id: req.id ?? null, src: plug.id, dst: req.src, result: { was_on: wasOn } }),
        });
      }
      return [...out, ...telemetry(plug, time)];
    }
  }
}

/** A relay that opens draws nothing from that moment; one that closes waits for the next step. */
function afterSwitch(plug: SimPlug): void {
  plug.watts = plug.watts.map((w, i) => (plug.on[i] ? w : 0));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
