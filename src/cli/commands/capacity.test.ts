/**
 * `switchyard capacity` as a user runs it: flags, stdout, stderr and exit codes, in
 * process (runCliInProcess), plus one subprocess smoke test. The use-case's numbers are
 * tested in src/app/capacity.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../../../test/cli/run-cli.ts';

const run = (args: string[]) => runCliInProcess(['capacity', ...args]);
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
  it('prints the JSON report', async () => {
    const result = await run([...issueArgs, '--usd-per-gpu-hour', '2.5', '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as {
      fits: boolean;
      tokensPerHourPerGpu: number;
      usdPerMillionTokens: number;
    };
    expect(report.fits).toBe(true);
    expect(report.usdPerMillionTokens).toBeCloseTo((2.5 / report.tokensPerHourPerGpu) * 1e6, 3);
  });

  it('prints a table and Markdown, to stdout or --out', async () => {
    const table = await run(issueArgs);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/tokens per GPU-hour/);
    expect(table.stdout).toMatch(/depends on GPU price/);
    const markdown = await run([...issueArgs, '--format', 'markdown']);
    expect(markdown.stdout.startsWith('## Capacity: llama-3.1-70b on 4 x h100-sxm')).toBe(true);
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-capacity-'));
    try {
      const out = join(folder, 'capacity.txt');
      const written = await run([...issueArgs, '--out', out]);
      expect(written.exitCode).toBe(0);
      expect(written.stderr).toBe(`wrote ${out}\n`);
      expect(`${readFileSync(out, 'utf8')}\n`).toBe(table.stdout);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('bad input: exit 2 with the flag, the value and what is allowed', () => {
    const tiny = ['--input-tokens', '10', '--output-tokens', '10'];
    const cases: Array<[string[], RegExp]> = [
      [
        ['--model', 'llama-70b', '--gpu', 'h100-sxm', ...tiny],
        /--model: "llama-70b" — unknown open model 'llama-70b'; did you mean 'llama-3.1-70b'/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100', ...tiny],
        /--gpu: "h100" — unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'a100-80gb', '--precision', 'fp8', ...tiny],
        /--precision: "fp8" — precision 'fp8' is not supported on NVIDIA A100/,
      ],
      [
        ['--model', 'mistral-7b', '--gpu', 'h100-sxm', '--input-tokens', '30000', '--output-tokens', '5000'],
        /--input-tokens: 30000 — .*35000 is longer than .*32768/,
      ],
      [
        ['--model', 'llama-3.1-405b', '--gpu', 'h100-sxm', '--gpus', '4', ...tiny],
        /--gpus: 4 — Llama 3.1 405B at bf16 does not fit on 4 x NVIDIA H100 SXM 80GB: weights 756 GB/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--input-tokens', 'lots', '--output-tokens', '10'],
        /--input-tokens: "lots" — must be a number greater than 0/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', '--output-tokens', '10'],
        /--input-tokens: \(missing\) — is required/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', ...tiny, '--gpus', '0'],
        /--gpus: "0" — must be a number greater than 0/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', ...tiny, '--utilization', '2'],
        /--utilization: 2 — must be between 0 and 1/,
      ],
      [
        ['--model', 'llama-3.1-8b', '--gpu', 'h100-sxm', ...tiny, '--format', 'html'],
        /--format: 'html' is not supported here; use one of: table, json, markdown/,
      ],
    ];
    it.each(cases)('%j', async (args, message) => {
      const result = await run(args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stdout).toBe('');
    });
  });
});

describe('switchyard capacity as a process', () => {
  it('exits 2 with the flag, the value and the suggestions on stderr', () => {
    const result = runCli([
      'capacity',
      '--model',
      'llama-70b',
      '--gpu',
      'h100-sxm',
      '--input-tokens',
      '10',
      '--output-tokens',
      '10',
    ]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      `switchyard: --model: "llama-70b" — unknown open model 'llama-70b'; did you mean 'llama-3.1-70b', 'llama-3.3-70b', 'llama-3.1-8b'?\n`,
    );
  });
});
