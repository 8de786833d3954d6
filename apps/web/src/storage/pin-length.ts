/**
 * Digits of a new PIN (see pin-rules.ts for why six). Its own module: the lock screens on the start path need the
 * number for the pad, not the rules, which load with the first PIN typed.
 */
export const PIN_MIN_LENGTH = 6;
