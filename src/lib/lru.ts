/**
 * A bounded map that forgets the least recently used entry first. For caches that live as long as
 * the process — one process may audit a thousand tenants, each with values of its own, so an
 * unbounded cache would only grow.
 */
export class LruCache<K, V> {
  // A Map iterates in insertion order; re-inserting on every hit keeps the oldest use first.
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError('capacity must be a positive integer');
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value for `key`, marking it as the most recently used. */
  get(key: K): V | undefined {
    if (!this.entries.has(key)) return undefined;
    const value = this.entries.get(key) as V;
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** Stores `value`, evicting the least recently used entries beyond the capacity. */
  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  /** The cached value for `key`, computing and storing it on a miss. */
  getOrCreate(key: K, create: () => V): V {
    const cached = this.get(key);
    if (cached !== undefined || this.entries.has(key)) return cached as V;
    const value = create();
    this.set(key, value);
    return value;
  }
}
