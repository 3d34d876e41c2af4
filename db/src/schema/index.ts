export * from './audit.js';
export * from './directory.js';
export * from './imports.js';
export * from './requests.js';
