// The MQTT client id of the example flows' broker node, `${HE_MQTT_CLIENT_ID}`. A persistent
// session is found by its client id: it must stay the same across restarts and differ between
// two Node-REDs on one broker (the broker drops the older of two clients with one id). Node-RED
// leaves `${NAME}` as it is when the variable is unset, so the pack sets it unless the user has.
import { createHash } from 'crypto';
import os from 'os';
import path from 'path';

export const CLIENT_ID_VAR = 'HE_MQTT_CLIENT_ID';

/**
 * `nr-<host>-<hash>`: at most 22 characters of [a-z0-9-], within the 23 every MQTT 3.1.1 broker
 * must accept. <host>, the host name's first label cut to 10 characters, is only to be readable;
 * <hash> covers the whole host name and the user directory, so two hosts with one prefix, or two
 * Node-REDs on one host, get different ids.
 */
export function defaultClientId(hostname: string, userDir: string): string {
  const label =
    hostname
      .split('.')[0]
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 10)
      .replace(/-+$/, '') || 'host';
  const hash = createHash('sha256').update(`${hostname}\n${userDir}`).digest('hex').slice(0, 8);
  return `nr-${label}-${hash}`;
}

/** Sets env[HE_MQTT_CLIENT_ID] unless it holds a non-blank value (the user's choice wins); returns the id in use. */
export function setDefaultClientId(
  userDir: unknown,
  env: Record<string, string | undefined> = process.env,
  hostname = os.hostname(),
): string {
  const own = env[CLIENT_ID_VAR];
  if (own !== undefined && own.trim() !== '') return own;
  const dir = typeof userDir === 'string' && userDir !== '' ? path.resolve(userDir) : '';
  const id = defaultClientId(hostname, dir);
  env[CLIENT_ID_VAR] = id;
  return id;
}
