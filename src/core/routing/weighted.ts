/**
 * The one weighted picker of the gateway (Portkey wrote theirs twice; we do not).
 */

export interface WeightedEntry<T> {
  value: T;
  /** Relative weight, >= 0; zero means never picked. */
  weight: number;
}

/**
 * Index of the entry a uniform draw in [0, 1) lands on, or -1 when every weight is zero.
 * Entries own consecutive slices of [0, total) in order.
 * @example pickWeightedIndex([70, 30], 0.69) === 0; pickWeightedIndex([70, 30], 0.7) === 1 // 0.7 * 100 = 70 falls in the second slice
 */
export function pickWeightedIndex(weights: ReadonlyArray<number>, draw: number): number {
  let total = 0;
  for (const weight of weights) total += Math.max(weight, 0);
  if (total <= 0) return -1;
  let point = draw * total;
  let lastPositive = -1;
  for (let index = 0; index < weights.length; index += 1) {
    const weight = weights[index];
    if (weight <= 0) continue;
    lastPositive = index;
    if (point < weight) return index;
    point -= weight;
  }
  return lastPositive;
}

/**
 * Orders entries by repeated weighted draws without replacement: the first is the weighted
 * pick, the rest follow in weighted order (they serve as fallbacks). Zero weights are dropped.
 * @example weightedOrder([{value:'a',weight:70},{value:'b',weight:30}], () => 0.8) // ['b', 'a']: 0.8*100 = 80 lands on b, then a is all that is left
 */
export function weightedOrder<T>(entries: ReadonlyArray<WeightedEntry<T>>, random: () => number): T[] {
  const remaining: WeightedEntry<T>[] = [];
  for (const entry of entries) if (entry.weight > 0) remaining.push(entry);
  if (remaining.length === 1) return [remaining[0].value];
  const ordered: T[] = [];
  const weights: number[] = [];
  while (remaining.length > 0) {
    // Reuses one weights array instead of mapping a new one per draw (this runs on every request).
    weights.length = 0;
    for (const entry of remaining) weights.push(entry.weight);
    const index = pickWeightedIndex(weights, random());
    ordered.push(remaining[index].value);
    remaining.splice(index, 1);
  }
  return ordered;
}
