/**
 * Sets `key` as an own, enumerable property. Plain assignment would run the `__proto__` setter and
 * drop the key, yet `__proto__` is a legitimate category value and a peer may write any key.
 */
export function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}
