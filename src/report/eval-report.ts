/** Terminal rendering of an eval result (`switchyard eval`): per-route table, the paired comparison, the verdict, disagreements. */
import type { EvalResult } from './eval-model.ts';
import { renderTextTable } from './text-table.ts';

/**
 * The eval result as text.
 * @example renderEvalText(result) // 'route  items  right  score (95% Wilson) ...\n...verdict: B is within 14.2 points of A ...'
 */
export function renderEvalText(result: EvalResult): string {
  const usd = (value: number | null, digits: number) =>
    value === null ? 'depends on usage' : `$${value.toFixed(digits)}`;
  const routes = renderTextTable(
    [
      'route',
      'items',
      'right',
      'score (95% Wilson)',
      'USD/item',
      'USD/1k items',
      'p50 ms',
      'p95 ms',
      'failed requests',
    ],
    result.routes.map((route) => [
      route.route,
      route.items,
      route.correct,
      `${(route.score.share * 100).toFixed(1)}% (${(route.score.low * 100).toFixed(1)}-${(route.score.high * 100).toFixed(1)})`,
      usd(route.costUsdPerItem, 6),
      usd(route.costUsdPer1kItems, 2),
      route.latencyMs === null ? 'n/a' : Math.round(route.latencyMs.p50),
      route.latencyMs === null ? 'n/a' : Math.round(route.latencyMs.p95),
      route.failedRequests,
    ]),
  );
  const paired = result.paired;
  const [baseline, candidate] = result.routes.map((route) => route.route);
  const lines = [
    routes,
    '',
    `paired on ${paired.items} items: both right ${paired.bothRight}, only ${baseline} ${paired.onlyBaseline}, only ${candidate} ${paired.onlyCandidate}, both wrong ${paired.bothWrong}`,
    `gap ${paired.gapPoints.toFixed(1)} points (95% ${paired.gapIntervalPoints.low.toFixed(1)} to ${paired.gapIntervalPoints.high.toFixed(1)}), exact McNemar p = ${paired.pValue.toPrecision(2)}`,
    `cost ratio ${candidate}/${baseline}: ${result.costRatio === null ? 'unknown (a price is missing)' : result.costRatio.toFixed(3)}`,
    '',
    `verdict: ${result.verdict}`,
  ];
  if (result.disagreements.length > 0) {
    lines.push('', `items where the routes disagree (${result.disagreements.length}, first 10):`);
    for (const entry of result.disagreements.slice(0, 10))
      lines.push(
        `  ${entry.itemId}: ${baseline} ${entry.baselineCorrect ? 'right' : 'wrong'}, ${candidate} ${entry.candidateCorrect ? 'right' : 'wrong'} (${JSON.stringify((entry.candidateCorrect ? entry.baselineAnswer : entry.candidateAnswer)?.slice(0, 60) ?? null)})`,
      );
  }
  return `${lines.join('\n')}\n`;
}
