/**
 * GPU offers in today's catalog: per-GPU-hour price ranges per GPU and provider class
 * (hyperscaler, specialist GPU cloud, marketplace), for each tier a source gives
 * (on-demand; reserved = a 1-3 year commitment; spot = interruptible). Each row names its
 * source and the date of that source; a row that could not be re-checked keeps its
 * 2025-06-01 date, so the plan's staleness warning names it when it is used.
 *
 * Sources (read 2026-12-01 through published articles; no provider page was reachable):
 * - Mercatus, "Cloud GPU pricing" (May 2026): on-demand A100 80GB / H100 SXM / H200 by tier:
 *   hyperscaler $1.50-3.00 / $3.50-5.00 / $4.50-7.00, specialty $1.10-1.50 / $2.50-3.50 /
 *   $3.50-4.50, long-tail $0.80-1.10 / $1.99-2.50 / $2.50-3.50; "reservation cuts 30-50%".
 * - Lyceum, "NVIDIA B200 GPU cloud pricing 2026" (2026-03-11): B200 specialist on-demand
 *   $4.50-6.00, spot from $2.25; Spheron (2026-03-17): B200 $6.03, H200 $4.54 on demand.
 * - AIMultiple GPU index (2026-05-20): hyperscaler B200 listings 2-3x the neocloud ones.
 * - Cliff Center, "AMD inference economics" (2026-05-18): MI300X $1.50 (TensorWave), $1.85
 *   (Vultr), $1.71 Crusoe spot, $6 at Azure and Oracle; MI325X $1.95 (TensorWave).
 * - AI API Playbook, "GPU cloud pricing 2026" (2026-01-15): spot 40-70% below on-demand;
 *   A100 80GB spot $0.86.
 * Reserved ranges marked "derived" are the on-demand range less 30-50% (Mercatus' rule).
 *
 * Instance granularity: hyperscalers sell H100/H200/B200/MI300X as 8-GPU instances only
 * (AWS p5.48xlarge, p5e/p5en, p6-b200; Azure ND H100/H200/MI300X v5; GCP a3-highgpu-8g):
 * `wholeInstancesOnly`, so a fleet is rounded up to whole instances. Specialist and
 * marketplace clouds rent single GPUs of these types (Lambda, RunPod, Vultr list 1x).
 */
import type { GpuOffer } from './types.ts';

const range = (low: number, high: number) => ({ low, high });

const mercatus = { source: 'Mercatus cloud GPU pricing guide (May 2026)', asOf: '2026-05-01' };

