/**
 * Fleet policies and their one-line spec syntax:
 *
 *   fixed:6                                   6 GPUs all the time
 *   autoscale:2-10[,delay=5,cooldown=30,target=0.7]
 *   spot:4[,interrupt=0.01,price=1.6,replace=10]
 *   scheduled:8/2[,from=8,to=20,days=weekdays]  8 GPUs from 08:00 to 20:00 UTC (weekdays), 2 otherwise
 *   any of them: ,overflow=api|queue  ,price=USD_PER_GPU_HOUR
 *
 * GPU counts are GPUs; the simulation rounds them up to whole replicas.
 */
import { editDistance } from '../text/suggest.ts';

export type OverflowMode = 'api' | 'queue';
export const overflowModes: readonly OverflowMode[] = ['api', 'queue'];

interface PolicyBase {
  /** The spec text as given, e.g. 'autoscale:2-10,delay=5'. */
  spec: string;
  /** 'api': demand above capacity goes to the API; 'queue': it waits for free capacity. */
  overflow: OverflowMode;
  /** GPU price override in USD per GPU-hour; otherwise the simulation's on-demand price (spot: a share of it). */
  usdPerGpuHour?: number;
}

export interface FixedFleetPolicy extends PolicyBase {
  kind: 'fixed';
  gpus: number;
}

export interface AutoscaleFleetPolicy extends PolicyBase {
  kind: 'autoscale';
  minGpus: number;
  maxGpus: number;
  /** Minutes from the decision to scale up until the new replica serves (paid meanwhile). */
  scaleUpDelayMinutes: number;
  /** Minutes demand must stay below the fleet before it shrinks. */
  cooldownMinutes: number;
  /** Utilization the autoscaler aims for (0 < target <= 1). */
  targetUtilization: number;
}

export interface SpotFleetPolicy extends PolicyBase {
  kind: 'spot';
  gpus: number;
  /** Interruptions per replica per hour (Poisson). */
  interruptionsPerHour: number;
  /** Minutes until an interrupted replica's replacement serves (paid meanwhile). */
  replacementDelayMinutes: number;
}

/** A fleet sized by hour of the week on a timetable (booted ahead of each change, so it serves on time). */
export interface ScheduledFleetPolicy extends PolicyBase {
  kind: 'scheduled';
  /** 168 GPU counts, Monday 00:00-01:00 UTC first. */
  gpusByHourOfWeek: number[];
}

export type FleetPolicy = FixedFleetPolicy | AutoscaleFleetPolicy | SpotFleetPolicy | ScheduledFleetPolicy;

/**
 * The most GPUs a policy ever runs.
 * @example largestGpus(parseFleetSpec('autoscale:2-10')) === 10; largestGpus(parseFleetSpec('scheduled:8/2')) === 8
 */
export function largestGpus(policy: FleetPolicy): number {
  if (policy.kind === 'autoscale') return policy.maxGpus;
  if (policy.kind === 'scheduled') return Math.max(0, ...policy.gpusByHourOfWeek);
  return policy.gpus;
}

/**
 * A daily timetable as 168 hourly GPU counts: `highGpus` from `fromHour` to `toHour` (UTC),
 * on every day or on weekdays only, `lowGpus` otherwise.
 * @example scheduleByHourOfWeek(8, 2, 8, 20, false)[8] === 8; scheduleByHourOfWeek(8, 2, 8, 20, false)[20] === 2
 */
export function scheduleByHourOfWeek(
  highGpus: number,
  lowGpus: number,
  fromHour: number,
  toHour: number,
  weekdaysOnly: boolean,
): number[] {
  return Array.from({ length: 168 }, (_, hourOfWeek) => {
    const day = Math.floor(hourOfWeek / 24);
    const hour = hourOfWeek % 24;
    const inWindow = fromHour <= toHour ? hour >= fromHour && hour < toHour : hour >= fromHour || hour < toHour;
    return inWindow && (!weekdaysOnly || day < 5) ? highGpus : lowGpus;
  });
}
export type FleetKind = FleetPolicy['kind'];

export const AUTOSCALE_DEFAULTS = { scaleUpDelayMinutes: 5, cooldownMinutes: 30, targetUtilization: 0.7 } as const;
export const SPOT_DEFAULTS = { interruptionsPerHour: 0.01, replacementDelayMinutes: 10 } as const;
/** Spot price when none is given: 40% of the on-demand price (typical 60% discount). */
export const SPOT_PRICE_SHARE_OF_ON_DEMAND = 0.4;
/** Largest GPU count a spec may name. */
export const MAX_FLEET_GPUS = 100_000;

/** A spec that cannot be parsed; the message names the bad part and what is allowed. */
export class FleetSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FleetSpecError';
  }
}

