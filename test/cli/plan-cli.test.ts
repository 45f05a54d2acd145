/**
 * The CLI as a user sees it: init, plan, crossover and catalog output, exit codes and
 * error lines. Most tests run the CLI in process (`runCliInProcess`: same commands, flags,
 * output and exit codes, no ~0.5 s process start each); the first block spawns the real
 * `node bin/switchyard.mjs` for what only a process shows: argv handling, --version and
 * --help, the exit status, stderr without a stack trace, and a reader that closes the pipe.
 * Paths are absolute (the in-process CLI has no cwd of its own).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, runCliInProcess, runCliIntoClosedPipe } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-cli-'));
const minimal = (extra = '') =>
  `workloads:\n  - name: w\n    volume:\n      requestsPerDay: 1000\n    tokens:\n      inputPerRequest: 500\n      outputPerRequest: 200\n${extra}`;

function profileFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

describe('a real process', () => {
  it('--version prints the version and exits 0', () => {
    const run = runCli(['--version']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('0.1.0\n');
    expect(run.stderr).toBe('');
  });
  it('--help lists every command and exits 0', () => {
    const run = runCli(['--help']);
    expect(run.exitCode).toBe(0);
    for (const command of ['init', 'plan', 'crossover', 'catalog', 'capacity', 'simulate', 'gateway', 'logs', 'ui'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });
  it('an unknown command exits 2 with a hint and no stack trace', () => {
    const run = runCli(['plna']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("unknown command 'plna'");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
  it.each([
    ['gateway --help', ['gateway', '--help']],
    [
      'plan examples/saas-50m-tokens.yaml',
      ['plan', 'examples/saas-50m-tokens.yaml', '--catalog', 'examples/saas-50m-tokens.catalog.yaml'],
    ],
  ])('a reader that closes the pipe early (switchyard %s | head -1) stops it quietly, exit 0', async (_, args) => {
    const run = await runCliIntoClosedPipe(args);
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
  });
  it('reads relative paths from its working directory', () => {
    const run = runCli(
      [
        'plan',
        'examples/saas-50m-tokens.yaml',
        '--catalog',
        'examples/saas-50m-tokens.catalog.yaml',
        '--format',
        'json',
      ],
      { cwd: repoRoot },
    );
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).report).toBe('switchyard.plan');
  });
});

describe('switchyard init + plan', () => {
  it('init writes a commented profile that plans cleanly in every format', async () => {
    const path = join(scratch, 'init.yaml');
    const init = await runCliInProcess(['init', path]);
    expect(init.exitCode).toBe(0);
    expect(readFileSync(path, 'utf8')).toContain('# Switchyard workload profile');
    expect((await runCliInProcess(['init', path])).exitCode).toBe(2);
    const table = await runCliInProcess(['plan', path]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toContain('Recommendation:');
    const json = JSON.parse((await runCliInProcess(['plan', path, '--format', 'json'])).stdout);
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
    const markdown = (await runCliInProcess(['plan', path, '--format', 'markdown'])).stdout;
    expect(markdown).toMatch(/^# Switchyard plan/);
    expect(markdown).toContain('| option | eligible |');
  });

  it('writes to --out', async () => {
    const out = join(scratch, 'plan.md');
    const run = await runCliInProcess([
      'plan',
      profileFile('out.yaml', minimal()),
      '--format',
      'markdown',
      '--out',
      out,
    ]);
    expect(run.exitCode).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('## Recommendation');
  });
});

describe('sanity warnings', () => {
  it('warns when a typed tokens/hour per GPU is more than 3x away from the capacity model', async () => {
    // The seeds' "A100 does 30-120k tokens/hour" figure, typed for a 70B model on H100s.
    const path = profileFile('typed.yaml', minimal('    choices:\n      tokensPerHourPerGpu: 100000\n'));
    const json = JSON.parse((await runCliInProcess(['plan', path, '--format', 'json'])).stdout);
    const warning = json.workloads[0].warnings.find((text: string) => text.startsWith('typed throughput'));
    expect(warning).toMatch(
      /typed throughput 100,000 tokens\/hour per GPU is \d+(\.\d)?x below the capacity model's estimate of [\d,]+ for llama-3.1-70b on h100-sxm/,
    );
    const selfHosted = json.workloads[0].options.find((option: { kind: string }) => option.kind === 'self-hosted');
    expect(selfHosted.components[0].source.name).toContain('throughput: typed in the profile');
  });
});

describe('bad input exits 2 with one line per problem and no stack trace', () => {
  it('negative volume and a zero TTFT SLO (a real process: exit code and stderr)', () => {
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
  it('an unknown GPU suggests the closest ones', async () => {
    const run = await runCliInProcess(['plan', profileFile('gpu.yaml', minimal('    choices:\n      gpu: h100\n'))]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /workloads\[0\]\.choices\.gpu: "h100" — unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/,
    );
  });
  it('an unknown API model suggests the closest ones', async () => {
    const run = await runCliInProcess([
      'plan',
      profileFile('model.yaml', minimal('    choices:\n      apiModel: gpt-4.2\n')),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/did you mean .*'openai\/gpt-4\.1'/);
  });
  it('a volume given twice', async () => {
    const run = await runCliInProcess([
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
  it('a precision the chosen GPU lacks', async () => {
    const run = await runCliInProcess([
      'plan',
      profileFile('precision.yaml', minimal('    choices:\n      gpu: a100-80gb\n      precision: fp8\n')),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(
      /workloads\[0\]\.choices\.precision: "fp8" — NVIDIA A100 .* has no fp8 support; use one of: fp16, bf16, int8, int4, fp4, or auto/,
    );
  });
  it('a YAML syntax error names the line', async () => {
    const run = await runCliInProcess(['plan', profileFile('syntax.yaml', 'workloads:\n  - name: [unclosed\n')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/syntax\.yaml:\d+:\d+: YAML syntax error/);
  });
  it('unknown fields, enums and a missing file', async () => {
    const run = await runCliInProcess([
      'plan',
      profileFile('enum.yaml', minimal('    data:\n      sensitivity: secret\n    colour: blue\n')),
    ]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(
      'workloads[0].data.sensitivity: "secret" — must be one of: public, internal, regulated',
    );
    expect(run.stderr).toContain('unknown field(s): colour');
    const missing = await runCliInProcess(['plan', join(scratch, 'nope.yaml')]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('no such file (create one with: switchyard init');
  });
  it('an unsupported format', async () => {
    const run = await runCliInProcess(['plan', profileFile('fmt.yaml', minimal()), '--format', 'pdf']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--format: 'pdf' is not supported here; use one of: table, json, markdown, html");
  });
});

describe('switchyard crossover', () => {
  it('prints the naive and the honest answer for the seeds’ example (no crossover)', async () => {
    const run = await runCliInProcess([
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
  it('finds a crossover when the API is expensive, and rejects bad flags', async () => {
    const run = await runCliInProcess([
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
    const bad = await runCliInProcess([
      'crossover',
      '--api-usd-per-mtok',
      'cheap',
      '--gpu-usd-per-hour',
      '2.5',
      '--tokens-per-hour-per-gpu',
      '4e6',
    ]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--api-usd-per-mtok: "cheap" — must be a number greater than 0');
  });
});

describe('switchyard catalog', () => {
  it('lists entries with sources and dates, by kind', async () => {
    const api = await runCliInProcess(['catalog', 'list', '--kind', 'api', '--as-of', '2025-06-01']);
    expect(api.exitCode).toBe(0);
    expect(api.stdout).toContain('openai/gpt-4.1');
    expect(api.stdout).toContain('catalog: snapshot 2025-06-01, priced at 2025-06-01');
    const today = await runCliInProcess(['catalog', 'list', '--kind', 'api', '--as-of', '2026-12-01']);
    expect(today.stdout).toContain('sources: @pydantic/genai-prices 0.1.8');
    expect(today.stdout).toMatch(/anthropic\/claude-opus-4\.5 +frontier-api +5 /);
    expect(api.stdout).not.toContain('together/');
    const gpu = JSON.parse((await runCliInProcess(['catalog', 'list', '--kind', 'gpu', '--format', 'json'])).stdout);
    expect(gpu.gpuOffers.length).toBeGreaterThanOrEqual(10);
    expect((await runCliInProcess(['catalog', 'list', '--kind', 'tpu'])).exitCode).toBe(2);
  });
  it('imports a LiteLLM price map and lets it override a built-in price', async () => {
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
    const list = JSON.parse(
      (await runCliInProcess(['catalog', 'list', '--catalog', litellm, '--format', 'json'])).stdout,
    );
    const gpt = list.tokenPriced.find((entry: { id: string }) => entry.id === 'openai/gpt-4.1');
    expect(gpt.usdPerMillionInputTokens).toBeCloseTo(1, 10);
    expect(gpt.usdPerMillionOutputTokens).toBeCloseTo(4, 10);
    expect(gpt.source).toContain('LiteLLM');
    const llama = list.tokenPriced.find(
      (entry: { id: string }) => entry.id === 'together/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo',
    );
    expect(llama.kind).toBe('hosted-open');
    expect(llama.openModel).toBe('llama-3.1-70b');
    expect(list.tokenPriced.some((entry: { id: string }) => entry.id.includes('embedding'))).toBe(false);
    const plan = JSON.parse(
      (
        await runCliInProcess([
          'plan',
          profileFile('lite.yaml', minimal()),
          '--catalog',
          litellm,
          '--as-of',
          '2025-06-01',
          '--format',
          'json',
        ])
      ).stdout,
    );
    const hosted = plan.workloads[0].options.find((option: { kind: string }) => option.kind === 'hosted-open');
    expect(hosted.id).toBe('hosted-open:together/meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo');
    expect(plan.catalog.userFiles).toEqual(['model_prices_and_context_window.json']);
  });
  it('catalog update --from a LiteLLM map writes a user catalog that plan --catalog reads', async () => {
    const litellm = profileFile(
      'prices.json',
      JSON.stringify({
        'deepinfra/meta-llama/Llama-3.3-70B-Instruct-Turbo': {
          input_cost_per_token: 1e-7,
          output_cost_per_token: 3e-7,
          max_input_tokens: 131072,
          litellm_provider: 'deepinfra',
          mode: 'chat',
        },
        'someone/unknown-model': {
          input_cost_per_token: 1e-6,
          output_cost_per_token: 1e-6,
          litellm_provider: 'someone',
          mode: 'chat',
        },
      }),
    );
    const out = resolve(dirname(litellm), 'refreshed.yaml');
    const run = await runCliInProcess(['catalog', 'update', '--from', litellm, '--out', out, '--as-of', '2026-12-01']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('1 added, 0 replaced, 1 per-token entries in all');
    const again = await runCliInProcess([
      'catalog',
      'update',
      '--from',
      litellm,
      '--out',
      out,
      '--as-of',
      '2026-12-01',
    ]);
    expect(again.stdout).toContain('0 added, 1 replaced, 1 per-token entries in all');
    const list = JSON.parse(
      (await runCliInProcess(['catalog', 'list', '--catalog', out, '--kind', 'hosted-open', '--format', 'json']))
        .stdout,
    );
    const entry = list.tokenPriced.find(
      (candidate: { id: string }) => candidate.id === 'deepinfra/meta-llama/Llama-3.3-70B-Instruct-Turbo',
    );
    expect(entry).toMatchObject({ openModel: 'llama-3.3-70b', asOf: '2026-12-01', maxContextTokens: 131072 });
    const none = await runCliInProcess(['catalog', 'update', '--from', litellm, '--out', out, '--providers', 'nobody']);
    expect(none.exitCode).toBe(2);
  });
  it('plan --as-of: a date before the first catalog or not a date is exit 2; the report names the snapshot', async () => {
    const file = profileFile('dated.yaml', minimal());
    const early = await runCliInProcess(['plan', file, '--as-of', '2024-01-01']);
    expect(early.exitCode).toBe(2);
    expect(early.stderr).toContain('before the first built-in catalog (2025-06-01)');
    expect((await runCliInProcess(['plan', file, '--as-of', 'yesterday'])).exitCode).toBe(2);
    const today = JSON.parse(
      (await runCliInProcess(['plan', file, '--as-of', '2026-12-01', '--format', 'json'])).stdout,
    );
    expect(today.catalog).toMatchObject({ snapshot: '2026-12-01', planDate: '2026-12-01' });
    expect(today.catalog.sources.join(' ')).toContain('@pydantic/genai-prices 0.1.8');
  });
  it('rejects a malformed catalog file with field paths', async () => {
    const bad = profileFile(
      'bad-catalog.yaml',
      'tokenPriced:\n  - id: nope\n    kind: frontier-api\n    usdPerMillionInputTokens: -1\n    usdPerMillionOutputTokens: 1\n    source: x\n    asOf: yesterday\n',
    );
    const run = await runCliInProcess(['catalog', 'list', '--catalog', bad]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('tokenPriced[0].id: "nope" — id must look like \'provider/model\'');
    expect(run.stderr).toContain('tokenPriced[0].asOf');
  });
});
