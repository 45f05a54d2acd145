/**
 * Built-in GPU rental prices per GPU-hour, as low-high ranges, per cloud.
 * Ranges cover list prices across regions and commitment terms on the `asOf` date;
 * "reserved" is a 1-3 year commitment, "spot" the typical interruptible range.
 * The seeds' "80GB GPU instance $5-$30/hr" is a whole-instance range; these are per GPU.
 */
import type { GpuOffer } from './types.ts';

const asOf = '2025-06-01';
const range = (low: number, high: number) => ({ low, high });

export const builtInGpuOffers: GpuOffer[] = [
  {
    id: 'aws/a10g',
    cloud: 'aws',
    gpu: 'a10g',
    instanceType: 'g5.xlarge',
    gpusPerInstance: 1,
    source: 'AWS EC2 on-demand and spot pricing',
    asOf,
    usdPerGpuHour: { 'on-demand': range(1.01, 1.62), reserved: range(0.64, 0.95), spot: range(0.35, 0.6) },
  },
  {
    id: 'gcp/l4',
    cloud: 'gcp',
    gpu: 'l4',
    instanceType: 'g2-standard-8',
    gpusPerInstance: 1,
    source: 'Google Cloud GPU pricing',
    asOf,
    usdPerGpuHour: { 'on-demand': range(0.71, 0.95), reserved: range(0.45, 0.6), spot: range(0.22, 0.35) },
  },
  {
    id: 'aws/l40s',
    cloud: 'aws',
    gpu: 'l40s',
    instanceType: 'g6e.xlarge',
    gpusPerInstance: 1,
    source: 'AWS EC2 on-demand and spot pricing',
    asOf,
    usdPerGpuHour: { 'on-demand': range(1.86, 2.7), reserved: range(1.2, 1.7), spot: range(0.7, 1.1) },
  },
  {
    id: 'aws/a100-40gb',
    cloud: 'aws',
    gpu: 'a100-40gb',
    instanceType: 'p4d.24xlarge',
    gpusPerInstance: 8,
    source: 'AWS EC2 on-demand pricing',
    asOf,
    usdPerGpuHour: { 'on-demand': range(2.75, 4.1), reserved: range(1.6, 2.5), spot: range(1.1, 1.8) },
  },
  {
    id: 'gcp/a100-80gb',
    cloud: 'gcp',
    gpu: 'a100-80gb',
    instanceType: 'a2-ultragpu-1g',
    gpusPerInstance: 1,
    source: 'Google Cloud GPU pricing; specialised GPU clouds',
    asOf,
    usdPerGpuHour: { 'on-demand': range(1.79, 5.07), reserved: range(1.2, 3.2), spot: range(0.9, 1.6) },
  },
  {
    id: 'azure/h100-pcie',
    cloud: 'azure',
    gpu: 'h100-pcie',
    instanceType: 'NC40ads_H100_v5',
    gpusPerInstance: 1,
    source: 'Azure VM pricing; specialised GPU clouds',
    asOf,
    usdPerGpuHour: { 'on-demand': range(2.49, 6.98), reserved: range(1.9, 4.5), spot: range(1.3, 2.5) },
  },
  {
    id: 'aws/h100-sxm',
    cloud: 'aws',
    gpu: 'h100-sxm',
    instanceType: 'p5.48xlarge',
    gpusPerInstance: 8,
    source: 'AWS EC2 pricing (after the June 2025 cut); specialised GPU clouds',
    asOf,
    usdPerGpuHour: { 'on-demand': range(2.99, 7.57), reserved: range(2.1, 4.9), spot: range(1.6, 3.0) },
  },
  {
    id: 'coreweave/h200',
    cloud: 'coreweave',
    gpu: 'h200',
    instanceType: 'gd-8xh200ib',
    gpusPerInstance: 8,
    source: 'CoreWeave and specialised GPU cloud pricing',
    asOf,
    usdPerGpuHour: { 'on-demand': range(3.5, 6.3), reserved: range(2.6, 4.5), spot: range(2.0, 3.5) },
  },
  {
    id: 'coreweave/b200',
    cloud: 'coreweave',
    gpu: 'b200',
    instanceType: 'gb200/b200 8x',
    gpusPerInstance: 8,
    source: 'CoreWeave and specialised GPU cloud pricing',
    asOf,
    usdPerGpuHour: { 'on-demand': range(5.5, 8.6), reserved: range(3.8, 6.0), spot: range(3.0, 4.5) },
  },
  {
    id: 'azure/mi300x',
    cloud: 'azure',
    gpu: 'mi300x',
    instanceType: 'ND MI300X v5',
    gpusPerInstance: 8,
    source: 'Azure VM pricing; specialised GPU clouds',
    asOf,
    usdPerGpuHour: { 'on-demand': range(2.5, 6.0), reserved: range(1.9, 4.0), spot: range(1.5, 2.5) },
  },
];

/** Mid-point of a price range. @example midpointUsd({ low: 2, high: 4 }) === 3 */
export function midpointUsd(priceRange: { low: number; high: number }): number {
  return (priceRange.low + priceRange.high) / 2;
}
