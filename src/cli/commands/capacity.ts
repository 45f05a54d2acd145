/**
 * `switchyard capacity`: what a model does on a GPU group (memory fit, KV-cache
 * concurrency, throughput and latency at load, tokens per GPU-hour, USD per 1M tokens).
 * Only the definition lives here; what it does (capacity-action.ts) is loaded when it runs.
 */
import type { Command } from 'commander';
import { DEFAULT_ENGINE_ID } from '../../catalog/engines.ts';
import { precisions } from '../../core/vocabulary.ts';
import type { CapacityFlags } from './capacity-action.ts';

export const capacityFormats = ['table', 'json', 'markdown'] as const;

export function registerCapacityCommand(program: Command): void {
  program
    .command('capacity')
    .description(
      'What a model does on a GPU group: memory fit, KV-cache concurrency, prefill/decode throughput, TTFT/TPOT at load, tokens per GPU-hour and USD per 1M tokens',
    )
    .requiredOption('--model <id>', 'open model id (e.g. llama-3.1-70b, qwen3-235b-a22b, gpt-oss-120b)')
    .requiredOption('--gpu <id>', 'GPU id (e.g. h100-sxm)')
    .option('--gpus <n>', 'GPUs per replica (tensor- or expert-parallel degree); default: the fewest that fit')
    .option(
      '--precision <type>',
      `weight precision: ${precisions.join(', ')} (fp4 = NVFP4/MXFP4: native on B200/MI355X, weight-only elsewhere)`,
      'bf16',
    )
    .option(
      '--expert-parallel',
      'MoE models: spread experts over the GPUs with data-parallel attention (TensorRT-LLM DEP, vLLM/SGLang --enable-expert-parallel) instead of tensor parallelism',
    )
    .option('--input-tokens <n>', 'input tokens per request (average)')
    .option('--output-tokens <n>', 'output tokens per request (average)')
    .option('--ttft-p95-ms <ms>', 'p95 time-to-first-token target')
    .option('--tpot-p95-ms <ms>', 'p95 time-per-output-token target')
    .option('--engine <id>', 'serving engine: vllm, sglang, tensorrt-llm, tgi', DEFAULT_ENGINE_ID)
    .option(
      '--concurrency <n>',
      'run at exactly this many concurrent requests (instead of the SLO / throughput optimum)',
    )
    .option(
      '--kv-cache-precision <type>',
      'KV cache precision: fp16 or fp8 (default: the engine default for the weight precision)',
    )
    .option('--usd-per-gpu-hour <usd>', 'GPU price, to get USD per 1M tokens')
    .option('--utilization <share>', 'share of paid GPU-hours at the operating point, for USD per 1M tokens', '1')
    .option('--format <format>', `output format: ${capacityFormats.join(', ')}`, 'table')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((flags: CapacityFlags) => import('./capacity-action.ts').then((loaded) => loaded.runCapacity(flags)));
}
