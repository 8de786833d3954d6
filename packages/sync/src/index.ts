export * from './protocol.js';
export * from './mutations.js';
export * from './paths.js';
export * from './merge.js';
export * from './case-ops.js';
export * from './trace.js';
