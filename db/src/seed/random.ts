/**
 * A small seeded PRNG so the demo directory is reproducible: the same seed yields byte-identical rows
 * on every machine, which keeps screenshots, benchmarks and test fixtures stable. Never Math.random.
 */
export interface Random {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items in random order (fewer if `items` is shorter). */
  sample<T>(items: readonly T[], count: number): T[];
}

/** mulberry32: 32-bit state, fast and good enough for fixtures (not for anything secret). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new RangeError('pick() from an empty list');
    return items[Math.floor(next() * items.length)] as T;
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick,
    sample(items, count) {
      const n = Math.min(count, items.length);
      // Few picks from a long list (specialties, networks): rejection avoids copying the list.
      if (n * 4 <= items.length) {
        const picked: number[] = [];
        while (picked.length < n) {
          const i = Math.floor(next() * items.length);
          if (!picked.includes(i)) picked.push(i);
        }
        return picked.map((i) => items[i] as (typeof items)[number]);
      }
      // Otherwise a partial Fisher–Yates on a copy, so the caller's array stays untouched.
      const copy = items.slice();
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (copy.length - i));
        const tmp = copy[i] as (typeof copy)[number];
        copy[i] = copy[j] as (typeof copy)[number];
        copy[j] = tmp;
      }
      return copy.slice(0, n);
    },
  };
}

/** Derives an independent stream, so adding clinicians never reshuffles the hospitals. */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
