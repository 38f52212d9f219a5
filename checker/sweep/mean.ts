// A mean across a sweep, exact where it can be: the figures of a measure that counts messages are
// integers, and a claim such as "N·H_N on average" is a fraction (25/3 for N = 4), which a
// floating-point mean would only approximate.

export interface Mean {
  readonly value: number;
  /** The mean as a fraction in lowest terms, when every figure is an integer. */
  readonly fraction: { readonly numerator: number; readonly denominator: number } | null;
}

export function meanOf(values: readonly number[]): Mean {
  const sum = values.reduce((a, b) => a + b, 0);
  const count = values.length;
  if (!values.every(Number.isInteger) || !Number.isSafeInteger(sum))
    return { value: sum / count, fraction: null };
  const divisor = gcd(Math.abs(sum), count);
  return { value: sum / count, fraction: { numerator: sum / divisor, denominator: count / divisor } };
}

/** "25/3 = 8.333333333", "6", or "8.25" when no fraction is known. */
export function describeMean(mean: Mean): string {
  const decimal = Number(mean.value.toFixed(9)).toString();
  if (mean.fraction === null) return decimal;
  if (mean.fraction.denominator === 1) return String(mean.fraction.numerator);
  return `${mean.fraction.numerator}/${mean.fraction.denominator} = ${decimal}`;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a === 0 ? 1 : a;
}
