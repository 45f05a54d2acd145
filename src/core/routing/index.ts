/** Pure routing: config schema, compile, attempt planning, circuit breaker, weighted picker, pricing. */
export * from './schema.ts';
export * from './compile.ts';
export * from './plan.ts';
export * from './circuit.ts';
export * from './weighted.ts';
export * from './random.ts';
export * from './pricing.ts';
