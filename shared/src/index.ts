export * from './domain/capacity.js';
export * from './domain/request-status.js';
export * from './domain/vocabularies.js';
export * from './providers.js';
export * from './schemas/common.js';
export * from './schemas/directory.js';
export * from './schemas/requests.js';
export * from './domain/patient-guard/index.js';
