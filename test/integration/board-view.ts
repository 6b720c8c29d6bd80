// A ward board in an example loaded with Dashboard 2.0 (exampleRun with `dashboard: true`), as
// every browser holds it: what the board sends to browsers is read from a connection added to
// the ui-base (as Dashboard 2.0's own tests do), and a browser's actions (Acknowledge, a pick)
// are handed to the widget the way Dashboard 2.0 hands a browser's widget-action to it.
import type { BoardAction, BoardMessage, TileView } from '../../ward-board/shared/wire';

export interface BoardView {
  /** The tiles a browser holds now, by key. */
  readonly tiles: Map<string, TileView>;
  /** The picked key as the browsers were told. */
  readonly picked: string | null;
  /** How many messages the browsers got from the board. */
  readonly messages: number;
  /** A browser's Acknowledge on a tile (`client`: what Dashboard adds as msg._client). */
  ack(key: string, client?: Record<string, unknown>): void;
  /** A browser's click on a tile (null: picked again, which unpicks). */
  pick(key: string | null): void;
}

/** Summary of a tile's alarms for assertions: "<severity> acked|unacked" each. */
export const alarmsOf = (tile: TileView | undefined): string[] | undefined =>
  tile?.a.map((a) => `${a.severity} ${a.acked ? 'acked' : 'unacked'}`);

/** What this file uses of Dashboard 2.0's ui-base node (nodes/config/ui_base.js). */
interface UiBase {
  uiShared: { connections: Record<string, { id: string; emit(event: string, msg: { payload: BoardMessage }): void }> };
  ui: { widgets: Map<string, { hooks: { beforeSend(msg: object): unknown } }> };
}

export function watchBoard(helper: { getNode(id: string): unknown }, baseId: string, boardId: string): BoardView {
  const tiles = new Map<string, TileView>();
  let picked: string | null = null;
  let messages = 0;
  const base = helper.getNode(baseId) as UiBase | null;
  if (!base) throw new Error(`no ui-base ${baseId} loaded`);
  base.uiShared.connections[`watch-${boardId}`] = {
    id: `watch-${boardId}`,
    emit(event: string, msg: { payload: BoardMessage }) {
      if (event !== `msg-input:${boardId}`) return;
      messages++;
      const m = msg.payload;
      if (m.kind === 'snapshot') tiles.clear();
      for (const k of m.removed ?? []) tiles.delete(k);
      for (const t of m.tiles) tiles.set(t.key, t);
      if (m.picked !== undefined) picked = m.picked;
    },
  };
  const widget = base.ui.widgets.get(boardId);
  if (!widget) throw new Error(`no widget ${boardId} registered with ${baseId}`);
  const act = (payload: BoardAction, client?: Record<string, unknown>) =>
    widget.hooks.beforeSend(client ? { payload, _client: client } : { payload });
  return {
    tiles,
    get picked() {
      return picked;
    },
    get messages() {
      return messages;
    },
    ack: (key, client) => act({ action: 'ack', key }, client),
    pick: (key) => act({ action: 'pick', key }),
  };
}
