// What every browser test shares: an accessibility check (axe, WCAG 2.2 AA, 0 violations) on each
// page it visits, no Content-Security-Policy violation and no design-system default label
// (Norwegian) left in a Swedish or English page, screenshots under target/, and a small GraphQL
// client for acting as another person through the API.
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

export const DEMO_PASSWORD = "samspill-demo-2026";
export const DEMO = {
  admin: "admin@samspill.example",
  goteborg: "anna@goteborg.example",
  trondheim: "ingrid@trondheim.example",
  birmingham: "oliver@birmingham.example",
  wise: "sara@returbutiken.example",
  supplier: "erik@stadvast.example",
};

/** Labels Designsystemet's components carry unless we give our own (they are Norwegian). */
const DESIGN_SYSTEM_DEFAULTS = ["Søk", "Forrige side", "Neste side", "Lukk dialogvindu", "Laster", "Fjern alt", "Slett", "Valg", "tegn igjen"];

type Fixtures = { guard: void };

export const test = base.extend<Fixtures>({
  guard: [
    async ({ page }, use) => {
      const csp: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" && /Content Security Policy/i.test(m.text())) csp.push(m.text());
      });
      await use();
      expect(csp, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** Runs axe on the page as it is now; fails with the violations listed. */
export async function checkA11y(page: Page, label: string) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
    return axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    });
  });
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(", ")})`);
  expect(violations, `axe violations on ${label}`).toEqual([]);
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang === "sv" || lang === "en") {
    const text = await page.evaluate(() =>
      [document.body.innerText, ...Array.from(document.querySelectorAll("[aria-label]"), (e) => e.getAttribute("aria-label"))].join("\n"),
    );
    const leaked = DESIGN_SYSTEM_DEFAULTS.filter((label) => new RegExp(`(^|[^\\p{L}])${label}([^\\p{L}]|$)`, "u").test(text));
    expect(leaked, `design-system default labels on ${label} (${lang})`).toEqual([]);
  }
}

/** Saves a screenshot under target/screenshots for a reviewer to look at. */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `../target/screenshots/${name}.png`, fullPage: true });
}

/** Checks the page (axe and labels) and saves its screenshot. */
export async function visit(page: Page, name: string) {
  await page.waitForLoadState("networkidle");
  await checkA11y(page, name);
  await screenshot(page, name);
}

/** A person acting through the API (their own cookie jar), for the other side of a scenario. */
/**
 * The newest link of a kind that Samspill e-mailed to `email`. Without an SMTP server the
 * server logs each e-mail; playwright.config.ts sends that log to target/e2e-server.log, which
 * stands in for the inbox here (the one thing these tests read that a browser would not).
 */
export async function emailedLink(email: string, kind: "verify-email" | "reset-password"): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const log = readFileSync(new URL("../../target/e2e-server.log", import.meta.url), "utf8").replace(/\x1b\[[0-9;]*m/g, "");
    // One log entry per e-mail, each starting with its timestamp.
    const links = log
      .split(/\n(?=\d{4}-\d{2}-\d{2}T)/)
      .filter((entry) => entry.includes(`to=${email} `))
      .map((entry) => entry.match(new RegExp(`/account/${kind}#token=[A-Za-z0-9_-]+`))?.[0])
      .filter((link): link is string => Boolean(link));
    if (links.length > 0) return links[links.length - 1]!;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${kind} e-mail to ${email} in target/e2e-server.log`);
}

/** Signs in through the page (by field ids, so it works in every language) and waits to leave it. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

export async function apiAs(request: APIRequestContext, email: string) {
  const gql = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await request.post("/graphql", { data: { query, variables } });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data as T;
  };
  await gql(`mutation($input: LoginInput!) { login(input: $input) { user { id } } }`, {
    input: { email, password: DEMO_PASSWORD },
  });
  return gql;
}

/** A valid Swedish organisation number (Luhn over ten digits) not used before. */
export function freshSwedishOrgNumber(): string {
  const body = `55${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
  const sum = [...body].reduce((acc, ch, i) => {
    const v = Number(ch) * (i % 2 === 0 ? 2 : 1);
    return acc + (v > 9 ? v - 9 : v);
  }, 0);
  const check = (10 - (sum % 10)) % 10;
  const ten = `${body}${check}`;
  return `${ten.slice(0, 6)}-${ten.slice(6)}`;
}