export const builtInGpuOffers: GpuOffer[] = [
  {
    id: 'hyperscaler/h100-sxm',
    cloud: 'hyperscaler',
    providerClass: 'hyperscaler',
    gpu: 'h100-sxm',
    instanceType: 'AWS p5.48xlarge / Azure ND H100 v5 / GCP a3-highgpu-8g',
    gpusPerInstance: 8,
    wholeInstancesOnly: true,
    ...mercatus,
    source: `${mercatus.source}; reserved derived (30-50% off)`,
    usdPerGpuHour: { 'on-demand': range(3.5, 5.0), reserved: range(1.75, 3.5) },
  },
  {
    id: 'specialist/h100-sxm',
    cloud: 'specialist',
    providerClass: 'specialist',
    gpu: 'h100-sxm',
    instanceType: 'Lambda / RunPod / Nebius 1x H100 SXM',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source}; Cliff Center 2026-05-18 (Lambda $2.99, RunPod $3.49); reserved derived`,
    usdPerGpuHour: { 'on-demand': range(2.5, 3.5), reserved: range(1.25, 2.45) },
  },
  {
    id: 'marketplace/h100-sxm',
    cloud: 'marketplace',
    providerClass: 'marketplace',
    gpu: 'h100-sxm',
    instanceType: 'Vast.ai / RunPod community 1x H100',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source} (long-tail); spot 40-70% below (AI API Playbook 2026-01-15)`,
    usdPerGpuHour: { 'on-demand': range(1.99, 2.5), spot: range(0.75, 1.5) },
  },
  {
    id: 'hyperscaler/h200',
    cloud: 'hyperscaler',
    providerClass: 'hyperscaler',
    gpu: 'h200',
    instanceType: 'AWS p5e.48xlarge / Azure ND H200 v5',
    gpusPerInstance: 8,
    wholeInstancesOnly: true,
    ...mercatus,
    source: `${mercatus.source}; reserved derived (30-50% off)`,
    usdPerGpuHour: { 'on-demand': range(4.5, 7.0), reserved: range(2.25, 4.9) },
  },
  {
    id: 'specialist/h200',
    cloud: 'specialist',
    providerClass: 'specialist',
    gpu: 'h200',
    instanceType: 'CoreWeave / Lambda / Spheron H200',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source}; Spheron 2026-03-17 ($4.54); reserved derived`,
    usdPerGpuHour: { 'on-demand': range(3.5, 4.54), reserved: range(1.75, 3.18) },
  },
  {
    id: 'marketplace/h200',
    cloud: 'marketplace',
    providerClass: 'marketplace',
    gpu: 'h200',
    instanceType: 'long-tail 1x H200',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source} (long-tail); spot 40-70% below (AI API Playbook 2026-01-15)`,
    usdPerGpuHour: { 'on-demand': range(2.5, 3.5), spot: range(1.0, 2.1) },
  },
  {
    id: 'hyperscaler/b200',
    cloud: 'hyperscaler',
    providerClass: 'hyperscaler',
    gpu: 'b200',
    instanceType: 'AWS p6-b200.48xlarge / Azure ND B200 v6',
    gpusPerInstance: 8,
    wholeInstancesOnly: true,
    source: 'AIMultiple GPU index 2026-05-20 (hyperscaler B200 2-3x neocloud) x Lyceum $4.50-6.00; reserved derived',
    asOf: '2026-05-20',
    usdPerGpuHour: { 'on-demand': range(9.0, 14.0), reserved: range(4.5, 9.8) },
  },
  {
    id: 'specialist/b200',
    cloud: 'specialist',
    providerClass: 'specialist',
    gpu: 'b200',
    instanceType: 'Lambda / RunPod / Spheron B200',
    gpusPerInstance: 1,
    source:
      'Lyceum B200 pricing 2026-03-11 ($4.50-6.00 on demand, spot from $2.25); Spheron 2026-03-17 ($6.03); reserved derived',
    asOf: '2026-03-17',
    usdPerGpuHour: { 'on-demand': range(4.5, 6.03), reserved: range(2.25, 4.22), spot: range(2.25, 3.5) },
  },
  {
    id: 'hyperscaler/a100-80gb',
    cloud: 'hyperscaler',
    providerClass: 'hyperscaler',
    gpu: 'a100-80gb',
    instanceType: 'GCP a2-ultragpu-1g (1 GPU) / AWS p4de.24xlarge (8)',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source}; reserved derived (30-50% off)`,
    usdPerGpuHour: { 'on-demand': range(1.5, 3.0), reserved: range(0.75, 2.1) },
  },
  {
    id: 'specialist/a100-80gb',
    cloud: 'specialist',
    providerClass: 'specialist',
    gpu: 'a100-80gb',
    instanceType: 'Lambda / RunPod 1x A100 80GB',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source}; reserved derived`,
    usdPerGpuHour: { 'on-demand': range(1.1, 1.5), reserved: range(0.55, 1.05) },
  },
  {
    id: 'marketplace/a100-80gb',
    cloud: 'marketplace',
    providerClass: 'marketplace',
    gpu: 'a100-80gb',
    instanceType: 'Vast.ai / RunPod community 1x A100 80GB',
    gpusPerInstance: 1,
    ...mercatus,
    source: `${mercatus.source} (long-tail); spot $0.86 (AI API Playbook 2026-01-15)`,
    usdPerGpuHour: { 'on-demand': range(0.8, 1.1), spot: range(0.6, 0.9) },
  },
  {
    id: 'hyperscaler/mi300x',
    cloud: 'hyperscaler',
    providerClass: 'hyperscaler',
    gpu: 'mi300x',
    instanceType: 'Azure ND MI300X v5 / OCI BM.GPU.MI300X.8',
    gpusPerInstance: 8,
    wholeInstancesOnly: true,
    source: 'Cliff Center AMD inference economics 2026-05-18 ($6 at Azure and Oracle); reserved derived',
    asOf: '2026-05-18',
    usdPerGpuHour: { 'on-demand': range(6.0, 6.0), reserved: range(3.0, 4.2) },
  },
  {
    id: 'specialist/mi300x',
    cloud: 'specialist',
    providerClass: 'specialist',
    gpu: 'mi300x',
    instanceType: 'TensorWave / Vultr / Crusoe MI300X',
    gpusPerInstance: 1,
    source:
      'Cliff Center AMD inference economics 2026-05-18 (TensorWave $1.50, Vultr $1.85, median $1.99; Crusoe spot $1.71)',
    asOf: '2026-05-18',
    usdPerGpuHour: { 'on-demand': range(1.5, 1.99), reserved: range(0.75, 1.39), spot: range(1.71, 1.71) },
  },
  {
    id: 'specialist/mi325x',
    cloud: 'specialist',
    providerClass: 'specialist',
    gpu: 'mi325x',
    instanceType: 'TensorWave MI325X',
    gpusPerInstance: 1,
    source: 'Cliff Center AMD inference economics 2026-05-18 (TensorWave $1.95); reserved derived',
    asOf: '2026-05-18',
    usdPerGpuHour: { 'on-demand': range(1.95, 1.95), reserved: range(0.98, 1.37) },
  },
  // Not re-checked since 2025-06-01 (no 2026 source found): kept with their old date and
  // source, so a plan that uses them warns that the price is stale.
  {
    id: 'aws/l40s',
    cloud: 'aws',
    providerClass: 'hyperscaler',
    gpu: 'l40s',
    instanceType: 'g6e.xlarge',
    gpusPerInstance: 1,
    source: 'AWS EC2 on-demand and spot pricing',
    asOf: '2025-06-01',
    usdPerGpuHour: { 'on-demand': range(1.86, 2.7), reserved: range(1.2, 1.7), spot: range(0.7, 1.1) },
  },
  {
    id: 'gcp/l4',
    cloud: 'gcp',
    providerClass: 'hyperscaler',
    gpu: 'l4',
    instanceType: 'g2-standard-8',
    gpusPerInstance: 1,
    source: 'Google Cloud GPU pricing',
    asOf: '2025-06-01',
    usdPerGpuHour: { 'on-demand': range(0.71, 0.95), reserved: range(0.45, 0.6), spot: range(0.22, 0.35) },
  },
  {
    id: 'aws/a10g',
    cloud: 'aws',
    providerClass: 'hyperscaler',
    gpu: 'a10g',
    instanceType: 'g5.xlarge',
    gpusPerInstance: 1,
    source: 'AWS EC2 on-demand and spot pricing',
    asOf: '2025-06-01',
    usdPerGpuHour: { 'on-demand': range(1.01, 1.62), reserved: range(0.64, 0.95), spot: range(0.35, 0.6) },
  },
  {
    id: 'aws/a100-40gb',
    cloud: 'aws',
    providerClass: 'hyperscaler',
    gpu: 'a100-40gb',
    instanceType: 'p4d.24xlarge',
    gpusPerInstance: 8,
    wholeInstancesOnly: true,
    source: 'AWS EC2 on-demand pricing',
    asOf: '2025-06-01',
    usdPerGpuHour: { 'on-demand': range(2.75, 4.1), reserved: range(1.6, 2.5), spot: range(1.1, 1.8) },
  },
  {
    id: 'azure/h100-pcie',
    cloud: 'azure',
    providerClass: 'hyperscaler',
    gpu: 'h100-pcie',
    instanceType: 'NC40ads_H100_v5',
    gpusPerInstance: 1,
    source: 'Azure VM pricing; specialised GPU clouds',
    asOf: '2025-06-01',
    usdPerGpuHour: { 'on-demand': range(2.49, 6.98), reserved: range(1.9, 4.5), spot: range(1.3, 2.5) },
  },
];

/** Mid-point of a price range. @example midpointUsd({ low: 2, high: 4 }) === 3 */
export function midpointUsd(priceRange: { low: number; high: number }): number {
  return (priceRange.low + priceRange.high) / 2;
}
