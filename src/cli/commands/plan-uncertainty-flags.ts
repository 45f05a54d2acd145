/**
 * `plan --uncertainty [--draws N] [--seed S] [--sampling lhs|plain]`: the flags, checked,
 * as the use-case's request; and the progress line on a terminal for long runs.
 */
import type { UncertaintyRequest } from '../../app/plan-uncertainty.ts';
import { DEFAULT_DRAWS, DEFAULT_UNCERTAINTY_SEED } from '../../core/uncertainty/monte-carlo.ts';
import { cliIo } from '../io.ts';
import { UserError } from '../errors.ts';

export interface UncertaintyFlags {
  uncertainty?: boolean;
  draws?: string;
  seed?: string;
  sampling?: string;
}

/** Most draws one run may ask for (a run of 100,000 draws of one workload takes minutes). */
export const MAX_DRAWS = 100_000;

function wholeNumberFlag(name: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UserError(`${name} must be a whole number from ${min} to ${max.toLocaleString('en-US')}; got "${text}"`);
  return value;
}

/**
 * The uncertainty request of `plan`: `--uncertainty` always runs it; the HTML report runs
 * it by default when the profile or catalog has ranges. `--draws`/`--seed`/`--sampling`
 * without `--uncertainty` are an error (they would do nothing for table/JSON/Markdown).
 */
export function uncertaintyRequest(flags: UncertaintyFlags, format: string): UncertaintyRequest | undefined {
  const draws = wholeNumberFlag('--draws', flags.draws, DEFAULT_DRAWS, 10, MAX_DRAWS);
  const seed = wholeNumberFlag('--seed', flags.seed, DEFAULT_UNCERTAINTY_SEED, 0, 2 ** 32 - 1);
  const samplingText = flags.sampling ?? 'lhs';
  if (samplingText !== 'lhs' && samplingText !== 'plain')
    throw new UserError(`--sampling must be lhs (Latin hypercube) or plain; got "${samplingText}"`);
  const sampling = samplingText === 'plain' ? 'plain' : 'latin-hypercube';
  const tuned = flags.draws !== undefined || flags.seed !== undefined || flags.sampling !== undefined;
  if (!flags.uncertainty && tuned && format !== 'html')
    throw new UserError('--draws, --seed and --sampling need --uncertainty');
  const onProgress = progressLine();
  const common = { draws, seed, sampling, ...(onProgress ? { onProgress } : {}) } as const;
  if (flags.uncertainty) return { when: 'always', ...common };
  if (format === 'html') return { when: 'when-ranged', ...common };
  return undefined;
}

/** A progress line on an interactive stderr, shown once a run has taken a second; cleared at the end. */
function progressLine(): ((done: number, total: number) => void) | undefined {
  const sink = cliIo().stderr;
  if (sink !== process.stderr || !process.stderr.isTTY) return undefined;
  const started = performance.now();
  let shown = false;
  return (done, total) => {
    if (done >= total) {
      if (shown) sink.write('\r\u001b[2K');
      return;
    }
    if (performance.now() - started < 1000) return;
    shown = true;
    sink.write(`\runcertainty: ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} draws`);
  };
}
