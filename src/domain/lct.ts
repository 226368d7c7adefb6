/** The metric's own rules: how LCT is rounded, which values are valid, when a run's QA passes. */

/** LCT is stored rounded half-to-even to this many decimals (0.125 → 0.12). */
export const LCT_DECIMALS = 2;

/** Valid ⇔ 0 < LCT ≤ MAX_VALID_LCT (a school day has no more minutes than this). */
export const MAX_VALID_LCT = 360;

/** A run's QA status is PASS when every hierarchy check holds and at least this share of rows is valid. */
export const QA_PASS_RATE_PERCENT = 99;

export type QaStatus = 'PASS' | 'WARNING';

/** numerator / denominator rounded half to even to an integer, exactly (denominator > 0). */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let q = n / denominator;
  const twice = 2n * (n % denominator);
  if (twice > denominator || (twice === denominator && q % 2n === 1n)) q += 1n;
  return negative ? -q : q;
}
