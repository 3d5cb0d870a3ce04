// Builds the control panel into dist/renderer with relative asset paths, so it loads from file:// in Electron and from / over HTTP.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    // Inline nothing: the CSP allows scripts and styles only from 'self'.
    assetsInlineLimit: 0,
  },
});
