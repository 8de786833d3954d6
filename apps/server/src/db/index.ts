export { createDatabase, openSqlite, type Store, type DatabaseConfig, type DialectName } from './create-database.js';
export { knownMigrations, migrateToLatest } from './migrations.js';
export { sqliteReaderOf } from './sqlite-reader.js';
export type * from './schema.js';
export { runDirect } from './direct-sqlite.js';
