/**
 * V8 settings for a gateway process. V8 "pretenures" an allocation site (allocates its objects
 * straight in the old generation) once most of the objects it made survived a young-generation
 * collection. Under load that happens to sites whose objects live for one request (undici's
 * header buffers, attempt state): a burst at start-up is enough, and then every request's
 * short-lived objects land in the old generation, which only a full mark-compact frees.
 * Measured on the bench's gateway (2-core VM, Node 20, 2026-12-02, docs/gateway.md "Seventh
 * pass"): with pretenuring on, ~1 MB promoted per scavenge, a mark-compact every ~2 s and 1.9-2.8
 * ms scavenges; off, ~0.2 MB, 0.9-1.2 ms, and 60-61 against 66-67 µs of CPU a request. Which sites
 * get pretenured differs from process to process, which is part of why two runs of the same
 * gateway differed by up to 8% in requests/s. A request/response server makes few objects that
 * live long, so it loses nothing by turning it off.
 */
import { setFlagsFromString } from 'node:v8';

/** The V8 flags `switchyard gateway` sets on itself at start. */
export const servingV8Flags: readonly string[] = ['--no-allocation-site-pretenuring'];

/**
 * The serving flags to set, leaving out any the operator set either way on the command line or
 * in NODE_OPTIONS (`--allocation-site-pretenuring` keeps V8's default).
 *
 * @example
 * servingV8FlagsToSet([], undefined) // ['--no-allocation-site-pretenuring']
 * servingV8FlagsToSet([], '--allocation-site-pretenuring') // []
 */
export function servingV8FlagsToSet(execArgv: readonly string[], nodeOptions: string | undefined): string[] {
  const given = [...execArgv, ...(nodeOptions ?? '').split(/\s+/)].map((flag) => flag.replace(/_/g, '-'));
  return servingV8Flags.filter((flag) => {
    const name = flag.replace(/^--(no-)?/, '');
    return !given.some((option) => option === `--${name}` || option === `--no-${name}`);
  });
}

/** Sets the serving flags on this process (see the module comment); returns those it set. */
export function tuneV8ForServing(): string[] {
  const flags = servingV8FlagsToSet(process.execArgv, process.env.NODE_OPTIONS);
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}
