/** What bench/ledger-import.bench.ts needs from the server's packages (resolved from here). Not used by the app. */
export { PROTOCOL_VERSION } from '@tiaojie/sync';
export { DEMO_PASSWORD } from '../seed/index.js';
export { newCaseArgs } from '../sync/sync-test-kit.js';
export { ledgerColumns } from './ledger-format.js';
