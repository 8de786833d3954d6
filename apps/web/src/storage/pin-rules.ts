import { PIN_MIN_LENGTH } from './pin-length.ts';

/**
 * A new PIN has 6 digits: the PIN is all that guards a copied IndexedDB against offline guessing (the five-try rule
 * binds only the app), and PBKDF2 at 310,000 iterations costs ~0.1 s a guess on one core of the build machine, so 10^4
 * four-digit PINs fall in ~18 minutes and 10^6 six-digit ones take ~29 hours (NOTES-h-pin.md). PINs set before this
 * rule (4 or 5 digits) still unlock; the rule applies when a PIN is set or changed.
 *
 * And not one a thief tries first: all one digit (000000), a run up or down (123456, 654321, wrapping 890123), two
 * digits repeated (121212), three repeated (520520), or a handful of favourites (pad patterns like 147258, pairs
 * like 112233, 201314 "爱你一生一世"). Birthdays (YYMMDD) are a thief's next guess but ~3.6% of all PINs: not refused.
 */
const favourites = new Set([
  '520520', '201314', '131452', '147258', '258369', '159753', '159357', '147369', '789456', '456123', '112233', '332211', '445566', '778899',
  '998877', '123321', '147852', '741852', '963852', '369258', '258456', '100200',
]);

export function pinProblem(pin: string): 'FORMAT' | 'TOO_SIMPLE' | null {
  if (pin.length !== PIN_MIN_LENGTH || !/^\d+$/.test(pin)) return 'FORMAT';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  // One step size all along: 0 is a repeated digit, 1 and 9 are runs up and down (wrapping: 7890, 8901).
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0]!)) return 'TOO_SIMPLE';
  const pair = pin.slice(0, 2);
  if (pair.repeat(3) === pin) return 'TOO_SIMPLE';
  if (pin.slice(0, 3) === pin.slice(3)) return 'TOO_SIMPLE';
  if (favourites.has(pin)) return 'TOO_SIMPLE';
  return null;
}