const kinds: readonly FleetKind[] = ['fixed', 'autoscale', 'spot', 'scheduled'];
const optionsByKind: Record<FleetKind, readonly string[]> = {
  fixed: ['price', 'overflow'],
  autoscale: ['delay', 'cooldown', 'target', 'price', 'overflow'],
  spot: ['interrupt', 'price', 'replace', 'overflow'],
  scheduled: ['from', 'to', 'days', 'price', 'overflow'],
};
const usage =
  "use fixed:N, autoscale:MIN-MAX, spot:N or scheduled:HIGH/LOW, then options like ',delay=5' (e.g. 'autoscale:2-10,delay=5,cooldown=30,target=0.7')";

function suggestion(word: string, allowed: readonly string[]): string {
  const best = allowed
    .map((name) => ({ name, distance: editDistance(word.toLowerCase(), name) }))
    .sort((a, b) => a.distance - b.distance)[0];
  return best && best.distance <= 2 ? ` (did you mean '${best.name}'?)` : '';
}

function wholeNumber(spec: string, what: string, text: string, minimum: number, maximum: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < minimum || value > maximum) {
    throw new FleetSpecError(`fleet '${spec}': ${what} '${text}' must be a whole number from ${minimum} to ${maximum}`);
  }
  return value;
}

function decimal(
  spec: string,
  what: string,
  text: string,
  minimum: number,
  maximum: number,
  minimumExclusive = false,
): number {
  const value = Number(text);
  const tooLow = minimumExclusive ? value <= minimum : value < minimum;
  if (text.trim() === '' || !Number.isFinite(value) || tooLow || value > maximum) {
    throw new FleetSpecError(
      `fleet '${spec}': ${what} '${text}' must be a number ${minimumExclusive ? 'above' : 'from'} ${minimum}${minimumExclusive ? ' and at most' : ' to'} ${maximum}`,
    );
  }
  return value;
}

/**
 * Parses a fleet spec.
 *
 * @example
 * parseFleetSpec('fixed:6') // { kind: 'fixed', gpus: 6, overflow: 'api', spec: 'fixed:6' }
 * parseFleetSpec('autoscale:2-10,delay=5,cooldown=30,target=0.7')
 * // { kind: 'autoscale', minGpus: 2, maxGpus: 10, scaleUpDelayMinutes: 5, cooldownMinutes: 30, targetUtilization: 0.7, ... }
 * parseFleetSpec('spot:4,interrupt=0.05,price=1.2') // { kind: 'spot', gpus: 4, interruptionsPerHour: 0.05, usdPerGpuHour: 1.2, replacementDelayMinutes: 10, ... }
 */
