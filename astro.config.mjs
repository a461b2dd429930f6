// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

// A static site: `astro build` writes dist/, `pagefind --site dist` indexes it, and
// `astro preview` (or the classroom server) serves it with no network access at all.
export default defineConfig({
  output: 'static',
  trailingSlash: 'always',
  build: { format: 'directory' },
  integrations: [mdx()],
  // Served to a classroom from the instructor's laptop: listen on every interface and
  // accept whatever host name the students' browsers use for that laptop.
  server: { host: true, port: 4321, allowedHosts: true },
  devToolbar: { enabled: false },
  vite: {
    build: {
      rollupOptions: {
        // Astro's own MDX modules carry a "use astro:head-inject" directive that the bundler
        // warns about once per lesson; the directive is Astro's business, not a problem here.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  },
  markdown: {
    shikiConfig: {
      // Both themes are emitted as CSS variables; src/styles/prose.css picks one per theme.
      // These two keep every token colour at 4.5:1 or more against the code background.
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-default' },
      defaultColor: false,
      wrap: false,
    },
  },
});
