/** Deepest nesting any request body needs (a case document is about 6 levels); deeper is refused as JSON_TOO_DEEP. */
export const MAX_JSON_DEPTH = 64;

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
