/**
 * GPU hardware specs for the capacity model. Dense tensor throughput (no 2:4 sparsity);
 * null where the chip has no tensor path for that type (no FP8 before Ada/Hopper).
 * Memory in vendor GB (binary: an 80 GB part holds 80 x 2^30 bytes).
 * All-reduce latencies are typical small-message NCCL/RCCL figures for the interconnect
 * (~10 us NVLink/NVSwitch, ~25 us over PCIe), used only for the tensor-parallel term.
 */
import { closestNames } from '../core/text/suggest.ts';
import type { GpuSpec } from '../core/capacity/types.ts';
import { CatalogLookupError } from './lookup-error.ts';

const NVLINK_LATENCY_US = 10;
const PCIE_LATENCY_US = 25;

export const builtInGpuSpecs: GpuSpec[] = [
  {
    id: 'a10g',
    name: 'NVIDIA A10G 24GB',
    vendor: 'nvidia',
    hbmGb: 24,
    memoryBandwidthGbPerSecond: 600,
    // AWS publishes no tensor figures for its A10G variant; 70 TFLOPS FP16/BF16 dense (half of the
    // A10's 125 at lower clocks and FP32 accumulate) is the widely cited figure. INT8 = 2x.
    denseTflops: { bf16: 70, fp16: 70, fp8: null, int8: 140, int4: 280 },
    interconnect: { kind: 'pcie', gbPerSecond: 64, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source:
      'AWS EC2 G5 instance page (24 GB GDDR6, 600 GB/s); NVIDIA A10 datasheet scaled for A10G clocks (provenance: widely cited, not an official AWS number)',
    asOf: '2025-06-01',
  },
  {
    id: 'l4',
    name: 'NVIDIA L4 24GB',
    vendor: 'nvidia',
    hbmGb: 24,
    memoryBandwidthGbPerSecond: 300,
    denseTflops: { bf16: 121, fp16: 121, fp8: 242.5, int8: 242.5, int4: null },
    interconnect: { kind: 'pcie', gbPerSecond: 64, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA L4 Tensor Core GPU datasheet (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'l40s',
    name: 'NVIDIA L40S 48GB',
    vendor: 'nvidia',
    hbmGb: 48,
    memoryBandwidthGbPerSecond: 864,
    denseTflops: { bf16: 362.05, fp16: 362.05, fp8: 733, int8: 733, int4: 733 },
    interconnect: { kind: 'pcie', gbPerSecond: 64, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA L40S datasheet (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'a100-40gb',
    name: 'NVIDIA A100 SXM 40GB',
    vendor: 'nvidia',
    hbmGb: 40,
    memoryBandwidthGbPerSecond: 1555,
    denseTflops: { bf16: 312, fp16: 312, fp8: null, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', gbPerSecond: 600, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA A100 Tensor Core GPU datasheet',
    asOf: '2025-06-01',
  },
  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 SXM 80GB',
    vendor: 'nvidia',
    hbmGb: 80,
    memoryBandwidthGbPerSecond: 2039,
    denseTflops: { bf16: 312, fp16: 312, fp8: null, int8: 624, int4: 1248 },
    interconnect: { kind: 'nvlink', gbPerSecond: 600, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA A100 Tensor Core GPU datasheet',
    asOf: '2025-06-01',
  },
  {
    id: 'h100-pcie',
    name: 'NVIDIA H100 PCIe 80GB',
    vendor: 'nvidia',
    hbmGb: 80,
    memoryBandwidthGbPerSecond: 2000,
    denseTflops: { bf16: 756.5, fp16: 756.5, fp8: 1513, int8: 1513, int4: null },
    // Servers without NVLink bridges talk over PCIe Gen5 x16 (128 GB/s both directions).
    interconnect: { kind: 'pcie', gbPerSecond: 128, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA H100 Tensor Core GPU datasheet, PCIe column (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM 80GB',
    vendor: 'nvidia',
    hbmGb: 80,
    memoryBandwidthGbPerSecond: 3350,
    denseTflops: { bf16: 989.5, fp16: 989.5, fp8: 1979, int8: 1979, int4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 900, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA H100 Tensor Core GPU datasheet, SXM column (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM 141GB',
    vendor: 'nvidia',
    hbmGb: 141,
    memoryBandwidthGbPerSecond: 4800,
    denseTflops: { bf16: 989.5, fp16: 989.5, fp8: 1979, int8: 1979, int4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 900, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA H200 Tensor Core GPU datasheet, SXM column (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'b200',
    name: 'NVIDIA B200 180GB',
    vendor: 'nvidia',
    hbmGb: 180,
    memoryBandwidthGbPerSecond: 8000,
    // FP4 (9 PFLOPS dense) is not one of the precisions modelled here.
    denseTflops: { bf16: 2250, fp16: 2250, fp8: 4500, int8: 4500, int4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 1800, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA DGX B200 / HGX B200 datasheet (1,440 GB and 64 TB/s per 8 GPUs; sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'mi300x',
    name: 'AMD Instinct MI300X 192GB',
    vendor: 'amd',
    hbmGb: 192,
    memoryBandwidthGbPerSecond: 5300,
    denseTflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9, int8: 2614.9, int4: null },
    interconnect: { kind: 'infinity-fabric', gbPerSecond: 896, allReduceLatencyUs: 15 },
    maxGpusPerNode: 8,
    source: 'AMD Instinct MI300X datasheet (dense figures)',
    asOf: '2025-06-01',
  },
];

/** Every built-in GPU spec. */
export function listGpuSpecs(): GpuSpec[] {
  return [...builtInGpuSpecs];
}

/**
 * The GPU spec with this id (case-insensitive); throws CatalogLookupError naming the closest ids.
 * @example findGpuSpec('h100-sxm').hbmGb === 80; findGpuSpec('h100') // throws: did you mean 'h100-pcie', 'h100-sxm'?
 */
export function findGpuSpec(id: string, specs: GpuSpec[] = builtInGpuSpecs): GpuSpec {
  const wanted = id.trim().toLowerCase();
  const found = specs.find((spec) => spec.id === wanted);
  if (found) return found;
  throw new CatalogLookupError(
    'GPU',
    id,
    closestNames(
      wanted,
      specs.map((spec) => spec.id),
    ),
  );
}
