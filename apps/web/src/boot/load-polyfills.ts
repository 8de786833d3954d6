/**
 * Browsers at the floor load polyfills.ts (its own small chunk) before any app module runs; browsers that have
 * everything load nothing and start without waiting a turn.
 */
export function lacksPolyfilledApis(win: { crypto: Crypto } = globalThis): boolean {
  return typeof Array.prototype.at !== 'function' || typeof Object.hasOwn !== 'function' || typeof win.crypto.randomUUID !== 'function';
}

export function loadPolyfills(): Promise<unknown> | null {
  return lacksPolyfilledApis() ? import('./polyfills.ts') : null;
}
