/** The one spelling of DATABASE_URL that selects PostgreSQL; everything else is refused at start (see config.ts). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}
