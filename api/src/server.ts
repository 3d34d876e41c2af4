import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { assertSafeBinding } from './identity/binding.js';
import { tlsServerOptions } from './tls.js';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
  assertSafeBinding(config);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Invalid configuration — ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const app = await buildApp(config, tlsServerOptions(config));

// Graceful shutdown: stop accepting connections, let in-flight requests finish, close the DB (onClose hooks).
let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, async () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    await app.close();
    clearTimeout(timer);
    process.exit(0);
  });
}

try {
  await app.listen({ host: config.host, port: config.port });
} catch (error) {
  app.log.fatal(error, 'could not start');
  process.exit(1);
}
