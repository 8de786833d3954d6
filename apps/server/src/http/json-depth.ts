/** Deepest nesting any request body needs (a case document is about 6 levels); deeper is refused as JSON_TOO_DEEP. */
export const MAX_JSON_DEPTH = 64;

/**
 * A push batch may carry deeper values: each mutation's own schema refuses a value deeper than its limit, and the
 * mutation is then recorded as rejected and answered, so a bad one cannot block the phone's outbox behind a 400
 * for the whole batch. Still bounded, so that parsing and the per-mutation checks stay well inside the stack.
 */
export const MAX_PUSH_JSON_DEPTH = 6_000;

/**
 * The nesting depth of JSON text, by one pass over its characters (strings skipped), without parsing: cheap
 * enough to run before JSON.parse and zod, whose recursion a deep body would otherwise drive. Malformed text
 * still gets a number; parsing reports the malformation afterwards.
 */
export function jsonDepth(text: string, stopAbove = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c /* \ */) i++;
      else if (ch === 0x22 /* " */) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAbove) return deepest;
      }
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) depth--;
  }
  return deepest;
}
