// Issue 14, test 5: the enterprise workspace by keyboard only (the slot picker is proved in
// participant.spec.ts, beside the rest of the need page).
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor, tabTo } from "./enterprise";

/** Proves: the partner facets (kind, target group, training places) are reached with Tab and set with Space and arrow keys, each choice landing in the URL with counts shown. */
test("partner facets by keyboard only", async ({ page }) => {
  await page.goto("/partners");
  const count = page.locator(".result-count");
  await expect(count).toContainText(/\d+ organisations? found/);
  const wise = page.getByRole("checkbox", { name: /^Work integration social enterprise \(\d+\)$/ });
  await tabTo(page, wise);
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/kind=WISE/);
  await expect(wise).toBeChecked();
  const group = page.getByRole("group", { name: "Target group" }).getByRole("checkbox", { name: /^newly arrived \(\d+\)$/ });
  await tabTo(page, group);
  await page.keyboard.press("Space");
  await expect(page).toHaveURL(/targetGroup=NEWLY_ARRIVED/);
  const any = page.getByRole("radio", { name: "Any number" });
  await tabTo(page, any);
  await page.keyboard.press("ArrowDown");
  await expect(page.getByRole("radio", { name: "At least 1", exact: true })).toBeChecked();
  await expect(page).toHaveURL(/training=1(&|$)/);
  await expect(page.getByRole("link", { name: "Returbutiken Kooperativ" })).toBeVisible();
  await visit(page, "partners-facets-en");
});

/** Proves: a member changes its contribution with Tab, typing and Enter only, and the coverage panel follows. */
test("the contribution form by keyboard only", async ({ browser, playwright, baseURL }) => {
  const sara = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.wise);
  const { myJointOffers } = await sara<{ myJointOffers: { id: string; lead: { name: string } }[] }>(`{ myJointOffers { id lead { name } } }`);
  const offer = myJointOffers.find((o) => o.lead.name === "Returbutiken Kooperativ")!;
  const page = await browserFor(browser, DEMO.wise, DEMO_PASSWORD);
  await page.goto(`/offers/${encodeURIComponent(offer.id)}`);
  const form = page.getByTestId("contribution-form");
  const places = form.getByLabel("Work-training places");
  await tabTo(page, places);
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("10");
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Staff")).toBeFocused();
  await page.keyboard.type("4");
  await page.keyboard.press("Enter");
  await expect(form.getByText("Saved. The coverage is updated.")).toBeVisible();
  await expect(page.getByTestId("coverage-status-2")).toContainText("10 of 20 work-training places covered");
  await visit(page, "offer-contribution-keyboard-en");
});
