/**
 * GPU hardware specs for the capacity model. Dense tensor throughput (no 2:4 sparsity);
 * null where the chip has no tensor path for that type (no FP8 before Ada/Hopper, no FP4
 * before Blackwell / CDNA 4: on H100/H200, A100, L40S, MI300X/MI325X FP4 weights are
 * weight-only, dequantised to 16-bit for the multiply).
 * Memory in vendor GB (binary: an 80 GB part holds 80 x 2^30 bytes).
 * All-reduce latencies are typical small-message NCCL figures for the interconnect (~10 us
 * NVLink/NVSwitch, ~25 us over PCIe) and a calibrated 33 us for RCCL on Infinity Fabric, used
 * for the tensor-parallel (and expert-parallel all-to-all) terms.
 */
import { closestNames } from '../core/text/suggest.ts';
import type { GpuSpec } from '../core/capacity/types.ts';
import { CatalogLookupError } from './lookup-error.ts';

const NVLINK_LATENCY_US = 10;
const PCIE_LATENCY_US = 25;
/**
 * RCCL small-message all-reduce across 8 Infinity-Fabric GPUs: 33 us, calibrated (not a
 * datasheet figure) on AMD's published batch-1 Llama 3.1 70B TP8 decode; used for MI325X
 * and MI355X too (same topology, no measurement of their own).
 */
const MI300_ALL_REDUCE_LATENCY_US = 33;

