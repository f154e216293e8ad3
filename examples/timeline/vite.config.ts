import { defineConfig } from 'vite';

export default defineConfig({
  // Relative asset paths: the server serves the build under /examples/timeline/.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true },
  // `npm run dev` here: the page's /graphql requests go to a server started with `npm start`.
  server: { proxy: { '/graphql': process.env.CLAIMLINE_URL ?? 'http://localhost:4000' } },
});
