/**
 * What `switchyard profile --from-log` does (loaded only when it runs): read the usage
 * source, measure it, write the commented profile YAML, summarise on stdout.
 */
import { measuredProfile, measureUsage } from '../../app/measure-profile.ts';
import { loadGatewayFile } from '../../gateway/config-file.ts';
import { renderMeasurementText } from '../../report/measure-report.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { cliIo } from '../io.ts';
import { loadCatalog } from '../load-catalog.ts';
import { writeOutput } from '../output.ts';
import { readUsageSource } from '../read-usage.ts';
import type { ProfileFlags } from './measure.ts';

/** server.db of a gateway config, for `--config`. */
export function databaseOfConfig(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const loaded = loadGatewayFile(path);
  if (!loaded.ok) throw new UserError(`${path} is not a valid gateway config:\n  ${loaded.errors.join('\n  ')}`);
  return loaded.file.server.db;
}

export function runProfileFromLog(flags: ProfileFlags): void {
  const { input, warnings } = readUsageSource(flags, Date.now(), { db: databaseOfConfig(flags.config) });
  const measurement = valueOrThrow(measureUsage(input), input.source.name);
  const result = valueOrThrow(measuredProfile(measurement, loadCatalog(flags.catalog)), 'measured profile');
  const io = cliIo();
  for (const warning of [...warnings, ...result.warnings]) io.stderr.write(`warning: ${warning}\n`);
  if (flags.out) {
    writeOutput(result.yaml, flags.out);
    io.stdout.write(renderMeasurementText(measurement.workloads));
    io.stdout.write(`\nnext: switchyard plan ${flags.out}\n`);
  } else writeOutput(result.yaml, undefined);
}
