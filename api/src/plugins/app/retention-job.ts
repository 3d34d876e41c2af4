import fp from 'fastify-plugin';
import { runRetention } from '../../data-protection/retention.js';

const DAY_MS = 86_400_000;

/**
 * The daily retention purge, started with the app: once shortly after start-up, then every 24 h.
 * The timer is unref'd (it never keeps the process alive) and cleared when the app closes.
 */
export default fp(
  async (app) => {
    const settings = app.config.dataProtection;
    if (!settings.retentionJob) return;
    let running: Promise<unknown> | null = null;
    const run = () => {
      if (running) return;
      running = runRetention(app.database.db, {
        retentionMonths: settings.retentionMonths,
        outboxRetentionDays: settings.outboxRetentionDays,
        importRetentionDays: settings.importRetentionDays,
        outboxDir: app.config.booking.outboxDir,
      })
        .then((result) => {
          app.log.info(result, 'retention purge');
          // Deletions of personal data are writes like any other: the trail says what went, and when.
          if (result.requests || result.bookings || result.outboxFiles || result.imports) {
            app.audit(null, {
              action: 'retention_purge',
              entity: 'conference_request',
              details: { ...result },
            });
          }
        })
        .catch((err) => app.log.error({ err }, 'retention purge failed'))
        .finally(() => {
          running = null;
        });
    };
    let first: NodeJS.Timeout | undefined;
    let daily: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      first = setTimeout(run, 5_000).unref();
      daily = setInterval(run, DAY_MS).unref();
    });
    app.addHook('onClose', async () => {
      clearTimeout(first);
      clearInterval(daily);
      await running;
    });
  },
  { name: 'retention-job', dependencies: ['database', 'audit'] },
);
