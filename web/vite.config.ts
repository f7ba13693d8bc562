import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The desk: built into web/dist/ (ignored by git), served by the gateway at /desk/ locally and
 * from CloudBase static hosting under the same path in production. `vite build web` runs this.
 */
export default defineConfig({
  base: '/desk/',
  plugins: [react()],
  // Only VITE_DESK_* reaches the page: nothing else in the environment is baked into the bundle.
  envPrefix: 'VITE_DESK_',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // TDesign and ECharts are large; each page is its own chunk, loaded when first opened.
    chunkSizeWarningLimit: 1500,
  },
});
