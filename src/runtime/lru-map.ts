/** A Map that keeps at most `capacity` entries, dropping the least recently used (get or set) first. */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  /** `onEvict` is told of each entry dropped for capacity (not of deletes or overwrites). */
  constructor(private readonly capacity: number, private readonly onEvict?: (value: V, key: K) => void) {}

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.capacity) {
      const [oldestKey, oldest] = this.entries.entries().next().value as [K, V];
      this.entries.delete(oldestKey);
      this.onEvict?.(oldest, oldestKey);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  values(): IterableIterator<V> {
    return this.entries.values();
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
