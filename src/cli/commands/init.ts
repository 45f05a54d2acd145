/**
 * `switchyard init FILE`: writes a commented example workload profile.
 */
import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { UserError } from '../errors.ts';
import { cliIo } from '../io.ts';
import { profileTemplate } from '../profile-template.ts';

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('Write a commented example workload profile to start from')
    .argument('<file>', 'where to write the profile (YAML)')
    .option('--force', 'overwrite an existing file')
    .action((file: string, flags: { force?: boolean }) => {
      if (existsSync(file) && !flags.force) throw new UserError(`${file} already exists; pass --force to overwrite it`);
      writeFileSync(file, profileTemplate);
      cliIo().stdout.write(`wrote ${file}; next: switchyard plan ${file}\n`);
    });
}
