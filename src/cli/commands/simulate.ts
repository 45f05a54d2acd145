import type { Command } from 'commander';

/** Placeholder: filled in by the simulate work. */
export function registerSimulateCommand(program: Command): void {
  void program;
}
