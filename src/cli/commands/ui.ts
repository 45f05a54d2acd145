import type { Command } from 'commander';

/** Placeholder: filled in by the ui work. */
export function registerUiCommand(program: Command): void {
  void program;
}
