// The tiles without an active alarm, least recently updated first: the ones a new key may
// replace when the board is full. A doubly linked list through the tiles themselves, so that
// moving a tile to the newest end on each reading is a few reference writes. (A Set kept in
// that order, a delete and an add per reading, costs in proportion to the keys held: V8 leaves
// a hole per delete and rebuilds the table as they add up; 8 µs per reading at 100,000 keys.)

export interface Linked<T> {
  older: T | null;
  newer: T | null;
  /** Whether the tile is in the list. */
  listed: boolean;
}

export class RecencyList<T extends Linked<T>> {
  private oldestItem: T | null = null;
  private newestItem: T | null = null;
  size = 0;

  /** The least recently moved item, or null when the list is empty. */
  get oldest(): T | null {
    return this.oldestItem;
  }

  /** Puts the item at the newest end (moving it there when it is already in). */
  touch(item: T): void {
    if (item.listed) {
      if (item === this.newestItem) return;
      this.unlink(item);
    }
    item.older = this.newestItem;
    item.newer = null;
    if (this.newestItem) this.newestItem.newer = item;
    else this.oldestItem = item;
    this.newestItem = item;
    item.listed = true;
    this.size++;
  }

  remove(item: T): void {
    if (item.listed) this.unlink(item);
  }

  /** Empties the list; its items are being dropped, so their links are left as they are. */
  clear(): void {
    this.oldestItem = this.newestItem = null;
    this.size = 0;
  }

  private unlink(item: T): void {
    if (item.older) item.older.newer = item.newer;
    else this.oldestItem = item.newer;
    if (item.newer) item.newer.older = item.older;
    else this.newestItem = item.older;
    item.older = item.newer = null;
    item.listed = false;
    this.size--;
  }
}
