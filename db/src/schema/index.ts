export * from './audit.js';
export * from './directory.js';
export * from './requests.js';
