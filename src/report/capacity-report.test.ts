import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../catalog/engines.ts';
import { findGpuSpec } from '../catalog/gpus.ts';
import { findOpenModel } from '../catalog/open-models.ts';
import { estimateServing } from '../core/capacity/index.ts';
import { capacityReport, renderCapacityMarkdown, renderCapacityTable } from './capacity-report.ts';

const model = findOpenModel('llama-3.1-8b');
const gpu = findGpuSpec('l40s');
const engine = findEngineProfile('vllm');
const estimate = estimateServing({
  model,
  gpu,
  engine,
  precision: 'fp8',
  inputTokens: 1000,
  outputTokens: 200,
  tpotSloMs: 50,
});

describe('capacity report', () => {
  it('names the setup, the price when known and the sources', () => {
    const report = capacityReport({
      model,
      gpu,
      engine,
      inputTokens: 1000,
      outputTokens: 200,
      tpotSloMs: 50,
      estimate,
      usdPerGpuHour: 1.2,
      utilization: 0.5,
      usdPerMillionTokens: 0.5,
    });
    const table = renderCapacityTable(report);
    expect(table).toMatch(/llama-3.1-8b on 1 x l40s \(tensor parallel\), fp8 weights, fp16 KV cache, vllm/);
    expect(table).toMatch(/\$0.50 \(at \$1.20\/GPU-hour, 50% utilization\)/);
    expect(table).toMatch(/NVIDIA L40S datasheet/);
    const markdown = renderCapacityMarkdown(report);
    expect(markdown).toMatch(/^## Capacity: llama-3.1-8b on 1 x l40s/);
    expect(markdown).toMatch(/\| concurrency \| output tok\/s \| TTFT p95 ms \| TPOT p95 ms \|/);
  });

  it('says "depends on GPU price" instead of $0 when no price is given', () => {
    const report = capacityReport({ model, gpu, engine, inputTokens: 1000, outputTokens: 200, estimate });
    expect(report.usdPerMillionTokens).toBeUndefined();
    expect(renderCapacityTable(report)).toMatch(/depends on GPU price: pass --usd-per-gpu-hour/);
  });
});
