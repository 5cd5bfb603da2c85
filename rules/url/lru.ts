/**
 * A map of at most `size` entries that forgets the least recently used one when full. A Map keeps
 * insertion order, so a hit moves its entry to the end and the first entry is the oldest; a few
 * lines rather than a package, which `rules/` would then carry into every context.
 */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();

  constructor(readonly size: number) {}

  get(key: K): V | undefined {
    const value = this.#map.get(key);
    if (value !== undefined) {
      this.#map.delete(key);
      this.#map.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.#map.delete(key);
    if (this.#map.size >= this.size) this.#map.delete(this.#map.keys().next().value as K);
    this.#map.set(key, value);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  get length(): number {
    return this.#map.size;
  }
}
