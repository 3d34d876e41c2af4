export * from './client.js';
export * from './repositories/countries.js';
export * from './repositories/stats.js';
export * as schema from './schema/index.js';
export * from './time.js';
