/**
 * The figures a drill-down can list the cases of. Keyed figures take a code (type, source, risk, body,
 * level, outcome, agreement form, court status), a month number (1–12) or a child node id.
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
] as const;
export type DrillFigure = (typeof drillFigures)[number];
