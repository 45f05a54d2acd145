/**
 * `npm run bench`: runs every benchmark section, prints the tables and writes
 * docs/benchmarks.md with the machine, the command and the date.
 * Pass section names to run only some: `npm run bench -- simulation`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchSection } from './types.ts';

type SectionRunner = () => Promise<BenchSection>;

const sections: Record<string, () => Promise<SectionRunner>> = {
  plan: async () => (await import('./plan.ts')).runPlanBench,
  simulation: async () => (await import('./simulation.ts')).runSimulationBench,
  gateway: async () => (await import('./gateway.ts')).runGatewayBench,
};

function renderTable(section: BenchSection): string {
  const header = `| ${section.columns.join(' | ')} |`;
  const rule = `| ${section.columns.map(() => '---').join(' | ')} |`;
  const body = section.rows.map((row) => `| ${row.join(' | ')} |`).join('\n');
  return [header, rule, body].join('\n');
}

const wanted = process.argv.slice(2).filter((name) => !name.startsWith('-'));
const names = wanted.length > 0 ? wanted : Object.keys(sections);
const results: BenchSection[] = [];
for (const name of names) {
  const load = sections[name];
  if (!load) {
    console.error(`unknown bench section '${name}'; known: ${Object.keys(sections).join(', ')}`);
    process.exit(2);
  }
  console.error(`running ${name} ...`);
  const section = await (await load())();
  results.push(section);
  console.log(`\n## ${section.title}\n\n${renderTable(section)}\n`);
  for (const note of section.notes) console.log(`- ${note}`);
}

const cpus = os.cpus();
const machine = `${cpus[0]?.model ?? 'unknown CPU'} x ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}`;
const markdown = [
  '# Benchmarks',
  '',
  `- Machine: ${machine}`,
  `- Command: \`npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}\``,
  `- Date: ${new Date().toISOString()}`,
  '',
  'Numbers from one run on a shared, noisy machine: compare the ratios within a table, not absolute values across runs.',
  '',
  ...results.flatMap((section) => [
    `## ${section.title}`,
    '',
    renderTable(section),
    '',
    ...section.notes.map((note) => `- ${note}`),
    '',
  ]),
].join('\n');
if (wanted.length === 0) writeFileSync(new URL('../docs/benchmarks.md', import.meta.url), markdown);
else console.error('(partial run: docs/benchmarks.md not rewritten)');
