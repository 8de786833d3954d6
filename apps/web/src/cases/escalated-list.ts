/** The case list's status filter value for 已上报: the read-only traces of cases escalated out of the user's area. */
export const ESCALATED_STATUS = 'escalated-away';

/** The case list with that filter (`linkHandler({ name: 'cases' }, escalatedListQuery)`). */
export const escalatedListQuery = `?status=${ESCALATED_STATUS}` as const;
