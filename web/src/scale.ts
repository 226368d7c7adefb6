/** Linear scales, round tick values and the sequential colour scale, by hand (no chart library). */

export type Scale = (value: number) => number;

export function linear(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10^k). */
export function ticks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max <= min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** The largest round value ≥ max, for the top of an axis. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => m * power).find((v) => v >= max) ?? max;
}

/**
 * ColorBrewer YlGnBu, 7 classes: sequential, light to dark, safe for the common colour-vision
 * deficiencies and in greyscale. More minutes = darker.
 */
export const SEQUENTIAL = ['#ffffcc', '#c7e9b4', '#7fcdbb', '#41b6c4', '#1d91c0', '#225ea8', '#0c2c84'] as const;
export const NO_DATA = '#d9d9d9';

export interface ColorScale {
  /** Class boundaries: values below thresholds[0] get colors[0], values from thresholds[i-1] up to below thresholds[i] get colors[i]. */
  thresholds: number[];
  colors: readonly string[];
  min: number;
  max: number;
  color(value: number | null): string;
}

/** Quantile classes: each colour holds about the same number of states, so the map shows the spread. */
export function quantileScale(values: number[], colors: readonly string[] = SEQUENTIAL): ColorScale {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const min = sorted[0] ?? 0;
  const max = sorted.at(-1) ?? 0;
  const unique = [...new Set(sorted)];
  const k = Math.max(1, Math.min(colors.length, unique.length));
  const palette = k === colors.length ? colors : pick(colors, k);
  const thresholds: number[] = [];
  for (let i = 1; i < k; i++) {
    const q = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / k))]!;
    if (!thresholds.length || q > thresholds.at(-1)!) thresholds.push(q);
  }
  const used = pick(palette, thresholds.length + 1);
  return {
    thresholds,
    colors: used,
    min,
    max,
    color(value) {
      if (value === null || !Number.isFinite(value)) return NO_DATA;
      let i = 0;
      while (i < thresholds.length && value >= thresholds[i]!) i++;
      return used[i]!;
    },
  };
}

/** k colours spread over the palette, keeping both ends. */
function pick(colors: readonly string[], k: number): string[] {
  if (k >= colors.length) return [...colors];
  if (k === 1) return [colors[Math.floor(colors.length / 2)]!];
  return Array.from({ length: k }, (_, i) => colors[Math.round((i * (colors.length - 1)) / (k - 1))]!);
}
