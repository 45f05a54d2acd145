import { describe, expect, it } from 'vitest';
import {
  describeFleetPolicy,
  FleetSpecError,
  largestGpus,
  parseFleetSpec,
  scheduleByHourOfWeek,
} from './fleet-spec.ts';

describe('parseFleetSpec', () => {
  it('parses the documented examples', () => {
    expect(parseFleetSpec('fixed:6')).toEqual({ spec: 'fixed:6', kind: 'fixed', gpus: 6, overflow: 'api' });
    expect(parseFleetSpec('autoscale:2-10')).toMatchObject({
      kind: 'autoscale',
      minGpus: 2,
      maxGpus: 10,
      scaleUpDelayMinutes: 5,
      cooldownMinutes: 30,
      targetUtilization: 0.7,
    });
    expect(parseFleetSpec('autoscale:2-10,delay=5,cooldown=30,target=0.7')).toMatchObject({
      scaleUpDelayMinutes: 5,
      cooldownMinutes: 30,
      targetUtilization: 0.7,
    });
    expect(parseFleetSpec('spot:4')).toMatchObject({
      kind: 'spot',
      gpus: 4,
      interruptionsPerHour: 0.01,
      replacementDelayMinutes: 10,
    });
    expect(parseFleetSpec('spot:4,interrupt=0.05,price=1.2')).toMatchObject({
      interruptionsPerHour: 0.05,
      usdPerGpuHour: 1.2,
    });
    expect(parseFleetSpec(' fixed:0 , overflow=queue ')).toMatchObject({
      spec: 'fixed:0 , overflow=queue',
      gpus: 0,
      overflow: 'queue',
    });
  });

  const bad: Array<[string, RegExp]> = [
    ['fixd:6', /unknown kind 'fixd' \(did you mean 'fixed'\?\); allowed: fixed, autoscale, spot/],
    ['fixed', /missing ':'/],
    ['fixed:-1', /GPU count '-1' must be a whole number from 0 to 100000/],
    ['fixed:1.5', /GPU count '1.5' must be a whole number/],
    ['autoscale:10-2', /minimum 10 is above maximum 2/],
    ['autoscale:5', /range '5' must be MIN-MAX/],
    [
      'autoscale:2-10,dealy=5',
      /unknown option 'dealy' \(did you mean 'delay'\?\); allowed for autoscale: delay, cooldown, target, price, overflow/,
    ],
    ['autoscale:2-10,target=1.5', /target \(utilization\) '1.5' must be a number above 0 and at most 1/],
    ['spot:4,interrupt=abc', /interrupt .* 'abc' must be a number/],
    ['spot:4,delay=5', /unknown option 'delay'; allowed for spot: interrupt, price, replace, overflow/],
    ['fixed:6,overflow=drop', /overflow 'drop' is not allowed; use overflow=api .* or overflow=queue/],
    ['fixed:6,price', /option 'price' must look like name=value/],
    ['fixed:6,price=1,price=2', /option 'price' is given twice/],
  ];
  for (const [spec, message] of bad) {
    it(`rejects '${spec}' with a clear message`, () => {
      expect(() => parseFleetSpec(spec)).toThrow(FleetSpecError);
      expect(() => parseFleetSpec(spec)).toThrow(message);
    });
  }
});

describe('scheduled fleets', () => {
  it('scheduleByHourOfWeek lays a daily timetable over the week (doc example: 8 GPUs at 08:00, 2 at 20:00)', () => {
    const timetable = scheduleByHourOfWeek(8, 2, 8, 20, false);
    expect(timetable).toHaveLength(168);
    expect(timetable[8]).toBe(8);
    expect(timetable[20]).toBe(2);
    expect(timetable[5 * 24 + 12]).toBe(8); // Saturday noon, every day
    expect(scheduleByHourOfWeek(8, 2, 8, 20, true)[5 * 24 + 12]).toBe(2); // weekdays only
    expect(scheduleByHourOfWeek(4, 1, 22, 6, false)[23]).toBe(4); // a window across midnight
  });
  it('largestGpus is the most GPUs a policy runs (doc examples)', () => {
    expect(largestGpus(parseFleetSpec('autoscale:2-10'))).toBe(10);
    expect(largestGpus(parseFleetSpec('scheduled:8/2'))).toBe(8);
    expect(largestGpus(parseFleetSpec('fixed:3'))).toBe(3);
  });
  it('parses scheduled:HIGH/LOW with its options and rejects a bad one', () => {
    const policy = parseFleetSpec('scheduled:6/2,from=9,to=17,days=weekdays');
    expect(policy.kind).toBe('scheduled');
    if (policy.kind !== 'scheduled') return;
    expect(policy.gpusByHourOfWeek[9]).toBe(6);
    expect(policy.gpusByHourOfWeek[17]).toBe(2);
    expect(describeFleetPolicy(policy)).toBe('scheduled 2-6 GPUs by hour of the week, overflow to API');
    expect(() => parseFleetSpec('scheduled:6-2')).toThrow(/must be HIGH\/LOW GPUs/);
    expect(() => parseFleetSpec('scheduled:6/2,days=sundays')).toThrow(/days=all or days=weekdays/);
  });
});

describe('describeFleetPolicy', () => {
  it('matches the documented example', () => {
    expect(describeFleetPolicy(parseFleetSpec('autoscale:2-10'))).toBe(
      'autoscale 2-10 GPUs (scale-up delay 5 min, cool-down 30 min, target 70%), overflow to API',
    );
    expect(describeFleetPolicy(parseFleetSpec('fixed:3,overflow=queue,price=2'))).toBe(
      'fixed 3 GPUs, $2/GPU-hour, excess queues',
    );
  });
});
