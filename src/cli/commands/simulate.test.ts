/** Runs the real CLI (bin/switchyard.mjs simulate) with a temporary profile and checks output and exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const bin = resolve(root, 'bin/switchyard.mjs');
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
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, 'simulate', ...args], { encoding: 'utf8', timeout: 60_000, cwd: root });

interface FleetJson {
  policy: string;
  policyDetails: Record<string, unknown>;
  meanUtilization: number;
  gpuHoursPaid: number;
  gpuHoursUsed: number;
  idleCostUsd: number;
  gpuCostUsd: number;
  minutesOverCapacity: number;
  overflowTokens: number;
  overflowCostUsd: number;
  totalCostUsd: number;
  sloMissMinutes: number;
  utilizationByHourOfWeek: number[];
}

describe('switchyard simulate', () => {
  it('prints the JSON contract per fleet, reproducibly', () => {
    const args = [
      profile,
      '--fleet',
      'fixed:6',
      '--fleet',
      'autoscale:2-10',
      '--fleet',
      'spot:4',
      '--fleet',
      'fixed:0',
      '--months',
      '2',
      '--format',
      'json',
    ];
    const result = run(args);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as {
      fleets: FleetJson[];
      notes: string[];
      minutes: number;
      assumptions: Record<string, number>;
    };
    expect(report.minutes).toBe(2 * 43_200);
    expect(report.fleets.map((fleet) => fleet.policy)).toEqual(['fixed:6', 'autoscale:2-10', 'spot:4', 'fixed:0']);
    for (const fleet of report.fleets) {
      for (const key of [
        'policy',
        'meanUtilization',
        'gpuHoursPaid',
        'gpuHoursUsed',
        'idleCostUsd',
        'minutesOverCapacity',
        'overflowTokens',
        'totalCostUsd',
      ])
        expect(fleet).toHaveProperty(key);
      expect(fleet.utilizationByHourOfWeek).toHaveLength(168);
      expect(fleet.totalCostUsd).toBeCloseTo(fleet.gpuCostUsd + fleet.overflowCostUsd, 1);
    }
    // 6 GPUs for 60 days at the catalog's mid-range H100 on-demand price ($2.99-$7.57 -> $5.28)
    expect(report.fleets[0].gpuHoursPaid).toBe(6 * 24 * 60);
    expect(report.fleets[0].gpuCostUsd).toBeCloseTo(6 * 24 * 60 * 5.28, 6);
    // 10,000 x 2,000 tokens a day = 833k tokens/hour against 6 GPUs of the capacity model's ~2.7M each: nothing overflows
    expect(report.fleets[0].overflowTokens).toBe(0);
    // fixed:0 sends all 1.2B tokens to the API at gpt-4.1 blended 3:1 = $3.50 per 1M
    expect(report.fleets[3].overflowTokens).toBe(1_200_000_000);
    expect(report.fleets[3].totalCostUsd).toBeCloseTo(4200, 1);
    expect(report.notes.join('\n')).toMatch(
      /tokens\/hour per GPU: [\d,]+ for llama-3.1-70b on h100-sxm from the capacity model/,
    );
    expect(report.notes.join('\n')).toMatch(/GPU price: \$5\.28\/GPU-hour, aws\/h100-sxm on-demand/);
    expect(run(args).stdout).toBe(result.stdout);
  });

  it('prints a table and Markdown', () => {
    const table = run([
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
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/^Traffic simulation: x \(profile\), 1 months = 30 days/);
    expect(table.stdout).toMatch(/fixed:2 +\d+\.\d%/);
    expect(table.stdout).not.toMatch(/using a default of 2,000,000/);
    const markdown = run([profile, '--fleet', 'fixed:2', '--months', '1', '--format', 'markdown']);
    expect(markdown.stdout.startsWith('# Traffic simulation: x')).toBe(true);
    expect(markdown.stdout).toMatch(/\| fixed:2 \|/);
  });

  it('runs a recorded trace', () => {
    const result = run([
      profile,
      '--trace',
      'examples/trace-sample.csv',
      '--fleet',
      'fixed:1',
      '--fleet',
      'fixed:1,overflow=queue',
      '--months',
      '1',
      '--format',
      'json',
    ]);
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { demandSource: string; fleets: FleetJson[]; notes: string[] };
    expect(report.demandSource).toBe('trace examples/trace-sample.csv');
    expect(report.notes.join('\n')).toMatch(/trace: [\d,]+ tokens over \d+ minutes, repeated/);
    expect(report.fleets[1].overflowTokens).toBe(0);
  });

  describe('bad input: exit 2, naming the flag, the value and what is allowed', () => {
    const cases: Array<[string[], RegExp]> = [
      [
        [profile, '--fleet', 'fixd:6'],
        /--fleet: fleet 'fixd:6': unknown kind 'fixd' \(did you mean 'fixed'\?\); allowed: fixed, autoscale, spot/,
      ],
      [[profile, '--fleet', 'autoscale:10-2'], /minimum 10 is above maximum 2/],
      [[profile], /--fleet is required/],
      [[profile, '--fleet', 'fixed:1', '--months', 'soon'], /--months: 'soon' must be a number greater than 0/],
      [[profile, '--fleet', 'fixed:1', '--months', '500'], /--months: '500' must be at most 120/],
      [[profile, '--fleet', 'fixed:1', '--seed', '-1'], /--seed: '-1' must be a whole number, 0 or more/],
      [[profile, '--fleet', 'fixed:1', '--workload', 'y'], /--workload: no workload named 'y'.*the profile has: x/],
      [
        [profile, '--fleet', 'fixed:1', '--format', 'html'],
        /--format: 'html' is not supported here; use one of: table, json, markdown/,
      ],
      [[profile, '--fleet', 'fixed:1', '--trace', join(folder, 'missing.csv')], /--trace: .*missing.csv: no such file/],
      [[badProfile, '--fleet', 'fixed:1'], /workloads\[0\]\.volume\.requestsPerDay: -5/],
      [[join(folder, 'none.yaml'), '--fleet', 'fixed:1'], /none.yaml: no such file/],
    ];
    for (const [args, message] of cases) {
      it(args.slice(1).join(' ') || '(no --fleet)', () => {
        const result = run(args);
        expect(result.status).toBe(2);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
      });
    }
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
  it('a model that fits on no fleet of that GPU is an error naming the numbers', () => {
    const result = run([big('l4'), '--fleet', 'fixed:4', '--months', '1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(
      /cannot be served on its GPU.*Llama 3\.1 405B at fp8 does not fit on 8 x NVIDIA L4 24GB.*weights 378 GB/,
    );
  });
  it('a fleet smaller than one replica is an error, not a rounding', () => {
    const result = run([big('h100-sxm'), '--fleet', 'fixed:2', '--months', '1']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      '--fleet fixed:2: 2 GPU(s) cannot hold one replica; llama-3.1-405b (fp8) on h100-sxm needs 8 GPUs per replica',
    );
    expect(run([big('h100-sxm'), '--fleet', 'fixed:8', '--months', '1', '--format', 'json']).status).toBe(0);
  });
});
