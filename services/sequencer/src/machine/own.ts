/**
 * The state's maps are plain JSON objects keyed by outside input. `map[key]` would find
 * Object.prototype's `constructor` or `toString` for keys of those names (a start taken
 * for a duplicate, a cancel crashing on a function), and `map["__proto__"] = v` would
 * replace the prototype instead of storing an entry. These two never do either.
 */
export function getOwn<V>(map: Record<string, V>, key: string): V | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

export function setOwn<V>(map: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}
