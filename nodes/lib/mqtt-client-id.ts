// The MQTT client id of the example flows' broker node, `${HE_MQTT_CLIENT_ID}`. A persistent
// session is found again by its client id, so the id must stay the same across restarts of one
// Node-RED, and differ between two Node-REDs on one broker (the broker drops the older of two
// clients with the same id, and they would take turns knocking each other off). Node-RED
// substitutes an environment variable only when a property is exactly `${NAME}`, and leaves
// the text as it is when the variable is unset, which would give every host the same id: so
// the pack sets the variable, when Node-RED loads it, unless the user has set it.
import { createHash } from 'crypto';
import os from 'os';
import path from 'path';

/** The environment variable the example flows' mqtt-broker node takes its client id from. */
export const CLIENT_ID_VAR = 'HE_MQTT_CLIENT_ID';

/** Characters of the host name kept in the id, so that a user can tell whose session it is. */
const HOST_CHARS = 10;
/** Hex digits of the hash of host name and user directory: what makes the id unique. */
const HASH_CHARS = 8;

/**
 * `nr-<host>-<hash>`: at most 22 characters of [a-z0-9-] ("nr-" + 10 + "-" + 8), within the
 * 23 that MQTT 3.1.1 obliges every broker to accept. <host> is the host name's first label,
 * cut to 10 characters, only to be readable; <hash> covers the whole host name and the user
 * directory, so two hosts whose names share the first 10 characters, or two Node-REDs on one
 * host (each has its own user directory), get different ids.
 */
export function defaultClientId(hostname: string, userDir: string): string {
  const label =
    hostname
      .split('.')[0]
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, HOST_CHARS)
      .replace(/-+$/, '') || 'host';
  const hash = createHash('sha256').update(`${hostname}\n${userDir}`).digest('hex').slice(0, HASH_CHARS);
  return `nr-${label}-${hash}`;
}

/**
 * Sets env[HE_MQTT_CLIENT_ID] to defaultClientId() unless it holds a non-blank value already
 * (the user's own choice wins). Returns the id in use.
 */
export function applyDefaultClientId(
  env: Record<string, string | undefined>,
  hostname: string,
  userDir: string,
): string {
  const own = env[CLIENT_ID_VAR];
  if (own !== undefined && own.trim() !== '') return own;
  const id = defaultClientId(hostname, userDir);
  env[CLIENT_ID_VAR] = id;
  return id;
}

/** What each node module calls when Node-RED loads it: this process, this host, this user directory. */
export function setDefaultClientId(userDir: unknown): string {
  const dir = typeof userDir === 'string' && userDir !== '' ? path.resolve(userDir) : '';
  return applyDefaultClientId(process.env, os.hostname(), dir);
}
