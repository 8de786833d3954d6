import { PostgresAdapter, sql, type Kysely, type Migration } from 'kysely';

/** Text columns that are compared by range (paths) use the C collation on PostgreSQL, so '/' sorts bytewise as in SQLite. */
export const foundationMigration: Migration = {
  async up(db: Kysely<unknown>) {
    const pathText = isPostgres(db) ? sql`text collate "C"` : sql`text`;
    await db.schema
      .createTable('org_nodes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('parent_id', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', pathText, (c) => c.notNull().unique())
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('node_id', 'text', (c) => c.notNull().references('org_nodes.id'))
      .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('device_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema.createIndex('tokens_user').on('tokens').columns(['user_id', 'device_id']).execute();

    await db.schema
      .createTable('login_attempts')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', 'text', (c) => c.notNull())
      .addColumn('locked_until', 'text')
      .execute();

    await db.schema
      .createTable('sync_counter')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into sync_counter (id, value) values (1, 0)`.execute(db);

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .addColumn('personal', 'text', (c) => c.notNull())
      .addColumn('field_versions', 'text', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('has_conflict', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('scope_path', pathText, (c) => c.notNull())
      .addColumn('handling_node_id', 'text', (c) => c.notNull())
      .addColumn('handling_level', 'text', (c) => c.notNull())
      .addColumn('grid_id', 'text', (c) => c.notNull())
      .addColumn('community_id', 'text', (c) => c.notNull())
      .addColumn('subdistrict_id', 'text', (c) => c.notNull())
      .addColumn('district_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('risk', 'text', (c) => c.notNull())
      .addColumn('is_group', 'integer', (c) => c.notNull())
      .addColumn('people_involved', 'integer', (c) => c.notNull())
      .addColumn('reported_on', 'text', (c) => c.notNull())
      .addColumn('accepted_on', 'text', (c) => c.notNull())
      .addColumn('concluded_on', 'text')
      .addColumn('outcome', 'text')
      .addColumn('resolved_level', 'text')
      .addColumn('body', 'text')
      .addColumn('agreement_form', 'text')
      .addColumn('agreement_amount', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('court_confirmation', 'text')
      .addColumn('follow_up_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('prevented_criminal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('prevented_petition', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('cases_scope').on('cases').columns(['scope_path', 'status']).execute();
    await db.schema.createIndex('cases_sub_accepted').on('cases').columns(['subdistrict_id', 'accepted_on']).execute();
    await db.schema.createIndex('cases_sub_concluded').on('cases').columns(['subdistrict_id', 'concluded_on']).execute();
    await db.schema.createIndex('cases_grid').on('cases').columns(['grid_id', 'accepted_on']).execute();

    await db.schema
      .createTable('activities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('doc', 'text', (c) => c.notNull())
      .addColumn('field_versions', 'text', (c) => c.notNull())
      .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('node_id', 'text', (c) => c.notNull())
      .addColumn('scope_path', pathText, (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('participants', 'integer', (c) => c.notNull())
      .addColumn('disputes_found', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activities_scope_date').on('activities').columns(['scope_path', 'date']).execute();

    await db.schema
      .createTable('change_log')
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('scope_path', pathText, (c) => c.notNull())
      .addColumn('op', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('change_log_pk', ['seq', 'entity_id', 'scope_path'])
      .execute();

    await db.schema
      .createTable('devices')
      .addColumn('device_id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('last_mutation_id', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('mutations')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('mutation_id', 'bigint', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint')
      .addColumn('client_time', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('mutations_pk', ['device_id', 'mutation_id'])
      .execute();

    await db.schema
      .createTable('photos')
      .addColumn('sha256', 'text', (c) => c.primaryKey())
      .addColumn('mime', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('received', 'integer', (c) => c.notNull())
      .addColumn('complete', 'integer', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};

export function isPostgres(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
