import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Served by the API under /addin/, so every asset URL is relative to that base.
export default defineConfig({
  base: '/addin/',
  plugins: [react()],
  resolve: { conditions: ['source'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
