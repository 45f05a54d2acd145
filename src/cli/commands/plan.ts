import type { Command } from 'commander';

/** Placeholder: filled in by the plan work. */
export function registerPlanCommands(program: Command): void {
  void program;
}
