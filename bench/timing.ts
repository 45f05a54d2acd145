/** Timing helpers shared by the bench sections. */

/** The upper middle of the values (the middle one for an odd count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median wall time of `run` over `repetitions` runs, after one warm-up run. */
export function medianMs(run: () => void, repetitions: number): number {
  run();
  const times: number[] = [];
  for (let index = 0; index < repetitions; index += 1) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/**
 * A distribution-free interval for the median of `values`: the order statistics that bracket it
 * with at least 90% confidence, from the binomial(n, 1/2) distribution (no assumption about the
 * noise). Nine rounds give the 2nd and 8th smallest (96%).
 *
 * Example: `medianInterval([5, 1, 9, 3, 7, 2, 8, 4, 6])` gives `{ low: 2, high: 8, confidence: 0.961 }`.
 */
export function medianInterval(values: ReadonlyArray<number>): { low: number; high: number; confidence: number } {
  const sorted = [...values].sort((left, right) => left - right);
  const count = sorted.length;
  // P(X < k) for X ~ binomial(count, 1/2): the chance that fewer than k values lie below the median.
  const binomialBelow = (k: number): number => {
    let total = 0;
    let term = 0.5 ** count;
    for (let index = 0; index < k; index += 1) {
      total += term;
      term = (term * (count - index)) / (index + 1);
    }
    return total;
  };
  let best = {
    low: sorted[0] ?? Number.NaN,
    high: sorted[count - 1] ?? Number.NaN,
    confidence: 1 - 2 * binomialBelow(1),
  };
  for (let k = 2; k <= Math.floor(count / 2); k += 1) {
    const confidence = 1 - 2 * binomialBelow(k);
    if (confidence < 0.9) break;
    best = { low: sorted[k - 1], high: sorted[count - k], confidence };
  }
  return best;
}
