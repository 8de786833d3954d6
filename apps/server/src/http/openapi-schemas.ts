import { z } from '@hono/zod-openapi';
import { errorCodes } from '@tiaojie/domain';

export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      requestId: z.string().optional(),
      issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
    }),
  })
  .openapi('Error');

const errorContent = { 'application/json': { schema: errorSchema } };

/** Standard error responses to spread into a route's `responses`. */
export const errorResponses = {
  400: { description: 'Invalid request; `issues` names the offending fields', content: errorContent },
  401: { description: 'Missing, expired or revoked token', content: errorContent },
  403: { description: 'Not allowed for this role', content: errorContent },
  404: { description: 'Not found, or outside your subtree', content: errorContent },
} as const;

export const bearerSecurity = [{ bearerAuth: [] as string[] }];
