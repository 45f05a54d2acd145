/** The eval result model (`switchyard eval`): built by app/eval.ts, rendered by eval-report.ts and as JSON (`--out`). */
import type { ShareInterval } from '../core/measure/statistics.ts';
import type { MeasuredQualityGap } from '../core/workload/measured.ts';

/** One item's run on one route. */
export interface EvalAttempt {
  itemId: string;
  answer: string | null;
  /** Null when the route failed on this item after its retries (counted as wrong). */
  error: string | null;
  correct: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  /** Null when the model's price is unknown ("depends on usage"). */
  costUsd: number | null;
  latencyMs: number | null;
  /** Model the upstream said answered. */
  model: string | null;
}

export interface EvalRouteSummary {
  route: string;
  items: number;
  correct: number;
  failedRequests: number;
  score: ShareInterval;
  /** Mean cost per item (null when any item's price is unknown). */
  costUsdPerItem: number | null;
  costUsdPer1kItems: number | null;
  latencyMs: { p50: number; p95: number } | null;
  inputTokens: number;
  outputTokens: number;
}

export interface EvalResult {
  report: 'switchyard.eval';
  set: string;
  routes: [EvalRouteSummary, EvalRouteSummary];
  paired: {
    items: number;
    bothRight: number;
    onlyBaseline: number;
    onlyCandidate: number;
    bothWrong: number;
    /** Exact McNemar (two-sided sign test on the discordant items). */
    pValue: number;
    /** Baseline score minus candidate score, in points, with a 95% interval (normal approximation for paired shares). */
    gapPoints: number;
    gapIntervalPoints: { low: number; high: number };
    significant: boolean;
  };
  /** Candidate cost / baseline cost per item (null when a price is unknown). */
  costRatio: number | null;
  verdict: string;
  disagreements: Array<{
    itemId: string;
    baselineCorrect: boolean;
    candidateCorrect: boolean;
    baselineAnswer: string | null;
    candidateAnswer: string | null;
  }>;
  /** What plan --eval reads: measured.qualityGap. */
  qualityGap: MeasuredQualityGap;
  attempts: Record<string, EvalAttempt[]>;
}
