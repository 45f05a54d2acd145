/**
 * The simulate use-case's labelled defaults, in a module of their own so that the CLI's
 * command registration can print them in `--help` without loading the simulation.
 */

/** Used when no throughput is given and the capacity model cannot size the workload's model on its GPU. */
export const DEFAULT_TOKENS_PER_HOUR_PER_GPU = 2_000_000;
/** Used when no GPU price is given and the catalog has no price for the workload's GPU. */
export const DEFAULT_GPU_USD_PER_HOUR = 4;
/** Default horizon in 30-day months. */
export const DEFAULT_SIMULATION_MONTHS = 12;
/** Default random seed. */
export const DEFAULT_SIMULATION_SEED = 1;
