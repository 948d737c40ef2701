import { defineConfig } from "vitest/config";

// The server (`samspill serve`) serves dist/ on the same origin as the API; `npm run dev` proxies
// the API to a server on :8080 so the page can live-reload.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic" } },
  build: {
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      // The design system marks its modules "use client" (for React server components, which
      // this app does not use); the bundler's note about each one only buries real warnings.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
  server: {
    proxy: {
      "/graphql": { target: "http://127.0.0.1:8080", ws: true },
      "/ocds": "http://127.0.0.1:8080",
    },
  },
  test: {
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
