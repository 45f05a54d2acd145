import { describe, expect, it } from 'vitest';
import { servingV8Flags, servingV8FlagsToSet, tuneV8ForServing } from './serving-heap.ts';

describe('servingV8FlagsToSet', () => {
  it('checks the doc examples', () => {
    expect(servingV8FlagsToSet([], undefined)).toEqual(['--no-allocation-site-pretenuring']);
    expect(servingV8FlagsToSet([], '--allocation-site-pretenuring')).toEqual([]);
  });

  it('leaves a flag the operator set either way, in either spelling, on the command line or in NODE_OPTIONS', () => {
    expect(servingV8FlagsToSet(['--no_allocation_site_pretenuring'], undefined)).toEqual([]);
    expect(servingV8FlagsToSet(['--inspect'], '--max-old-space-size=512  --allocation_site_pretenuring')).toEqual([]);
    expect(servingV8FlagsToSet(['--inspect'], '--max-old-space-size=512')).toEqual([...servingV8Flags]);
    // A flag that only starts like it is not it.
    expect(servingV8FlagsToSet(['--allocation-site-pretenuring-x'], '')).toEqual([...servingV8Flags]);
  });

  it('tuneV8ForServing sets what servingV8FlagsToSet chose for this process', () => {
    expect(tuneV8ForServing()).toEqual(servingV8FlagsToSet(process.execArgv, process.env.NODE_OPTIONS));
  });
});
