/**
 * People's-mediation statistics tables at 1,000,000 cases (the annual report bench's data), against one hand-written
 * aggregate over the same rows. The code lives in apps/server/src/reports/stats-bench.ts (server dependencies).
 */
import { runStatsBench } from '../apps/server/src/reports/stats-bench.js';

await runStatsBench();
