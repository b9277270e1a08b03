import { defineConfig } from 'vite';

// Preact's JSX through esbuild directly: no Babel preset needed.
// In development (`npm run dev`), API calls go to a local `plasticity serve` on port 8080.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/healthz': 'http://127.0.0.1:8080',
    },
  },
});
