import type { Command } from 'commander';

/** Placeholder: filled in by the capacity work. */
export function registerCapacityCommand(program: Command): void {
  void program;
}
