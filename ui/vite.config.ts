// Two builds from one project, chosen by --mode:
//   ui        index.html    -> supportweb/static/ui       served at /ui
//   graphiql  graphiql.html -> supportweb/static/graphiql served at /graphql (development only)
// They are apart so that a production server, which serves no GraphiQL, ships none of it.
// The output folders are not committed: `make install` builds them (docs/ui.md).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const here = dirname(fileURLToPath(import.meta.url));

const pages = {
  ui: { html: "index.html", base: "/ui/" },
  graphiql: { html: "graphiql.html", base: "/graphiql/" },
} as const;

export default defineConfig(({ mode }) => {
  const page = pages[mode as keyof typeof pages] ?? pages.ui;
  const name = mode in pages ? mode : "ui";
  return {
    base: page.base,
    // public/ (the icon) belongs to the page only; GraphiQL brings its own nothing.
    publicDir: name === "ui" ? "public" : false,
    build: {
      outDir: resolve(here, "../supportweb/static", name),
      emptyOutDir: true,
      // Source maps stay out of the served folder: the sources are in this repository.
      sourcemap: false,
      // GraphiQL alone is about 1.5 MB minified; say so only past that.
      chunkSizeWarningLimit: 2500,
      rollupOptions: {
        input: resolve(here, page.html),
        onwarn(warning, warn) {
          // React libraries mark modules "use client" for server rendering; meaningless here.
          if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
        },
      },
    },
    server: {
      // `npm run dev`: the page on Vite's port, the API proxied to a running
      // `supportweb up` (HTTP and the subscription websocket alike).
      proxy: { "/graphql": { target: "http://127.0.0.1:8000", ws: true } },
    },
  };
});
