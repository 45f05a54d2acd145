import type { BenchSection } from './types.ts';

/** Placeholder until the traffic simulation lands. */
export async function runSimulationBench(): Promise<BenchSection> {
  return { title: 'Traffic simulation', columns: ['case'], rows: [], notes: ['not implemented yet'] };
}
