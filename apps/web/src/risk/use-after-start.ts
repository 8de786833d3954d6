import { useEffect, useState } from 'react';

/**
 * False until a moment after the screen first rendered: code that can wait (the risk warnings, the nil report card,
 * the limit watcher) is fetched then, outside the start bundle's budget.
 */
export function useAfterStart(delayMs = 300): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setReady(true), delayMs);
    return () => clearTimeout(timer);
  }, [delayMs]);
  return ready;
}
