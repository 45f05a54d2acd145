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

  describe("today's models and GPUs (FP4, MoE, MLA, expert parallelism, ROCm)", () => {
    const shape = ['--input-tokens', '1000', '--output-tokens', '1000', '--format', 'json'];
    interface Json {
      fits: boolean;
      gpusPerReplica: number;
      precisionMode: string;
      expertParallel: boolean;
      kvCacheBytesPerToken: number;
      tokensPerHourPerGpu: number;
      hardwareFactor?: { family: string };
      uncertainty: { category: string; categories: string[]; relativeError: number; lowTokensPerHourPerGpu: number };
    }
    const json = async (args: string[]) => {
      const result = await run([...args, ...shape]);
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      return JSON.parse(result.stdout) as Json;
    };

    it('gpt-oss-120b in FP4: native on a B200, weight-only on an H100, both on one GPU', async () => {
      const b200 = await json(['--model', 'gpt-oss-120b', '--gpu', 'b200', '--precision', 'fp4']);
      const h100 = await json(['--model', 'gpt-oss-120b', '--gpu', 'h100-sxm', '--precision', 'fp4']);
      expect([b200.precisionMode, h100.precisionMode]).toEqual(['native', 'weight-only']);
      expect([b200.gpusPerReplica, h100.gpusPerReplica]).toEqual([1, 1]);
      expect(b200.tokensPerHourPerGpu).toBeGreaterThan(h100.tokensPerHourPerGpu);
      expect(h100.uncertainty.categories).toEqual(['moe', 'fp4']);
      expect(h100.uncertainty.lowTokensPerHourPerGpu).toBeLessThan(h100.tokensPerHourPerGpu);
    });

    it('DeepSeek-R1 on 8 x H200 with --expert-parallel keeps one MLA latent per token (61 x 576 x 2 bytes)', async () => {
      const report = await json([
        '--model',
        'deepseek-r1',
        '--gpu',
        'h200',
        '--gpus',
        '8',
        '--precision',
        'fp8',
        '--expert-parallel',
      ]);
      expect(report.fits).toBe(true);
      expect(report.expertParallel).toBe(true);
      expect(report.kvCacheBytesPerToken).toBe(61 * 576 * 2);
    });

    it('Qwen3 dense and MoE, Llama 4 Scout and Maverick answer on H100, H200, B200 and MI300X', async () => {
      for (const model of ['qwen3-32b', 'qwen3-30b-a3b', 'llama-4-scout', 'llama-4-maverick']) {
        for (const gpu of ['h100-sxm', 'h200', 'mi300x']) {
          const report = await json(['--model', model, '--gpu', gpu, '--precision', 'fp8']);
          expect(report.fits, `${model} on ${gpu}`).toBe(true);
          expect(report.tokensPerHourPerGpu).toBeGreaterThan(0);
          if (gpu === 'mi300x') expect(report.hardwareFactor?.family).toBe('cdna3');
        }
        const b200 = await json(['--model', model, '--gpu', 'b200', '--precision', 'fp4']);
        expect(b200.precisionMode).toBe('native');
      }
    });

    it('the table names weight-only FP4, the parallelism and the uncertainty band', async () => {
      const result = await run([
        '--model',
        'gpt-oss-20b',
        '--gpu',
        'h100-sxm',
        '--precision',
        'fp4',
        ...shape.slice(0, 4),
      ]);
      expect(result.exitCode).toBe(0);
      expect(result.stdout).toMatch(/fp4 weights \(weight-only: dequantised to 16-bit, no FP4 tensor cores\)/);
      expect(result.stdout).toMatch(/tensor parallel/);
      expect(result.stdout).toMatch(/uncertainty +±85% \(moe;/);
    });

    it('exit 2: expert parallelism on a dense model; DeepSeek-V3 at fp8 does not fit on 8 x H100', async () => {
      const dense = await run(['--model', 'qwen3-32b', '--gpu', 'h100-sxm', '--expert-parallel', ...shape]);
      expect(dense.exitCode).toBe(2);
      expect(dense.stderr).toMatch(/--expert-parallel: true — expert parallelism needs a mixture-of-experts model/);
      const tooBig = await run(['--model', 'deepseek-v3', '--gpu', 'h100-sxm', '--precision', 'fp8', ...shape]);
      expect(tooBig.exitCode).toBe(2);
      expect(tooBig.stderr).toMatch(/DeepSeek-V3 at fp8 does not fit on 8 x NVIDIA H100 SXM 80GB/);
    });
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
