// What a browser holds of the board: every tile the server sent (up to its max keys), the pick,
// and how far the server's clock is from this one. Snapshots replace, batches merge.

import { keyPlaces, sortTiles } from '../../shared/order';
import type { BoardMessage, TileView } from '../../shared/wire';

export interface Visible {
  /** The tiles to draw, most urgent first: those the filter leaves, at most `cap`. */
  tiles: TileView[];
  /** How many tiles the filter leaves. */
  matched: number;
  /** How many tiles the board holds. */
  total: number;
}

export class BoardModel {
  readonly tiles = new Map<string, TileView>();
  picked: string | null = null;
  /** The server's clock minus this browser's, ms. */
  offset = 0;
  /** Whether a snapshot came since the page loaded. */
  loaded = false;
  /** The keys' places in key order (order.ts), until a key comes or goes. */
  private places: Map<string, number> | null = null;

  apply(msg: BoardMessage, clientNow: number): void {
    this.offset = msg.now - clientNow;
    if (msg.kind === 'snapshot') {
      this.tiles.clear();
      this.loaded = true;
      this.places = null;
    }
    for (const key of msg.removed ?? []) if (this.tiles.delete(key)) this.places = null;
    for (const tile of msg.tiles) {
      const held = this.tiles.get(tile.key);
      if (!held) this.places = null;
      // A batch carries the sparkline only when it changed.
      this.tiles.set(tile.key, tile.sp === undefined && held?.sp !== undefined ? { ...tile, sp: held.sp } : tile);
    }
    if (msg.picked !== undefined) this.picked = msg.picked;
  }

  visible(filter: string, cap: number): Visible {
    const needle = filter.trim().toLowerCase();
    const matching: TileView[] = [];
    for (const tile of this.tiles.values()) {
      if (needle === '' || tile.key.toLowerCase().includes(needle)) matching.push(tile);
    }
    this.places ??= keyPlaces(this.tiles.keys());
    return { tiles: sortTiles(matching, this.places).slice(0, cap), matched: matching.length, total: this.tiles.size };
  }
}
