/**
 * "Did you mean" suggestions for unknown names.
 */

/** Levenshtein distance. @example editDistance('h100', 'h200') === 1 */
export function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    let diagonal = previous[0];
    previous[0] = row;
    for (let column = 1; column <= right.length; column += 1) {
      const above = previous[column];
      previous[column] = Math.min(
        above + 1,
        previous[column - 1] + 1,
        diagonal + (left[row - 1] === right[column - 1] ? 0 : 1),
      );
      diagonal = above;
    }
  }
  return previous[right.length];
}

/**
 * The known names closest to `name` (substring matches first, then by edit distance).
 * @example closestNames('h100', ['h100-sxm', 'h100-pcie', 'a10g', 'l4']) // ['h100-sxm', 'h100-pcie', ...] (substring matches first, closest first)'h100-pcie', 'h100-sxm', ...]
 */
export function closestNames(name: string, known: ReadonlyArray<string>, limit = 3): string[] {
  const wanted = name.toLowerCase();
  return [...known]
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const contains = lower.includes(wanted) || wanted.includes(lower);
      return { candidate, score: (contains ? 0 : 100) + editDistance(wanted, lower) };
    })
    .sort((left, right) => left.score - right.score || left.candidate.localeCompare(right.candidate))
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
