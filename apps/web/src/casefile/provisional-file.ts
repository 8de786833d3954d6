/**
 * Whether this device showed (and so may have printed) a case's file under its provisional number. Only then does
 * the case say, once the final number arrives, that papers printed earlier need printing again: every new case got
 * that notice after its first sync, printed or not. Case ids only; no party data.
 */
const key = (caseId: string) => `tiaojie.provisionalFile.${caseId}`;

export function rememberProvisionalFile(caseId: string): void {
  try {
    localStorage.setItem(key(caseId), '1');
  } catch {
    // Private mode or a full disk: the notice then stays away, as for a file never opened.
  }
}

export function wasFileShownProvisional(caseId: string): boolean {
  try {
    return localStorage.getItem(key(caseId)) === '1';
  } catch {
    return false;
  }
}

/** Signing out or a revoked device wipes the cases, so what was shown of them goes too. */
export function forgetProvisionalFiles(): void {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(key(''))) localStorage.removeItem(k);
  } catch {
    // Storage not reachable: nothing was remembered either.
  }
}
