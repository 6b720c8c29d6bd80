// Who a reading is from: an id the message gives, or a part of its MQTT topic.

const MAX_ID_LENGTH = 200;

/** An id as the reading keeps it: trimmed text; undefined when none is given, false when it is not an id. */
export function idFrom(value: unknown): string | undefined | false {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string') {
    const t = value.trim();
    if (t === '') return undefined;
    return t.length <= MAX_ID_LENGTH ? t : false;
  }
  return false;
}

/** Part `index` of topic.split('/'), trimmed; a negative index counts from the end (-1 = last). */
export function topicSegmentOf(topic: unknown, index: number): string | undefined {
  if (typeof topic !== 'string' || topic === '') return undefined;
  const parts = topic.split('/');
  const i = index < 0 ? parts.length + index : index;
  const part = i >= 0 && i < parts.length ? parts[i].trim() : '';
  return part === '' ? undefined : part;
}

/**
 * The node's "device id if none", read only when a message needs it: an id,
 * undefined when the setting is empty, false when what it gives is not an id.
 */
export function fallbackIdFrom(read: (() => unknown) | undefined): string | undefined | false {
  return read === undefined ? undefined : idFrom(read());
}
