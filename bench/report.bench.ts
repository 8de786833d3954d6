/**
 * Annual report benchmark: 1,000,000 generated cases, report for one sub-district and the whole district on
 * SQLite and PostgreSQL, against one hand-written GROUP BY over the same rows. The code lives in
 * apps/server/src/reports/report-bench.ts so that it resolves the server's dependencies.
 */
import { runReportBench } from '../apps/server/src/reports/report-bench.js';

await runReportBench();