export function parseFleetSpec(text: string): FleetPolicy {
  const spec = text.trim();
  const [head, ...optionParts] = spec.split(',').map((part) => part.trim());
  const colon = head.indexOf(':');
  if (colon < 0) throw new FleetSpecError(`fleet '${spec}': missing ':' after the kind; ${usage}`);
  const kindText = head.slice(0, colon).trim().toLowerCase();
  const argument = head.slice(colon + 1).trim();
  if (!(kinds as readonly string[]).includes(kindText)) {
    throw new FleetSpecError(
      `fleet '${spec}': unknown kind '${kindText}'${suggestion(kindText, kinds)}; allowed: ${kinds.join(', ')}`,
    );
  }
  const kind = kindText as FleetKind;

  const options = new Map<string, string>();
  for (const part of optionParts) {
    const equals = part.indexOf('=');
    if (equals < 0)
      throw new FleetSpecError(
        `fleet '${spec}': option '${part}' must look like name=value; allowed for ${kind}: ${optionsByKind[kind].join(', ')}`,
      );
    const name = part.slice(0, equals).trim().toLowerCase();
    const value = part.slice(equals + 1).trim();
    if (!optionsByKind[kind].includes(name)) {
      throw new FleetSpecError(
        `fleet '${spec}': unknown option '${name}'${suggestion(name, optionsByKind[kind])}; allowed for ${kind}: ${optionsByKind[kind].join(', ')}`,
      );
    }
    if (options.has(name)) throw new FleetSpecError(`fleet '${spec}': option '${name}' is given twice`);
    options.set(name, value);
  }

  const overflowText = options.get('overflow') ?? 'api';
  if (!(overflowModes as readonly string[]).includes(overflowText)) {
    throw new FleetSpecError(
      `fleet '${spec}': overflow '${overflowText}' is not allowed; use overflow=api (send to the API) or overflow=queue (wait for capacity)`,
    );
  }
  const base: PolicyBase = { spec, overflow: overflowText as OverflowMode };
  const price = options.get('price');
  if (price !== undefined) base.usdPerGpuHour = decimal(spec, 'price (USD per GPU-hour)', price, 0, 10_000);

  if (kind === 'fixed') return { ...base, kind, gpus: wholeNumber(spec, 'GPU count', argument, 0, MAX_FLEET_GPUS) };
  if (kind === 'spot') {
    return {
      ...base,
      kind,
      gpus: wholeNumber(spec, 'GPU count', argument, 0, MAX_FLEET_GPUS),
      interruptionsPerHour: options.has('interrupt')
        ? decimal(spec, 'interrupt (interruptions per replica per hour)', options.get('interrupt') ?? '', 0, 60)
        : SPOT_DEFAULTS.interruptionsPerHour,
      replacementDelayMinutes: options.has('replace')
        ? wholeNumber(spec, 'replace (minutes)', options.get('replace') ?? '', 0, 1440)
        : SPOT_DEFAULTS.replacementDelayMinutes,
    };
  }
  if (kind === 'scheduled') {
    const levels = /^(\d+)\s*\/\s*(\d+)$/.exec(argument);
    if (!levels)
      throw new FleetSpecError(
        `fleet '${spec}': schedule '${argument}' must be HIGH/LOW GPUs, e.g. scheduled:8/2,from=8,to=20`,
      );
    const days = options.get('days') ?? 'all';
    if (days !== 'all' && days !== 'weekdays')
      throw new FleetSpecError(`fleet '${spec}': days '${days}' is not allowed; use days=all or days=weekdays`);
    const fromHour = wholeNumber(spec, 'from (hour, UTC)', options.get('from') ?? '8', 0, 23);
    const toHour = wholeNumber(spec, 'to (hour, UTC)', options.get('to') ?? '20', 0, 24);
    const high = wholeNumber(spec, 'daytime GPUs', levels[1], 0, MAX_FLEET_GPUS);
    const low = wholeNumber(spec, 'off-hours GPUs', levels[2], 0, MAX_FLEET_GPUS);
    return {
      ...base,
      kind,
      gpusByHourOfWeek: scheduleByHourOfWeek(high, low, fromHour, toHour % 24, days === 'weekdays'),
    };
  }
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(argument);
  if (!range)
    throw new FleetSpecError(
      `fleet '${spec}': autoscale range '${argument}' must be MIN-MAX GPUs, e.g. autoscale:2-10`,
    );
  const minGpus = wholeNumber(spec, 'minimum GPUs', range[1], 0, MAX_FLEET_GPUS);
  const maxGpus = wholeNumber(spec, 'maximum GPUs', range[2], 1, MAX_FLEET_GPUS);
  if (minGpus > maxGpus)
    throw new FleetSpecError(
      `fleet '${spec}': minimum ${minGpus} is above maximum ${maxGpus}; write autoscale:MIN-MAX with MIN <= MAX`,
    );
  return {
    ...base,
    kind,
    minGpus,
    maxGpus,
    scaleUpDelayMinutes: options.has('delay')
      ? wholeNumber(spec, 'delay (minutes)', options.get('delay') ?? '', 0, 1440)
      : AUTOSCALE_DEFAULTS.scaleUpDelayMinutes,
    cooldownMinutes: options.has('cooldown')
      ? wholeNumber(spec, 'cooldown (minutes)', options.get('cooldown') ?? '', 0, 10_080)
      : AUTOSCALE_DEFAULTS.cooldownMinutes,
    targetUtilization: options.has('target')
      ? decimal(spec, 'target (utilization)', options.get('target') ?? '', 0, 1, true)
      : AUTOSCALE_DEFAULTS.targetUtilization,
  };
}

/**
 * One line for people.
 * @example describeFleetPolicy(parseFleetSpec('autoscale:2-10')) === 'autoscale 2-10 GPUs (scale-up delay 5 min, cool-down 30 min, target 70%), overflow to API'
 */
export function describeFleetPolicy(policy: FleetPolicy): string {
  const overflow = policy.overflow === 'api' ? 'overflow to API' : 'excess queues';
  const price = policy.usdPerGpuHour !== undefined ? `, $${policy.usdPerGpuHour}/GPU-hour` : '';
  if (policy.kind === 'fixed') return `fixed ${policy.gpus} GPUs${price}, ${overflow}`;
  if (policy.kind === 'scheduled') {
    const low = Math.min(...policy.gpusByHourOfWeek);
    return `scheduled ${low}-${largestGpus(policy)} GPUs by hour of the week${price}, ${overflow}`;
  }
  if (policy.kind === 'spot') {
    return `spot ${policy.gpus} GPUs (${policy.interruptionsPerHour} interruptions/replica-hour, replacement ${policy.replacementDelayMinutes} min)${price}, ${overflow}`;
  }
  return `autoscale ${policy.minGpus}-${policy.maxGpus} GPUs (scale-up delay ${policy.scaleUpDelayMinutes} min, cool-down ${policy.cooldownMinutes} min, target ${Math.round(policy.targetUtilization * 100)}%)${price}, ${overflow}`;
}
