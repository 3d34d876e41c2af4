export * from './access.js';
export { type App, buildApp } from './app.js';
export { type Config, ConfigError, loadConfig } from './config.js';
export * from './errors.js';
