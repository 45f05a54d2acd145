/** Request-log sinks: the batching sink, the SQLite store, queries and export. */
export * from './types.ts';
export * from './batching-sink.ts';
export * from './sqlite.ts';
export * from './export.ts';
export * from './memory-sink.ts';
export * from './since.ts';
