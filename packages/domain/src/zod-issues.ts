import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. 'parties.p1.personal.idNumber'. */
  path: string;
  /** A validation code from `validationMessages` or zod's own issue code. */
  code: string;
  message: string;
  /** For a value too long or too large: its maximum. */
  max?: number;
}

/** Flattens zod issues into field issues whose path names the offending field. */
export function zodIssuesToFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.') || '(root)';
    const isCode = /^[A-Z][A-Z0-9_]+$/.test(issue.message);
    const out: FieldIssue = { path, code: isCode ? issue.message : issue.code, message: issue.message };
    if (issue.code === 'too_big' && typeof issue.maximum === 'number') out.max = issue.maximum;
    return out;
  });
}
