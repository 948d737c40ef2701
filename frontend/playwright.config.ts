// Browser tests against the real `samspill` binary (built by tests/run.sh) on a fresh data
// directory with demo data, in Debian's chromium (no browser download).
import { defineConfig } from "@playwright/test";

const port = Number(process.env.SAMSPILL_E2E_PORT ?? 18080);
const binary = process.env.SAMSPILL_BIN ?? "../target/debug/samspill";

export default defineConfig({
  testDir: "e2e",
  outputDir: "../target/playwright-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 5_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    locale: "en-GB",
    timezoneId: "Europe/Stockholm",
    trace: "off",
  },
  webServer: {
    // A new data directory every run: the demo data is seeded into an empty database. The
    // server's log (every logged e-mail) goes to a file, not between the test results.
    command: `sh -c 'd=$(mktemp -d) && SAMSPILL_DATA_DIR="$d" SAMSPILL_UI_DIR=dist exec ${binary} serve --seed-demo --bind 127.0.0.1:${port} 2>../target/e2e-server.log'`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
