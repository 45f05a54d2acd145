import { describe, expect, it } from 'vitest';
import { closestNames, editDistance } from './suggest.ts';

describe('"did you mean" suggestions', () => {
  it('editDistance counts single-character edits (doc example: h100 -> h200 is 1)', () => {
    expect(editDistance('h100', 'h200')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('closestNames puts substring matches first, then the closest by edit distance (doc example)', () => {
    expect(closestNames('h100', ['h100-sxm', 'h100-pcie', 'a10g', 'l4'])).toEqual(['h100-sxm', 'h100-pcie', 'a10g']);
    expect(closestNames('H100', ['h100-sxm'], 1)).toEqual(['h100-sxm']);
  });
});
