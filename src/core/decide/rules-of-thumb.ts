/**
 * The seeds' rules of thumb, as data, shown next to the model's answer so a reader sees
 * where the quick rules and the cost model agree or disagree.
 */
import type { Organization, Workload } from '../workload/schema.ts';
import type { OptionKind, RuleOfThumb } from './types.ts';

export interface RuleFacts {
  workload: Workload;
  organization: Organization;
  tokensPerMonth: number;
  /** Monthly spend on the frontier API (the "hosted spend" the rules speak of). */
  hostedSpendUsdPerMonth: number;
}

interface RuleDefinition {
  id: string;
  source: string;
  text: string;
  when: (facts: RuleFacts) => boolean;
  verdict: (facts: RuleFacts) => OptionKind[];
}

const hosted: OptionKind[] = ['frontier-api', 'hosted-open'];

export const rulesOfThumb: RuleDefinition[] = [
  {
    id: 'spend-under-10k',
    source: 'seed: production model selection',
    text: 'inference spend under $10k/month: use hosted APIs',
    when: (facts) => facts.hostedSpendUsdPerMonth < 10_000,
    verdict: () => hosted,
  },
  {
    id: 'p99-under-150ms',
    source: 'seed: production model selection',
    text: 'P99 latency target under 150 ms: self-host or colocate',
    when: (facts) => facts.workload.latency.percentile === 'p99' && (facts.workload.latency.ttftMs ?? Infinity) < 150,
    verdict: () => ['self-hosted'],
  },
  {
    id: 'spend-over-50k',
    source: 'seed: production model selection',
    text: 'over $50k/month on tokens: run a 3-year TCO; self-hosting or a hybrid is often cost-effective',
    when: (facts) => facts.hostedSpendUsdPerMonth > 50_000,
    verdict: () => ['self-hosted', 'hybrid'],
  },
  {
    id: 'tokens-under-10m',
    source: 'seed: production model selection',
    text: 'under 10M tokens/month: hosted APIs are cheaper and faster to iterate with',
    when: (facts) => facts.tokensPerMonth < 10e6,
    verdict: () => hosted,
  },
  {
    id: 'regulated',
    source: 'seed: API vs self-hosted decision matrix',
    text: 'regulated data: self-hosted, or cloud-managed when there is no ML-ops capacity',
    when: (facts) => facts.workload.data.sensitivity === 'regulated',
    verdict: (facts) => (facts.organization.mlOpsCapacity === 'none' ? ['cloud-managed'] : ['self-hosted']),
  },
  {
    id: 'under-500m-tokens',
    source: 'seed: API vs self-hosted decision matrix',
    text: 'under ~500M tokens/month: API inference (ops savings outweigh the cost premium)',
    when: (facts) => facts.workload.data.sensitivity !== 'regulated' && facts.tokensPerMonth < 500e6,
    verdict: () => hosted,
  },
  {
    id: 'over-5b-tokens',
    source: 'seed: API vs self-hosted decision matrix',
    text: 'over ~5B tokens/month: self-hosted with a dedicated ML-ops team, otherwise cloud-managed',
    when: (facts) => facts.workload.data.sensitivity !== 'regulated' && facts.tokensPerMonth > 5e9,
    verdict: (facts) => (facts.organization.mlOpsCapacity === 'dedicated' ? ['self-hosted'] : ['cloud-managed']),
  },
  {
    id: 'mid-range-tokens',
    source: 'seed: API vs self-hosted decision matrix',
    text: '500M-5B tokens/month: self-hosted only with a dedicated ML-ops team, otherwise API',
    when: (facts) =>
      facts.workload.data.sensitivity !== 'regulated' && facts.tokensPerMonth >= 500e6 && facts.tokensPerMonth <= 5e9,
    verdict: (facts) => (facts.organization.mlOpsCapacity === 'dedicated' ? ['self-hosted'] : hosted),
  },
  {
    id: 'hosted-spend-under-30k',
    source: 'seed: on-prem vs cloud-hosted models',
    text: 'hosted spend under $30k/month: self-hosting probably does not pay back',
    when: (facts) => facts.hostedSpendUsdPerMonth < 30_000,
    verdict: () => ['frontier-api', 'hosted-open', 'cloud-managed'],
  },
  {
    id: 'no-ml-ops',
    source: 'seed: on-prem vs cloud-hosted models',
    text: 'no dedicated ML-ops person: stay hosted',
    when: (facts) => facts.organization.mlOpsCapacity === 'none',
    verdict: () => ['frontier-api', 'hosted-open', 'cloud-managed'],
  },
  {
    id: 'hosted-open-first',
    source: 'seed: on-prem vs cloud-hosted models',
    text: 'try hosted-open before self-hosting: open-model economics without a GPU cluster',
    when: (facts) =>
      facts.workload.checklist.triedHostedOpen !== true &&
      facts.workload.requirements.minimumQuality === 'open' &&
      facts.workload.data.sensitivity !== 'regulated',
    verdict: () => ['hosted-open'],
  },
];

/**
 * Evaluates every rule; `agrees` compares an applying rule's verdict with the model's choice.
 * @example
 * // 600M tokens/month, $1,965/month frontier spend, model picks hosted-open:
 * // 'spend-under-10k' applies, verdict [frontier-api, hosted-open], agrees: true
 */
export function evaluateRulesOfThumb(facts: RuleFacts, chosen: OptionKind): RuleOfThumb[] {
  return rulesOfThumb.map((rule) => {
    const applies = rule.when(facts);
    const verdict = applies ? rule.verdict(facts) : [];
    return {
      id: rule.id,
      source: rule.source,
      text: rule.text,
      applies,
      verdict,
      agrees: applies ? verdict.includes(chosen) : null,
    };
  });
}
