// Who clicked, from what Dashboard 2.0 adds to a browser's message (msg._client) when its
// ui-base has "include client data" on: an authentication plugin puts the user there (FlowFuse's
// puts { userId, username, email, name, image }). Without such a plugin there is only the
// socket, which names no person; and Dashboard 2.0 keeps a `_client.user` that the browser
// itself sent, so without a plugin that sets it a name would be whatever a browser claims.
// A name is therefore taken only when a Dashboard plugin adds client credentials (`vouched`).

const NAME_KEYS = ['name', 'username', 'email', 'userId'] as const;
const MAX_NAME = 64;

export function clientUser(client: unknown, vouched: boolean): string | undefined {
  if (!vouched || client === null || typeof client !== 'object') return undefined;
  const user = (client as { user?: unknown }).user;
  if (typeof user === 'string') return user.trim() === '' ? undefined : user.trim().slice(0, MAX_NAME);
  if (user === null || typeof user !== 'object') return undefined;
  for (const k of NAME_KEYS) {
    const v = (user as Record<string, unknown>)[k];
    if (typeof v === 'string' && v.trim() !== '') return v.trim().slice(0, MAX_NAME);
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}

/** What a Dashboard 2.0 plugin registration looks like, as far as this check goes. */
export interface DashboardPlugin {
  hooks?: { onAddConnectionCredentials?: unknown };
}

/** Whether some Dashboard 2.0 plugin adds client credentials (an authentication plugin). */
export function pluginsVouch(plugins: readonly DashboardPlugin[]): boolean {
  return plugins.some((p) => typeof p?.hooks?.onAddConnectionCredentials === 'function');
}
