import type { AppDeps } from '../http/app-env.js';
import type { createRouter } from '../http/openapi-hook.js';

/** Ledger import: filled in once the sync mutation applier exists (see ledger-import.ts). */
export function createImportRoute(_router: ReturnType<typeof createRouter>, _deps: AppDeps): void {}
