export { createDatabase, openSqlite, type Store, type DatabaseConfig, type DialectName } from './create-database.js';
export { migrateToLatest } from './migrations.js';
export type * from './schema.js';
