// What the threshold node reads from a message besides the value (the key, the ack, reset
// and report flags) and the message an alarm event goes out in. Pure: the adapter reads the
// properties, these decide what they mean.

import type { AlarmEvent } from './engine';

/** The key of messages that have none. */
export const DEFAULT_KEY = 'default';

/** A key property as text: '' when the message has none, null when it cannot be a key. */
export function keyText(k: unknown): string | null {
  if (k === undefined || k === null || k === '') return '';
  if (typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean') return String(k);
  return null;
}

/** A flag (msg.ack, msg.reset, msg.report) counts when present and not false. */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== false;

/** msg.report: a text names the key; anything else means every key (not the message's own). */
export function reportKey(flag: unknown): string | undefined {
  return typeof flag === 'string' && flag.trim() !== '' ? flag.trim() : undefined;
}

/** msg.ack / msg.reset: a text names the key; otherwise the message's own key (keyText), or every key. */
export function controlKey(flag: unknown, messageKey: string | null): string | undefined {
  if (typeof flag === 'string' && flag.trim() !== '') return flag.trim();
  return messageKey ? messageKey : undefined;
}

/** An alarm event as the message on output 1; `msgid` traces it to the message that caused it. */
export function alarmMessage(e: AlarmEvent, msgid?: string): { topic: string; payload: AlarmEvent; _msgid?: string } {
  return msgid === undefined ? { topic: `${e.key}/alarm`, payload: e } : { topic: `${e.key}/alarm`, payload: e, _msgid: msgid };
}
