import { describe, expect, it } from 'vitest';
import { capacityWidenedPriceRange, priceBandOf } from './evaluate-option.ts';
import type { OptionModel } from './options.ts';

/** An option model that only records the GPU prices its band variants are built at. */
function recordingModel(fleet: { usdPerGpuHourRange: { low: number; high: number }; capacityRelativeError?: number }) {
  const prices: number[] = [];
  const model = {
    facts: { fleet },
    withGpuPrice: (usdPerGpuHour: number) => {
      prices.push(usdPerGpuHour);
      return model;
    },
  } as unknown as OptionModel;
  return { model, prices };
}

describe('uncertainty band of a GPU option', () => {
  it('capacityWidenedPriceRange: a ±25% capacity error widens $2-$4 to $1.60-$5', () => {
    expect(capacityWidenedPriceRange({ low: 2, high: 4 }, 0.25)).toEqual({ low: 1.6, high: 5 });
    expect(capacityWidenedPriceRange({ low: 2, high: 4 }, 0)).toEqual({ low: 2, high: 4 });
  });

  it('priceBandOf prices the band at the widened range; without a capacity error at the GPU range', () => {
    const widened = recordingModel({ usdPerGpuHourRange: { low: 2, high: 4 }, capacityRelativeError: 0.6 });
    expect(priceBandOf(widened.model)).toBeDefined();
    expect(widened.prices[0]).toBeCloseTo(1.25, 12);
    expect(widened.prices[1]).toBeCloseTo(6.4, 12);
    const typed = recordingModel({ usdPerGpuHourRange: { low: 2, high: 4 } });
    priceBandOf(typed.model);
    expect(typed.prices).toEqual([2, 4]);
  });
});
