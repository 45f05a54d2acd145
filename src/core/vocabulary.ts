/**
 * The one source of truth for the enumerations every layer shares: schema enums, catalog
 * types, CLI help and dashboard forms all read these lists.
 */

/** Weight precisions the capacity model knows. */
export const precisions = ['fp16', 'bf16', 'fp8', 'int8', 'int4'] as const;
export type Precision = (typeof precisions)[number];

/** How GPU-hours are bought: on demand, reserved (committed) or spot. */
export const gpuPricingTiers = ['on-demand', 'reserved', 'spot'] as const;
export type GpuPricing = (typeof gpuPricingTiers)[number];

/** Kinds of per-token provider: a frontier model's API, or an open model at a hosting provider. */
export const tokenPricedKinds = ['frontier-api', 'hosted-open'] as const;
export type TokenPricedKind = (typeof tokenPricedKinds)[number];

/** Kinds of deployment option the planner compares. */
export const optionKinds = [...tokenPricedKinds, 'cloud-managed', 'self-hosted', 'hybrid'] as const;
export type OptionKind = (typeof optionKinds)[number];

/**
 * How a GPU fleet is run: fixed 24/7, autoscaled on demand, scheduled by hour of the week
 * (a timetable from the weekly traffic shape), or a queued batch fleet for offline work.
 */
export const fleetPolicies = ['fixed', 'autoscale', 'scheduled', 'batch'] as const;
export type FleetPolicyKind = (typeof fleetPolicies)[number];
