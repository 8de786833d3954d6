/**
 * The 编号 a person reads for a case, the same on the screen and in every export: its case number (案件编号) when it
 * has one; otherwise, for a case created in the app (whose id is a UUID), '#' and the id's first 8 characters
 * ('#3f2a9c1b'), which is enough to tell the cases of one list apart and to find the case again.
 */
export function displayCaseNo(caseNo: string | null | undefined, id: string): string {
  if (caseNo && caseNo.trim()) return caseNo;
  return `#${shortCaseId(id)}`;
}

/** The first 8 characters of a case id, without the 'ledger-' prefix of imported cases and without dashes. */
export function shortCaseId(id: string): string {
  return id.replace(/^ledger-/, '').replace(/-/g, '').slice(0, 8);
}

/** Whether a 编号 is the short form of `displayCaseNo` (so an imported ledger can find the case it names). */
export function parseShortCaseNo(caseNo: string): string | null {
  const m = /^#([0-9a-z]{1,8})$/i.exec(caseNo.trim());
  return m ? m[1]!.toLowerCase() : null;
}
