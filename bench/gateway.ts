import type { BenchSection } from './types.ts';

/** Placeholder until the gateway lands. */
export async function runGatewayBench(): Promise<BenchSection> {
  return { title: 'Gateway', columns: ['case'], rows: [], notes: ['not implemented yet'] };
}
