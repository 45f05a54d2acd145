/**
 * `switchyard simulate` as a user runs it: argv, files, stdout, stderr and exit codes,
 * in process (runCliInProcess), plus one subprocess smoke test. The use-case's numbers
 * are tested in src/app/simulate.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli, runCliInProcess } from '../../../test/cli/run-cli.ts';

const folder = mkdtempSync(join(tmpdir(), 'switchyard-simulate-'));
const profile = join(folder, 'profile.yaml');
writeFileSync(
  profile,
  'workloads: [{name: x, volume: {requestsPerDay: 10000}, tokens: {inputPerRequest: 1500, outputPerRequest: 500}}]\n',
);
const badProfile = join(folder, 'bad.yaml');
writeFileSync(
  badProfile,
  'workloads: [{name: x, volume: {requestsPerDay: -5}, tokens: {inputPerRequest: 1500, outputPerRequest: 500}}]\n',
);
const badTrace = join(folder, 'bad.csv');
writeFileSync(badTrace, 'timestamp,input_tokens,output_tokens\n2024-01-01T00:00:00Z,abc,3\n');
const sampleTrace = resolve(repoRoot, 'examples/trace-sample.csv');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const run = (args: string[]) => runCliInProcess(['simulate', ...args]);

describe('switchyard simulate', () => {
  it('prints the JSON report, the same for the same seed', async () => {
    const args = [profile, '--fleet', 'fixed:6', '--fleet', 'fixed:0', '--months', '2', '--format', 'json'];
    const result = await run(args);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as {
      minutes: number;
      fleets: Array<{ policy: string; totalCostUsd: number }>;
    };
    expect(report.minutes).toBe(2 * 43_200);
    expect(report.fleets.map((fleet) => fleet.policy)).toEqual(['fixed:6', 'fixed:0']);
    // fixed:0 sends all 1.2B tokens to gpt-4.1 at $3.50 per 1M (no cached input)
    expect(report.fleets[1].totalCostUsd).toBeCloseTo(4200, 1);
    expect((await run(args)).stdout).toBe(result.stdout);
  });

  it('prints a table and Markdown', async () => {
    const table = await run([
      profile,
      '--fleet',
      'fixed:2',
      '--months',
      '1',
      '--tokens-per-hour-per-gpu',
      '1000000',
      '--usd-per-gpu-hour',
      '2.5',
    ]);
    expect(table.exitCode).toBe(0);
    expect(table.stdout).toMatch(/^Traffic simulation: x \(profile\), 1 months = 30 days/);
    expect(table.stdout).toMatch(/fixed:2 +\d+\.\d%/);
    expect(table.stdout).not.toMatch(/using a default of 2,000,000/);
    const markdown = await run([profile, '--fleet', 'fixed:2', '--months', '1', '--format', 'markdown']);
    expect(markdown.stdout.startsWith('# Traffic simulation: x')).toBe(true);
    expect(markdown.stdout).toMatch(/\| fixed:2 \|/);
  });

  it('runs a recorded trace', async () => {
    const result = await run([
      profile,
      '--trace',
      sampleTrace,
      '--fleet',
      'fixed:1',
      '--fleet',
      'fixed:1,overflow=queue',
      '--months',
      '1',
      '--format',
      'json',
    ]);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as {
      demandSource: string;
      fleets: Array<{ overflowTokens: number }>;
      notes: string[];
    };
    expect(report.demandSource).toBe(`trace ${sampleTrace}`);
    expect(report.notes.join('\n')).toMatch(/trace: [\d,]+ tokens over \d+ minutes, repeated/);
    expect(report.fleets[1].overflowTokens).toBe(0);
  });

  describe('bad input: exit 2, naming the flag, the value and what is allowed', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        [profile, '--fleet', 'fixd:6'],
        /--fleet: "fixd:6" — unknown kind 'fixd' \(did you mean 'fixed'\?\); allowed: fixed, autoscale, spot/,
      ],
      [[profile, '--fleet', 'autoscale:10-2'], /--fleet: "autoscale:10-2" — minimum 10 is above maximum 2/],
      [[profile], /--fleet: \(missing\) — is required/],
      [[profile, '--fleet', 'fixed:1', '--months', 'soon'], /--months: "soon" — must be a number greater than 0/],
      [[profile, '--fleet', 'fixed:1', '--months', '500'], /--months: 500 — must be at most 120/],
      [[profile, '--fleet', 'fixed:1', '--seed', '-1'], /--seed: "-1" — must be a whole number, 0 or more/],
      [
        [profile, '--fleet', 'fixed:1', '--workload', 'y'],
        /--workload: "y" — no workload named 'y'.*the profile has: x/,
      ],
      [
        [profile, '--fleet', 'fixed:1', '--format', 'html'],
        /--format: 'html' is not supported here; use one of: table, json, markdown/,
      ],
      [[profile, '--fleet', 'fixed:1', '--trace', join(folder, 'missing.csv')], /--trace: .*missing.csv: no such file/],
      [
        [profile, '--fleet', 'fixed:1', '--trace', badTrace],
        /bad\.csv:2: "abc" — input_tokens must be a number of tokens, 0 or more/,
      ],
      [
        [profile, '--fleet', 'fixed:1', '--tokens-per-hour-per-gpu', '0', '--gpus-per-replica', '0'],
        /--tokens-per-hour-per-gpu: "0" — must be a number greater than 0\n--gpus-per-replica: "0" — must be a whole number, 1 or more/,
      ],
      [
        [profile, '--fleet', 'fixed:1', '--usd-per-gpu-hour', '-1', '--overflow-usd-per-mtok', 'x'],
        /--usd-per-gpu-hour: "-1" — must be a number, 0 or more\n--overflow-usd-per-mtok: "x" — must be a number, 0 or more/,
      ],
      [[badProfile, '--fleet', 'fixed:1'], /workloads\[0\]\.volume\.requestsPerDay: -5/],
      [[join(folder, 'none.yaml'), '--fleet', 'fixed:1'], /none.yaml: no such file/],
    ];
    it.each(cases)('%j', async (args, message) => {
      const result = await run(args);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(result.stdout).toBe('');
    });
  });

  describe('fleets that cannot serve the model', () => {
    const big = (gpu: string) => {
      const path = join(folder, `big-${gpu}.yaml`);
      writeFileSync(
        path,
        `workloads: [{name: big, volume: {requestsPerDay: 1000}, tokens: {inputPerRequest: 1000, outputPerRequest: 200}, requirements: {openModels: [llama-3.1-405b]}, choices: {gpu: ${gpu}}}]\n`,
      );
      return path;
    };
    it('a model that fits on no fleet of that GPU is an error naming the numbers', async () => {
      const result = await run([big('l4'), '--fleet', 'fixed:4', '--months', '1']);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toMatch(
        /cannot be served on its GPU.*Llama 3\.1 405B at fp8 does not fit on 8 x NVIDIA L4 24GB.*weights 378 GB/,
      );
    });
    it('a fleet smaller than one replica is an error, not a rounding', async () => {
      const result = await run([big('h100-sxm'), '--fleet', 'fixed:2', '--months', '1']);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        '--fleet: "fixed:2" — 2 GPU(s) cannot hold one replica; llama-3.1-405b (fp8) on h100-sxm needs 8 GPUs per replica',
      );
      expect((await run([big('h100-sxm'), '--fleet', 'fixed:8', '--months', '1', '--format', 'json'])).exitCode).toBe(
        0,
      );
    });
  });
});

describe('switchyard simulate as a process', () => {
  it('exits 2 with the flag, the value and what is allowed on stderr', () => {
    const result = runCli(['simulate', profile, '--fleet', 'fixed:1', '--months', 'soon']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe('switchyard: --months: "soon" — must be a number greater than 0\n');
    expect(result.stdout).toBe('');
  });
});
