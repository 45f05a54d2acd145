/**
 * `npm run bench`: runs every benchmark section, prints the tables and writes
 * docs/benchmarks.md with the machine, the command and the date.
 * Pass section names to run only some: `npm run bench -- startup tests`; a partial run
 * replaces only its own sections in docs/benchmarks.md (each section says when it was
 * measured and by which command) and keeps the others.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import type { BenchSection } from './types.ts';

type SectionRunner = () => Promise<BenchSection>;

const sections: Record<string, () => Promise<SectionRunner>> = {
  plan: async () => (await import('./plan.ts')).runPlanBench,
  portfolio: async () => (await import('./portfolio.ts')).runPortfolioBench,
  simulation: async () => (await import('./simulation.ts')).runSimulationBench,
  uncertainty: async () => (await import('./uncertainty.ts')).runUncertaintyBench,
  gateway: async () => (await import('./gateway.ts')).runGatewayBench,
  logstores: async () => (await import('./log-stores.ts')).runLogStoresBench,
  sharedstate: async () => (await import('./shared-state.ts')).runSharedStateBench,
  startup: async () => (await import('./startup.ts')).runStartupBench,
  tests: async () => (await import('./test-suite.ts')).runTestSuiteBench,
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
const command = `npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}`;
const date = new Date().toISOString();
const header = [
  '# Benchmarks',
  '',
  `- Machine: ${machine}`,
  `- Command: \`${command}\``,
  `- Date: ${date} (a partial run, \`npm run bench -- NAME\`, replaces only its sections; each says when it was measured)`,
  '',
  'Numbers from one run on a shared, noisy machine: compare the ratios within a table, not absolute values across runs.',
  '',
].join('\n');

function sectionMarkdown(section: BenchSection): string {
  const lines = [
    `## ${section.title}`,
    '',
    `Measured ${date} by \`${command}\` on ${machine}.`,
    '',
    renderTable(section),
    '',
    ...section.notes.map((note) => `- ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The `## ` sections of an existing docs/benchmarks.md, by title, in order. */
function existingSections(markdown: string): Array<{ title: string; text: string }> {
  return markdown
    .split(/^(?=## )/m)
    .slice(1)
    .map((text) => ({
      title: text.slice(3, text.indexOf('\n')).trim(),
      text: `${text.trimEnd()}\n`,
    }));
}

const outputUrl = new URL('../docs/benchmarks.md', import.meta.url);
const fresh = results.map((section) => ({ title: section.title, text: sectionMarkdown(section) }));
let written = fresh;
if (wanted.length > 0 && existsSync(outputUrl)) {
  const previous = readFileSync(outputUrl, 'utf8');
  const kept = existingSections(previous).map(
    (section) => fresh.find((replacement) => replacement.title === section.title) ?? section,
  );
  written = [...kept, ...fresh.filter((section) => !kept.some((known) => known.title === section.title))];
  const previousHeader = previous.slice(
    0,
    previous.search(/^## /m) === -1 ? previous.length : previous.search(/^## /m),
  );
  writeFileSync(outputUrl, `${previousHeader.trimEnd()}\n\n${written.map((section) => section.text).join('\n')}`);
  console.error(
    `(partial run: replaced ${fresh.map((section) => `"${section.title}"`).join(', ')} in docs/benchmarks.md)`,
  );
} else {
  writeFileSync(outputUrl, `${header}\n${written.map((section) => section.text).join('\n')}`);
}
