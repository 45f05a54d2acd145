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
