/** What `switchyard eval` does (loaded only when it runs). */
import { UserError } from '../errors.ts';
import type { EvalFlags } from './measure.ts';

export function runEval(_flags: EvalFlags): Promise<void> {
  return Promise.reject(new UserError('eval: not available in this build yet', 1));
}
