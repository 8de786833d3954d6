import { sql, type RawBuilder, type SqlBool } from 'kysely';

/** Ids are [A-Za-z0-9_-], all of which sort below '~': a subtree is the half-open range [path, path + '~'). */
export function subtreeUpperBound(path: string): string {
  return `${path}~`;
}

/**
 * `column` lies in the subtree rooted at `rootPath`, for `.where(inSubtree('cases.scope_path', user.nodePath))`.
 * Written as a range so that SQLite and PostgreSQL (column in collation "C") both use the index.
 */
export function inSubtree(column: string, rootPath: string): RawBuilder<SqlBool> {
  const ref = sql.ref(column);
  return sql<SqlBool>`(${ref} >= ${rootPath} and ${ref} < ${subtreeUpperBound(rootPath)})`;
}
