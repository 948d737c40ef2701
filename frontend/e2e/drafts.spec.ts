// The buyer's drafts: they save themselves as the buyer types, a stale save shows long texts line
// by line, and a buyer with many needs pages through them on the dashboard.
import type { APIRequestContext } from "@playwright/test";
import { apiAs, DEMO, DEMO_PASSWORD, expect, freshSwedishOrgNumber, test, visit } from "./fixtures";
import { browserFor } from "./enterprise";

type Gql = Awaited<ReturnType<typeof apiAs>>;

async function goteborgId(anna: Gql): Promise<string> {
  const { me } = await anna<{ me: { memberships: { organisation: { id: string; name: string } }[] } }>(`{ me { memberships { organisation { id name } } } }`);
  return me.memberships.find((m) => m.organisation.name === "Göteborgs Stad")!.organisation.id;
}

async function draft(gql: Gql, buyerId: string, title: string, description = ""): Promise<{ id: string; revision: number }> {
  const { createNeed } = await gql<{ createNeed: { id: string; revision: number } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id revision } }`,
    { input: { buyerId, need: { title, description, mainCpv: "90910000", place: { country: "SE" }, contractNature: "SERVICES", procedureType: "OPEN" } } },
  );
  return createNeed;
}

/** Proves: a draft saves itself after a pause in typing, without "Save and continue", and the text is there after a reload. */
test("a draft saves as you type", async ({ browser, playwright, baseURL }) => {
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await draft(anna, await goteborgId(anna), `Utkast ${Date.now()}`);
  const page = await browserFor(browser, DEMO.goteborg, DEMO_PASSWORD);
  await page.goto(`/buyer/needs/${encodeURIComponent(need.id)}/edit/about`);
  await page.getByLabel("Summary").fill("Sparas medan jag skriver.");
  await expect(page.getByTestId("save-status")).toContainText("Draft saved at");
  await visit(page, "buyer-autosaved-en");
  await page.reload();
  await expect(page.getByLabel("Summary")).toHaveValue("Sparas medan jag skriver.");
});

/** Proves: when a save is stale, a long text is compared line by line: the lines only the other version has and the ones only yours has. */
test("a stale save compares the description line by line", async ({ browser, playwright, baseURL }) => {
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const buyerId = await goteborgId(anna);
  const need = await draft(anna, buyerId, `Rader ${Date.now()}`, "Rad ett\nRad två\nRad tre");
  const page = await browserFor(browser, DEMO.goteborg, DEMO_PASSWORD);
  await page.goto(`/buyer/needs/${encodeURIComponent(need.id)}/edit/description`);
  const description = page.getByLabel("Description", { exact: true });
  await expect(description).toHaveValue("Rad ett\nRad två\nRad tre");

  // The same need saved elsewhere (a colleague, or another tab) in the meantime.
  const { need: read } = await anna<{ need: { title: string } }>(`query($id: ID!) { need(id: $id) { title } }`, { id: need.id });
  await anna(`mutation($input: UpdateNeedInput!) { updateNeed(input: $input) { id } }`, {
    input: { id: need.id, revision: need.revision, need: { title: read.title, description: "Rad ett\nRad två, ändrad\nRad tre", mainCpv: "90910000", place: { country: "SE" }, contractNature: "SERVICES", procedureType: "OPEN" } },
  });

  await description.fill("Rad ett\nRad två\nRad tre, min ändring");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Someone else saved first" })).toBeVisible();
  const lines = page.getByTestId("lines-description");
  await expect(lines.locator("del")).toHaveText(["Only in your colleague's version: Rad två, ändrad", "Only in your colleague's version: Rad tre"]);
  await expect(lines.locator("ins")).toHaveText(["Only in yours: Rad två", "Only in yours: Rad tre, min ändring"]);
  await visit(page, "buyer-conflict-lines-en");
});

/** A municipality of its own with `count` drafts, so the page count is known. */
async function buyerWithDrafts(request: APIRequestContext, count: number): Promise<{ email: string }> {
  const email = `inkop-${Date.now()}@kommun.example`;
  await request.post("/graphql", {
    data: { query: `mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, variables: { input: { email, name: "Ines Inköp", password: DEMO_PASSWORD } } },
  });
  const gql = await apiAs(request, email);
  const { createOrganisation } = await gql<{ createOrganisation: { id: string } }>(
    `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
    { input: { kind: "MUNICIPALITY", country: "SE", name: `Provkommunen ${Date.now()}`, organisationNumber: freshSwedishOrgNumber() } },
  );
  for (let i = 1; i <= count; i++) await draft(gql, createOrganisation.id, `Behov nummer ${i}`);
  return { email };
}

/** Proves: a buyer with more needs than a page sees the first ones, then the rest after "Show more needs", none twice. */
test("the dashboard pages through many needs", async ({ browser, playwright, baseURL }) => {
  const { email } = await buyerWithDrafts(await playwright.request.newContext({ baseURL }), 27);
  const page = await browserFor(browser, email, DEMO_PASSWORD);
  await page.goto("/buyer");
  const rows = page.locator(".buyer-table tbody tr");
  await expect(rows).toHaveCount(25);
  await expect(page.getByRole("heading", { name: "25 needs shown, more to come" })).toBeVisible();
  await page.getByRole("button", { name: "Show more needs" }).click();
  await expect(rows).toHaveCount(27);
  await expect(page.getByRole("heading", { name: "27 needs" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Show more needs" })).toHaveCount(0);
  const titles = await rows.locator("a").allInnerTexts();
  expect(new Set(titles).size).toBe(27);
  await visit(page, "buyer-dashboard-paged-en");
});
