import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
const minimal = (extra = '') =>
  `workloads:\n  - name: w\n    volume:\n      requestsPerDay: 1000\n    tokens:\n      inputPerRequest: 500\n      outputPerRequest: 200\n${extra}`;

function profileFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('switchyard init + plan', () => {
  it('init writes a commented profile that plans cleanly in every format', () => {
    const path = join(scratch, 'init.yaml');
    const init = runCli(['init', path]);
    expect(init.exitCode).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('# Switchyard workload profile');
    expect(runCli(['init', path]).exitCode).toBe(2);
    const table = runCli(['plan', path]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('Recommendation:');
    const json = JSON.parse(runCli(['plan', path, '--format', 'json']).stdout);
    expect(['frontier-api', 'hosted-open', 'cloud-managed', 'self-hosted', 'hybrid']).toContain(
      json.recommendation.option,
    );
    expect(json.recommendation.reasons.length).toBeGreaterThan(0);
    for (const option of json.options) {
      for (const field of [
        'id',
        'kind',
        'eligible',
        'ineligibleReasons',
        'monthlyCostUsd',
        'tcoUsd',
        'usdPerMillionTokens',
        'components',
      ])
        expect(option).toHaveProperty(field);
      for (const component of option.components)
        for (const field of ['name', 'monthlyCostUsd', 'usageBased']) expect(component).toHaveProperty(field);
    }
    expect(json.workloads).toHaveLength(1);
    const markdown = runCli(['plan', path, '--format', 'markdown']).stdout;
    expect(markdown).toMatch(/^# Switchyard plan/);
    expect(markdown).toContain('| option | eligible |');
  });

  it('writes to --out', () => {
    const out = join(scratch, 'plan.md');
    const run = runCli(['plan', profileFile('out.yaml', minimal()), '--format', 'markdown', '--out', out]);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('## Recommendation');
  });
});

describe('sanity warnings', () => {
  it('warns when a typed tokens/hour per GPU is more than 3x away from the capacity model', () => {
    // The seeds' "A100 does 30-120k tokens/hour" figure, typed for a 70B model on H100s.
    const path = profileFile('typed.yaml', minimal('    choices:\n      tokensPerHourPerGpu: 100000\n'));
    const json = JSON.parse(runCli(['plan', path, '--format', 'json']).stdout);
    const warning = json.workloads[0].warnings.find((text: string) => text.startsWith('typed throughput'));
    expect(warning).toMatch(
      /typed throughput 100,000 tokens\/hour per GPU is \d+(\.\d)?x below the capacity model's estimate of [\d,]+ for llama-3.1-70b on h100-sxm/,
    );
    const selfHosted = json.workloads[0].options.find((option: { kind: string }) => option.kind === 'self-hosted');
    expect(selfHosted.components[0].source.name).toContain('throughput: typed in the profile');
  });
});

describe('bad input exits 2 with one line per problem and no stack trace', () => {
  it('negative volume and a zero TTFT SLO', () => {
    const run = runCli([
      'plan',
      profileFile(
        'bad.yaml',
        `workloads:\n  - name: w\n    volume:\n      requestsPerDay: -5\n    tokens:\n      inputPerRequest: 500\n      outputPerRequest: 200\n    latency:\n      ttftMs: 0\n`,
      ),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('workloads[0].volume.requestsPerDay: -5 — requests per day must be greater than 0');
    expect(run.stderr).toContain(
      'workloads[0].latency.ttftMs: 0 — time-to-first-token SLO (ms) must be greater than 0',
    );
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });
  it('an unknown GPU suggests the closest ones', () => {
    const run = runCli(['plan', profileFile('gpu.yaml', minimal('    choices:\n      gpu: h100\n'))]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /workloads\[0\]\.choices\.gpu: "h100" — unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/,
    );
  });
  it('an unknown API model suggests the closest ones', () => {
    const run = runCli(['plan', profileFile('model.yaml', minimal('    choices:\n      apiModel: gpt-4.2\n'))]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/did you mean .*'openai\/gpt-4\.1'/);
  });
  it('a volume given twice', () => {
    const run = runCli([
      'plan',
      profileFile(
        'both.yaml',
        'workloads:\n  - name: w\n    volume:\n      requestsPerDay: 1000\n      tokensPerMonth: 5000000\n    tokens:\n      inputPerRequest: 500\n      outputPerRequest: 200\n',
      ),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'workloads[0].volume: {"requestsPerDay":1000,"tokensPerMonth":5000000} — give requestsPerDay or tokensPerMonth, not both (they could disagree)',
    );
  });
  it('a precision the chosen GPU lacks', () => {
    const run = runCli([
      'plan',
      profileFile('precision.yaml', minimal('    choices:\n      gpu: a100-80gb\n      precision: fp8\n')),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /workloads\[0\]\.choices\.precision: "fp8" — NVIDIA A100 .* has no fp8 support; use one of: fp16, bf16, int8, int4, or auto/,
    );
  });
  it('a YAML syntax error names the line', () => {
    const run = runCli(['plan', profileFile('syntax.yaml', 'workloads:\n  - name: [unclosed\n')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/syntax\.yaml:\d+:\d+: YAML syntax error/);
  });
  it('unknown fields, enums and a missing file', () => {
    const run = runCli([
      'plan',
      profileFile('enum.yaml', minimal('    data:\n      sensitivity: secret\n    colour: blue\n')),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'workloads[0].data.sensitivity: "secret" — must be one of: public, internal, regulated',
    );
    expect(run.stderr).toContain('unknown field(s): colour');
    const missing = runCli(['plan', join(scratch, 'nope.yaml')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('no such file (create one with: switchyard init');
  });
  it('an unsupported format', () => {
    const run = runCli(['plan', profileFile('fmt.yaml', minimal()), '--format', 'pdf']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--format: 'pdf' is not supported here; use one of: table, json, markdown, html");
  });
});

describe('switchyard crossover', () => {
  it('prints the naive and the honest answer for the seeds’ example (no crossover)', () => {
    const run = runCli([
      'crossover',
      '--api-usd-per-mtok',
      '0.30',
      '--gpu-usd-per-hour',
      '2.50',
      '--tokens-per-hour-per-gpu',
      '4000000',
      '--gpus',
      '1',
      '--format',
      'json',
    ]);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.monthlyGpuCostUsd).toBe(1800);
    expect(result.selfHostedUsdPerMillionTokens).toBeCloseTo(0.625, 10);
    expect(result.naiveCrossoverMonthlyTokens).toBeCloseTo(6e9, 0);
    expect(result.crossoverMonthlyTokens).toBeNull();
    expect(result.reason).toMatch(/no crossover/);
  });
  it('finds a crossover when the API is expensive, and rejects bad flags', () => {
    const run = runCli([
      'crossover',
      '--api-usd-per-mtok',
      '2',
      '--gpu-usd-per-hour',
      '2.50',
      '--tokens-per-hour-per-gpu',
      '4000000',
      '--fixed-usd-per-month',
      '10000',
    ]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('honest crossover (tokens/month)');
    expect(run.stdout).toContain('8.6B');
    const bad = runCli([
      'crossover',
      '--api-usd-per-mtok',
      'cheap',
      '--gpu-usd-per-hour',
      '2.5',
      '--tokens-per-hour-per-gpu',
      '4e6',
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--api-usd-per-mtok: 'cheap' must be a number greater than 0");
  });
});

describe('switchyard catalog', () => {
  it('lists entries with sources and dates, by kind', () => {
    const api = runCli(['catalog', 'list', '--kind', 'api']);
    expect(api.exitCode).toBe(0);
    expect(api.stdout).toContain('openai/gpt-4.1');
    expect(api.stdout).toContain('2025-06-01');
    expect(api.stdout).not.toContain('together/');
    const gpu = JSON.parse(runCli(['catalog', 'list', '--kind', 'gpu', '--format', 'json']).stdout);
    expect(gpu.gpuOffers.length).toBeGreaterThanOrEqual(10);
    expect(runCli(['catalog', 'list', '--kind', 'tpu']).exitCode).toBe(2);
  });
  it('imports a LiteLLM price map and lets it override a built-in price', () => {
    const litellm = join(scratch, 'model_prices_and_context_window.json');
    writeFileSync(
      litellm,
      JSON.stringify({
        sample_spec: { input_cost_per_token: 0, output_cost_per_token: 0 },
        'gpt-4.1': {
          input_cost_per_token: 1e-6,
          output_cost_per_token: 4e-6,
          cache_read_input_token_cost: 2.5e-7,
          litellm_provider: 'openai',
          mode: 'chat',
        },
        'together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo': {
          input_cost_per_token: 5e-7,
          output_cost_per_token: 5e-7,
          litellm_provider: 'together_ai',
          mode: 'chat',
        },
        'text-embedding-3-small': {
          input_cost_per_token: 2e-8,
          output_cost_per_token: 0,
          litellm_provider: 'openai',
          mode: 'embedding',
        },
      }),
    );
    const list = JSON.parse(runCli(['catalog', 'list', '--catalog', litellm, '--format', 'json']).stdout);
    const gpt = list.tokenPriced.find((entry: { id: string }) => entry.id === 'openai/gpt-4.1');
    expect(gpt.usdPerMillionInputTokens).toBeCloseTo(1, 10);
    expect(gpt.usdPerMillionOutputTokens).toBeCloseTo(4, 10);
    expect(gpt.source).toContain('LiteLLM');
    const llama = list.tokenPriced.find(
      (entry: { id: string }) => entry.id === 'together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo',
    );
    expect(llama.kind).toBe('hosted-open');
    expect(llama.openModel).toBe('llama-3.1-70b');
    expect(list.tokenPriced.some((entry: { id: string }) => entry.id.includes('embedding'))).toBe(false);
    const plan = JSON.parse(
      runCli(['plan', profileFile('lite.yaml', minimal()), '--catalog', litellm, '--format', 'json']).stdout,
    );
    const hosted = plan.workloads[0].options.find((option: { kind: string }) => option.kind === 'hosted-open');
    expect(hosted.id).toBe('hosted-open:together_ai/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo');
  });
  it('rejects a malformed catalog file with field paths', () => {
    const bad = profileFile(
      'bad-catalog.yaml',
      'tokenPriced:\n  - id: nope\n    kind: frontier-api\n    usdPerMillionInputTokens: -1\n    usdPerMillionOutputTokens: 1\n    source: x\n    asOf: yesterday\n',
    );
    const run = runCli(['catalog', 'list', '--catalog', bad]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('tokenPriced[0].id: "nope" — id must look like \'provider/model\'');
    expect(run.stderr).toContain('tokenPriced[0].asOf');
  });
});
