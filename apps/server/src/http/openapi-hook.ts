import { zodIssuesToFieldIssues } from '@tiaojie/domain';
import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import { validationError } from './api-error.js';
import type { AppEnv } from './app-env.js';

/** Every route validator failure becomes the same 400 naming the offending field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, AppEnv, any, any> = (result) => {
  if (!result.success) throw validationError(zodIssuesToFieldIssues(result.error));
};

/** A router for one feature; mount it in app.ts. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}

export const errorResponseSchemaRef = { $ref: '#/components/schemas/Error' } as const;
