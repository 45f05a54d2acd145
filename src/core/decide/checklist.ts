/**
 * The seeds' decision checklist: questions a profile should answer before anyone
 * commits to self-hosting. Returns the ones this workload leaves open.
 */
import type { Workload } from '../workload/schema.ts';

const questions: Array<{ question: string; answered: (workload: Workload) => boolean }> = [
  {
    question: 'What is our current hosted spend per month? (checklist.currentMonthlySpendUsd)',
    answered: (workload) => workload.checklist.currentMonthlySpendUsd !== undefined,
  },
  {
    question: 'Have we run this workload on a hosted open model first? (checklist.triedHostedOpen)',
    answered: (workload) => workload.checklist.triedHostedOpen !== undefined,
  },
  {
    question:
      'Who re-tunes, re-evaluates and re-deploys when a new open model lands every 3-6 months? (checklist.upgradePlan)',
    answered: (workload) => workload.checklist.upgradePlan !== undefined,
  },
  {
    question:
      'Have we run evals on the open model against the current one (quality baseline)? (checklist.evalBaseline)',
    answered: (workload) => workload.checklist.evalBaseline !== undefined,
  },
  {
    question: 'What is the latency SLO (TTFT at p95/p99)? (latency.ttftMs)',
    answered: (workload) => workload.latency.ttftMs !== undefined,
  },
  {
    question: 'What revenue is at stake per 100 ms of latency? (revenueAtStakeUsdPerMonthPer100Ms)',
    answered: (workload) => workload.revenueAtStakeUsdPerMonthPer100Ms > 0,
  },
];

/** @example unansweredQuestions(minimalWorkload).length === 6 */
export function unansweredQuestions(workload: Workload): string[] {
  return questions.filter((entry) => !entry.answered(workload)).map((entry) => entry.question);
}
