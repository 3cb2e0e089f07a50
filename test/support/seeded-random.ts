/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32): the same sequence for the same seed on
 * every run, so a fuzz case can be replayed, a generated catalog is the same in every benchmark, and
 * injected faults fall the same way in every test run.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
