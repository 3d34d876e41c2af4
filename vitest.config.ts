import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (the "source" export condition),
  // so tests never need a build first.
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    // autoload imports route files with a dynamic import(); inlined, that import goes through Vite
    // and can load TypeScript sources.
    server: { deps: { inline: ['@fastify/autoload'] } },
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
