/**
 * The figures a drill-down can list the cases of. Keyed figures take a code (type, source, risk, body,
 * level, outcome, agreement form, court status), a month number (1–12) or a child node id. 'ledger' is every
 * case of the year's ledger (open at some time in the year): with the "synced after sign-off" filter, the cases
 * that can have changed a signed report.
 */
export const drillFigures = [
  'accepted',
  'carriedOver',
  'concluded',
  'openAtYearEnd',
  'mediated',
  'outcome',
  'type',
  'source',
  'risk',
  'body',
  'level',
  'month',
  'child',
  'group',
  'agreement',
  'court',
  'followedUp',
  'preventedCriminal',
  'preventedPetition',
  'ledger',
] as const;
export type DrillFigure = (typeof drillFigures)[number];
