import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /addin/, so every asset URL is relative to that base.
export default defineConfig({
  base: '/addin/',
  plugins: [react()],
  resolve: { conditions: ['source'] },
  // The entry chunk (React + the Fluent components of the shell) is ~490 KB raw / ~140 KB gzipped: the
  // budget that matters is the gzipped initial JS, measured by `npm run bench addin` (≤ 200 KB).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 600 },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
