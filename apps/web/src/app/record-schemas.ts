/**
 * The shared zod schemas local records are parsed with. Building them is the largest part of loading storage,
 * so StoreProvider imports this first, in a task of its own (see loadStorage in store-context.tsx).
 */
export { activitySchema, caseSchema } from '@tiaojie/domain';
