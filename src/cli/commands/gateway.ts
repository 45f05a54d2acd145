import type { Command } from 'commander';

/** Placeholder: filled in by the gateway work. */
export function registerGatewayCommands(program: Command): void {
  void program;
}
