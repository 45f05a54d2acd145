/** Runs the real CLI (bin/switchyard.mjs) as a user would and checks output and exit codes. */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = resolve(import.meta.dirname, '../../../bin/switchyard.mjs');
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, 'capacity', ...args], { encoding: 'utf8', timeout: 60_000 });
const issueArgs = [
  '--model',
  'llama-3.1-70b',
  '--gpu',
  'h100-sxm',
  '--gpus',
  '4',
  '--precision',
  'fp8',
  '--input-tokens',
  '2000',
  '--output-tokens',
  '300',
  '--ttft-p95-ms',
  '800',
  '--tpot-p95-ms',
  '60',
];

describe('switchyard capacity', () => {
  it('prints the JSON contract', () => {
    const result = run([...issueArgs, '--usd-per-gpu-hour', '2.5', '--format', 'json']);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown> & {
      memory: Record<string, number>;
      loadCurve: Array<Record<string, number>>;
    };
    for (const key of [
      'fits',
      'memory',
      'maxConcurrentSequences',
      'prefillTokensPerSecond',
      'decodeTokensPerSecond',
      'outputTokensPerSecond',
      'ttftMs',
      'tpotMs',
      'tokensPerHourPerGpu',
      'usdPerMillionTokens',
      'loadCurve',
    ]) {
      expect(report).toHaveProperty(key);
    }
    expect(report.fits).toBe(true);
    expect(Object.keys(report.memory)).toEqual(
      expect.arrayContaining(['weightsGb', 'kvCacheGb', 'activationAndRuntimeGb', 'totalGpuMemoryGb']),
    );
    expect(Object.keys(report.loadCurve[0])).toEqual(
      expect.arrayContaining(['concurrency', 'outputTokensPerSecond', 'ttftMs', 'tpotMs']),
    );
    expect(report.usdPerMillionTokens).toBeCloseTo((2.5 / (report.tokensPerHourPerGpu as number)) * 1e6, 3);
  });

  it('prints a table and Markdown', () => {
    const table = run(issueArgs);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/tokens per GPU-hour/);
    expect(table.stdout).toMatch(/depends on GPU price/);
    const markdown = run([...issueArgs, '--format', 'markdown']);
    expect(markdown.stdout.startsWith('## Capacity: llama-3.1-70b on 4 x h100-sxm')).toBe(true);
  });

  it('bad input: exit 2 with the flag, the value and what is allowed', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        ['--model', 'llama-70b', '--gpu', 'h100-sxm', '--input-tokens', '10', '--output-tokens', '10'],
        /--model: unknown open model 'llama-70b'; did you mean 'llama-3.1-70b'/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100', '--input-tokens', '10', '--output-tokens', '10'],
        /--gpu: unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/,
      ],
      [
        [
          '--model',
          'llama-3.1-8b',
          '--gpu',
          'a100-80gb',
          '--precision',
          'fp8',
          '--input-tokens',
          '10',
          '--output-tokens',
          '10',
        ],
        /--precision: precision 'fp8' is not supported on NVIDIA A100/,
      ],
      [
        ['--model', 'mistral-7b', '--gpu', 'h100-sxm', '--input-tokens', '30000', '--output-tokens', '5000'],
        /--input-tokens: .*35000 is longer than .*32768/,
      ],
      [
        [
          '--model',
          'llama-3.1-405b',
          '--gpu',
          'h100-sxm',
          '--gpus',
          '4',
          '--input-tokens',
          '10',
          '--output-tokens',
          '10',
        ],
        /--gpus: Llama 3.1 405B at bf16 does not fit on 4 x NVIDIA H100 SXM 80GB: weights 756 GB/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--input-tokens', 'lots', '--output-tokens', '10'],
        /--input-tokens: 'lots' must be a number greater than 0/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = run(args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
