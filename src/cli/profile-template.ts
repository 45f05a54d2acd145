/** The commented example profile `switchyard init` writes. Kept valid by a test. */
export const profileTemplate = `# Switchyard workload profile (schema version 1).
# Plan it with:  npx switchyard plan THIS_FILE
# Every field below except name, volume and tokens has a default; delete what you don't need.
version: 1
# pricesAsOf: 2025-06-01            # price the plan with the catalog of that date (default: today; --as-of wins)

organization:
  name: Acme Inc
  mlOpsCapacity: limited            # none | limited | dedicated
  engineerLoadedCostUsdPerYear: 180000   # fully loaded (the seeds' median)
  horizonMonths: 36                 # planning horizon for TCO
  region: us-east                   # used by data-residency checks (eu-*, us-*)
  cloudManagedMarkup: 0.3           # managed endpoints cost 20-40% over raw GPUs
  staffing:                         # hidden costs of running your own GPUs
    sreFte: 0.5                     # share of one SRE; with the ML engineer below, $18,750/month
    mlEngineerFte: 0.75             #   at $180k/yr: inside the seeds' $15k-$25k/month for the pair
    setupEngineerMonths: 2          # one-off: serving stack, autoscaling, monitoring (seeds: 1-2)
    buildPeriodMonths: 2            # months before the fleet serves; the hosted option serves meanwhile
    upgradeIntervalMonths: 6        # a new open model every 3-6 months
    upgradeEngineerMonths: 1        # effort per upgrade (re-tune, re-eval, re-deploy)
    onCallUsdPerMonth: 2000
    evalInfraUsdPerMonth: 500
    observabilityUsdPerMonth: 300
    storageGb: 500

workloads:
  - name: support-bot
    description: customer support assistant
    volume:
      requestsPerDay: 20000         # or tokensPerMonth: 1200000000
    tokens:
      inputPerRequest: 1500
      outputPerRequest: 400
      cachedInputShare: 0.3         # share of input tokens served from the prompt cache
    traffic:
      peakToMeanRatio: 2.5          # busiest hour / average hour
      monthlyGrowthRate: 0.05       # +5% per month
      pattern: business-hours       # flat | sinusoid | business-hours
      # interruptible: false        # true: spot GPUs may serve it (batch work, cheap retries)
      # offline: { deadlineHours: 24 }  # no latency SLO; a queued batch fleet may serve it
    latency:
      percentile: p95               # p95 | p99
      ttftMs: 1500                  # time-to-first-token SLO
      sloKind: hard                 # hard: an option that misses it is ruled out; priced: it pays revenueAtStake...
    data:
      sensitivity: internal         # public | internal | regulated
      residencyRequired: false
      airGapped: false
    requirements:
      fineTunedWeights: false
      reproducibility: false
      minimumQuality: open          # frontier | open
      openModels: [llama-3.3-70b, llama-3.1-70b]   # good-enough open models, best first
      # maxQualityGapPoints: 3      # rule out open models whose eval gap (checklist.qualityGapPoints) is larger
    choices:
      apiModel: gpt-4.1             # the frontier API to compare against
      gpu: h100-sxm                 # a10g l4 l40s a100-40gb a100-80gb h100-pcie h100-sxm h200 b200 mi300x, or auto (search all)
      gpuPricing: auto              # on-demand | reserved | spot | hyperscaler-on-demand | hyperscaler-committed | specialist-on-demand | spot-community | auto
      precision: auto               # fp16 | bf16 | fp8 | int8 | int4 | auto (search fp8 and bf16)
      # engine: vllm                # vllm | sglang | tensorrt-llm | tgi | auto (default: --engine)
      fleetPolicy: auto             # fixed | autoscale | scheduled | batch | auto (search)
      # gpusPerReplica: 2           # leave out to search every tensor-parallel degree
      # tokensPerHourPerGpu: 4000000  # leave out to let the capacity model estimate it
      redundancyReplicas: 1         # N+1
      hybridSelfHostedShare: 0.7
    revenueAtStakeUsdPerMonthPer100Ms: 0   # revenue lost per 100 ms over the SLO
    checklist:                      # the questions to answer before self-hosting
      # currentMonthlySpendUsd: 4000  # your token bill today, if you know it; it replaces the
      #                               # computed spend in the rules of thumb, so leave it out
      #                               # unless it is a real bill
      triedHostedOpen: false
      # upgradePlan: "platform team re-evaluates each new Llama within a sprint"
      # evalBaseline: true
`;
