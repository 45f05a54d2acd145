import { describe, expect, it } from 'vitest';
import { describeFleetPolicy, FleetSpecError, parseFleetSpec } from './fleet-spec.ts';

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
