// Removing a persistent MQTT session from a broker. The example flows keep one (clean session
// off, no unsubscribe on disconnect), so a broker holds their subscriptions, and queues every
// matching message, after Node-RED has gone. A demo or a test run that is over must leave
// nothing queuing on a broker that outlives it: it connects once more under the same client id
// with clean session on, which makes the broker discard the old session (MQTT 3.1.1 §3.1.2.4),
// and disconnects, which ends the clean one.
import mqtt, { IClientOptions, MqttClient } from 'mqtt';

/** Connects and resolves with the client and the CONNACK's session-present flag. */
function connect(
  url: string,
  options: IClientOptions,
  timeoutMs: number,
): Promise<{ client: MqttClient; sessionPresent: boolean }> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { ...options, reconnectPeriod: 0, connectTimeout: timeoutMs });
    const fail = (err: Error) => {
      client.end(true);
      reject(err);
    };
    client.once('error', fail);
    client.once('close', () => fail(new Error(`${url} closed the connection of ${options.clientId}`)));
    client.once('connect', (connack) => {
      client.removeAllListeners('error');
      client.removeAllListeners('close');
      client.on('error', () => undefined);
      resolve({ client, sessionPresent: connack.sessionPresent });
    });
  });
}

/**
 * Removes the session of `clientId`; resolves with whether the broker still held one. Run it
 * after the client that used the id has disconnected (it would be thrown off otherwise).
 */
export async function removeSession(url: string, clientId: string, timeoutMs = 5000): Promise<{ hadSession: boolean }> {
  // clean: false first, only to learn from the CONNACK whether a session was there.
  const look = await connect(url, { clientId, protocolVersion: 4, clean: false }, timeoutMs);
  await look.client.endAsync(true);
  const clean = await connect(url, { clientId, protocolVersion: 4, clean: true }, timeoutMs);
  await clean.client.endAsync();
  return { hadSession: look.sessionPresent };
}
