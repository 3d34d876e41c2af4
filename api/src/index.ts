export * from './access.js';
export { type App, buildApp } from './app.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export * from './errors.js';
export * from './identity/index.js';

// Type-only: brings the database plugin's declaration merging (app.database) to consumers such as the
// tests, which see the app through this entry point.
import type {} from './plugins/app/database.js';
