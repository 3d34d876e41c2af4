export * from './client.js';
export * from './repositories/api-keys.js';
export * from './repositories/audit.js';
export * from './repositories/countries.js';
export * from './repositories/idempotency.js';
export * from './repositories/identity.js';
export * from './repositories/stats.js';
export * as schema from './schema/index.js';
export * from './time.js';
