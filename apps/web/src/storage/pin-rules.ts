/**
 * A PIN is 4 to 6 digits and not one a thief tries first: all one digit (0000), a run up or down (1234, 654321),
 * two digits repeated (1212, 121212), or a handful of favourites (520520 "I love you", 5201314, 1314…).
 */
const favourites = new Set(['5201', '5200', '1314', '520520', '201314', '131452', '1004', '2580', '0852', '147258', '258369', '159753']);

export function pinProblem(pin: string): 'FORMAT' | 'TOO_SIMPLE' | null {
  if (!/^\d{4,6}$/.test(pin)) return 'FORMAT';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  // One step size all along: 0 is a repeated digit, 1 and 9 are runs up and down (wrapping: 7890, 8901).
  if (steps.size === 1 && [0, 1, 9].includes([...steps][0]!)) return 'TOO_SIMPLE';
  const pair = pin.slice(0, 2);
  if (pin.length % 2 === 0 && pair.repeat(pin.length / 2) === pin) return 'TOO_SIMPLE';
  if (pin.length === 6 && pin.slice(0, 3) === pin.slice(3)) return 'TOO_SIMPLE';
  if (favourites.has(pin)) return 'TOO_SIMPLE';
  return null;
}