export const builtInGpuSpecs: GpuSpec[] = [
  {
    id: 'a10g',
    family: 'ampere',
    name: 'NVIDIA A10G 24GB',
    vendor: 'nvidia',
    hbmGb: 24,
    memoryBandwidthGbPerSecond: 600,
    // AWS publishes no tensor figures for its A10G variant; 70 TFLOPS FP16/BF16 dense (half of the
    // A10's 125 at lower clocks and FP32 accumulate) is the widely cited figure. INT8 = 2x.
    denseTflops: { bf16: 70, fp16: 70, fp8: null, int8: 140, int4: 280, fp4: null },
    interconnect: { kind: 'pcie', gbPerSecond: 64, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source:
      'AWS EC2 G5 instance page (24 GB GDDR6, 600 GB/s); NVIDIA A10 datasheet scaled for A10G clocks (provenance: widely cited, not an official AWS number)',
    asOf: '2025-06-01',
  },
  {
    id: 'l4',
    family: 'ada',
    name: 'NVIDIA L4 24GB',
    vendor: 'nvidia',
    hbmGb: 24,
    memoryBandwidthGbPerSecond: 300,
    denseTflops: { bf16: 121, fp16: 121, fp8: 242.5, int8: 242.5, int4: null, fp4: null },
    interconnect: { kind: 'pcie', gbPerSecond: 64, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA L4 Tensor Core GPU datasheet (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'l40s',
    family: 'ada',
    name: 'NVIDIA L40S 48GB',
    vendor: 'nvidia',
    hbmGb: 48,
    memoryBandwidthGbPerSecond: 864,
    denseTflops: { bf16: 362.05, fp16: 362.05, fp8: 733, int8: 733, int4: 733, fp4: null },
    interconnect: { kind: 'pcie', gbPerSecond: 64, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA L40S datasheet (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'a100-40gb',
    family: 'ampere',
    name: 'NVIDIA A100 SXM 40GB',
    vendor: 'nvidia',
    hbmGb: 40,
    memoryBandwidthGbPerSecond: 1555,
    denseTflops: { bf16: 312, fp16: 312, fp8: null, int8: 624, int4: 1248, fp4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 600, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA A100 Tensor Core GPU datasheet',
    asOf: '2025-06-01',
  },
  {
    id: 'a100-80gb',
    family: 'ampere',
    name: 'NVIDIA A100 SXM 80GB',
    vendor: 'nvidia',
    hbmGb: 80,
    memoryBandwidthGbPerSecond: 2039,
    denseTflops: { bf16: 312, fp16: 312, fp8: null, int8: 624, int4: 1248, fp4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 600, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA A100 Tensor Core GPU datasheet',
    asOf: '2025-06-01',
  },
  {
    id: 'h100-pcie',
    family: 'hopper',
    name: 'NVIDIA H100 PCIe 80GB',
    vendor: 'nvidia',
    hbmGb: 80,
    memoryBandwidthGbPerSecond: 2000,
    denseTflops: { bf16: 756.5, fp16: 756.5, fp8: 1513, int8: 1513, int4: null, fp4: null },
    // Servers without NVLink bridges talk over PCIe Gen5 x16 (128 GB/s both directions).
    interconnect: { kind: 'pcie', gbPerSecond: 128, allReduceLatencyUs: PCIE_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA H100 Tensor Core GPU datasheet, PCIe column (sparse figures halved)',
    asOf: '2025-06-01',
  },
  {
    id: 'h100-sxm',
    family: 'hopper',
    name: 'NVIDIA H100 SXM 80GB',
    vendor: 'nvidia',
    hbmGb: 80,
    memoryBandwidthGbPerSecond: 3350,
    denseTflops: { bf16: 989.5, fp16: 989.5, fp8: 1979, int8: 1979, int4: null, fp4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 900, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA H100 Tensor Core GPU datasheet, SXM column (sparse figures halved; no FP4 tensor cores on Hopper)',
    asOf: '2025-12-01',
  },
  {
    id: 'h200',
    family: 'hopper',
    name: 'NVIDIA H200 SXM 141GB',
    vendor: 'nvidia',
    hbmGb: 141,
    memoryBandwidthGbPerSecond: 4800,
    denseTflops: { bf16: 989.5, fp16: 989.5, fp8: 1979, int8: 1979, int4: null, fp4: null },
    interconnect: { kind: 'nvlink', gbPerSecond: 900, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source: 'NVIDIA H200 Tensor Core GPU datasheet, SXM column (sparse figures halved; no FP4 tensor cores on Hopper)',
    asOf: '2025-12-01',
  },
  {
    id: 'b200',
    family: 'blackwell',
    name: 'NVIDIA B200 180GB',
    vendor: 'nvidia',
    hbmGb: 180,
    memoryBandwidthGbPerSecond: 8000,
    // FP4 = NVFP4 / MXFP4 on 5th-generation tensor cores: 9 PFLOPS dense (18 with sparsity).
    denseTflops: { bf16: 2250, fp16: 2250, fp8: 4500, int8: 4500, int4: null, fp4: 9000 },
    interconnect: { kind: 'nvlink', gbPerSecond: 1800, allReduceLatencyUs: NVLINK_LATENCY_US },
    maxGpusPerNode: 8,
    source:
      'NVIDIA DGX B200 / HGX B200 datasheet (1,440 GB and 64 TB/s per 8 GPUs; FP4 144, FP8 72, BF16 36 PFLOPS sparse per 8 GPUs, halved for dense); NVLink 5 1.8 TB/s per GPU',
    asOf: '2025-12-01',
  },
  {
    id: 'mi300x',
    family: 'cdna3',
    name: 'AMD Instinct MI300X 192GB',
    vendor: 'amd',
    hbmGb: 192,
    memoryBandwidthGbPerSecond: 5300,
    denseTflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9, int8: 2614.9, int4: null, fp4: null },
    // 33 us: calibrated on AMD's batch-1 Llama 3.1 70B TP8 latency (docs/capacity-validation.md); the datasheet gives none.
    interconnect: { kind: 'infinity-fabric', gbPerSecond: 896, allReduceLatencyUs: MI300_ALL_REDUCE_LATENCY_US },
    maxGpusPerNode: 8,
    source:
      'AMD Instinct MI300X datasheet (dense figures; no FP4 on CDNA 3); 7 Infinity Fabric links x 128 GB/s = 896 GB/s',
    asOf: '2025-12-01',
  },
  {
    id: 'mi325x',
    family: 'cdna3',
    name: 'AMD Instinct MI325X 256GB',
    vendor: 'amd',
    hbmGb: 256,
    memoryBandwidthGbPerSecond: 6000,
    // Same CDNA 3 compute die as the MI300X; more and faster HBM3E.
    denseTflops: { bf16: 1307.4, fp16: 1307.4, fp8: 2614.9, int8: 2614.9, int4: null, fp4: null },
    interconnect: { kind: 'infinity-fabric', gbPerSecond: 896, allReduceLatencyUs: MI300_ALL_REDUCE_LATENCY_US },
    maxGpusPerNode: 8,
    source:
      'AMD Instinct MI325X datasheet (October 2024: 256 GB HBM3E, 6 TB/s, FP16 1.3 PF / FP8 2.6 PF dense; no FP4)',
    asOf: '2025-12-01',
  },
  {
    id: 'mi355x',
    family: 'cdna4',
    name: 'AMD Instinct MI355X 288GB',
    vendor: 'amd',
    hbmGb: 288,
    memoryBandwidthGbPerSecond: 8000,
    // CDNA 4 doubles per-CU matrix throughput and adds MXFP4/MXFP6 (10 PF dense; the 20.1 PF headline is with sparsity).
    denseTflops: { bf16: 2516.6, fp16: 2516.6, fp8: 5033.2, int8: 5033.2, int4: null, fp4: 10066.3 },
    interconnect: { kind: 'infinity-fabric', gbPerSecond: 1075, allReduceLatencyUs: MI300_ALL_REDUCE_LATENCY_US },
    maxGpusPerNode: 8,
    source:
      'AMD Instinct MI355X product page and CDNA 4 white paper (June 2025: 288 GB HBM3E, 8 TB/s, FP16 2.5 / FP8 5.0 / MXFP4 10.1 PF dense; 7 x 153.6 GB/s Infinity Fabric)',
    asOf: '2025-12-01',
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
