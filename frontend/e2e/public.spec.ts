// What an anonymous visitor and a keyboard user can do on the public pages.
import { checkA11y, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";

/** Proves: facets with counts narrow the pipeline, live in the URL, Back restores them, and a need opens with its lots and deadlines. */
test("an anonymous visitor filters needs by reserved and a region", async ({ page }) => {
  await page.goto("/");
  const count = page.locator(".result-count");
  await expect(count).toContainText(/\d+/);
  const all = Number((await count.innerText()).match(/\d+/)?.[0]);
  await visit(page, "pipeline-en");

  // The checkbox reflects the URL, which the router updates a moment after the click.
  await page.getByRole("checkbox", { name: /Reserved for social enterprises/ }).click();
  await expect(page).toHaveURL(/reserved=true/);
  await expect(page.getByRole("checkbox", { name: /Reserved for social enterprises/ })).toBeChecked();
  await expect(count).not.toHaveText(new RegExp(`^${all} `));
  const reserved = Number((await count.innerText()).match(/\d+/)?.[0]);
  expect(reserved).toBeLessThan(all);
  expect(reserved).toBeGreaterThan(0);

  const place = page.getByRole("group", { name: "Place" });
  await place.getByRole("checkbox").first().click();
  await expect(page).toHaveURL(/region=/);
  await expect(page.getByRole("list", { name: "Active filters" }).getByRole("button")).toHaveCount(2);
  await checkA11y(page, "pipeline filtered");

  await page.goBack();
  await expect(page).not.toHaveURL(/region=/);
  await expect(page).toHaveURL(/reserved=true/);
  await expect(page.getByRole("checkbox", { name: /Reserved for social enterprises/ })).toBeChecked();
  await expect(count).toHaveText(new RegExp(`^${reserved} `));

  // Göteborg's school cleaning (demo data): two lots, one of them reserved.
  await page.getByRole("link", { name: /Städning av skolor/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { name: "2 lots" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Lots of this procurement" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Dates" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Lots of this procurement" }).getByText("Reserved")).toHaveCount(1);
  await visit(page, "need-en");
});

/** Proves: the language switch changes words, <html lang>, dates and money, and survives a reload. */
test("switching sv -> nb -> en changes the page and survives a reload", async ({ browser }) => {
  const context = await browser.newContext({ locale: "sv-SE" });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Upcoming procurements");
  const swedish = await page.getByRole("heading", { level: 1 }).innerText();
  await visit(page, "pipeline-sv");
  // A demo need with dates (other tests add needs without any while this one runs).
  await page.getByRole("link", { name: /Städning av skolor/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await visit(page, "need-sv");
  const svDates = await page.locator(".need-dates dd").allInnerTexts();

  await page.getByLabel(/Språk/).selectOption("nb");
  await expect(page.locator("html")).toHaveAttribute("lang", "nb");
  await visit(page, "need-nb");
  await page.reload();
  await expect(page.locator("html")).toHaveAttribute("lang", "nb");

  await page.getByLabel(/Språk/).selectOption("en");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { name: "Dates" })).toBeVisible();
  const enDates = await page.locator(".need-dates dd").allInnerTexts();
  expect(enDates).not.toEqual(svDates);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Upcoming procurements");
  expect(swedish).not.toBe("Upcoming procurements");
  await context.close();
});

/** Proves: facets, the language switch and the sign-in form work with the keyboard alone. */
test("keyboard only: facets, language switch and sign-in", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator(".result-count")).toContainText(/\d+/);
  const reserved = page.getByRole("checkbox", { name: /Reserved for social enterprises/ });
  await reserved.focus();
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/reserved=true/);
  await expect(reserved).toBeChecked();

  // The skip link is the first thing Tab reaches.
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeFocused();

  // The label changes language with the page, so find the switch by its id.
  const language = page.locator("#language-switch");
  await language.focus();
  await page.keyboard.press("ArrowUp");
  await expect(page.locator("html")).not.toHaveAttribute("lang", "en");
  await language.focus();
  await page.keyboard.press("End");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.locator("#email").focus();
  await page.keyboard.type(DEMO.supplier);
  await page.keyboard.press("Tab");
  await expect(page.locator("#password")).toBeFocused();
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("link", { name: "Erik Ström" })).toBeVisible();
  await visit(page, "signed-in-en");
});
