// A person's own data: the account page downloads everything as one file, and the account can be
// deleted after reading what stays with the organisation and giving the password again; what the
// person wrote for their organisation then reads as by a deleted user, in the reader's language.
import { readFileSync } from "node:fs";
import type { APIRequestContext, Page } from "@playwright/test";
import { apiAs, DEMO, DEMO_PASSWORD, expect, freshSwedishOrgNumber, test, visit } from "./fixtures";
import { browserFor } from "./enterprise";

const PASSWORD = "a long enough password";

/** A need announced by Göteborg through the API, for the new person to write in. */
async function announcedNeed(request: APIRequestContext, stamp: number) {
  const anna = await apiAs(request, DEMO.goteborg);
  const { me } = await anna<{ me: { memberships: { organisation: { id: string; name: string } }[] } }>(`{ me { memberships { organisation { id name } } } }`);
  const buyerId = me.memberships.find((m) => m.organisation.name === "Göteborgs Stad")!.organisation.id;
  const { createNeed } = await anna<{ createNeed: { id: string; revision: number } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id revision } }`,
    { input: { buyerId, need: { title: `Fönsterputs ${stamp}`, mainCpv: "90910000", place: { country: "SE" }, contractNature: "SERVICES", procedureType: "OPEN" } } },
  );
  await anna(`mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id } }`, {
    input: { id: createNeed.id, revision: createNeed.revision, status: "ANNOUNCED" },
  });
  return createNeed.id;
}

/** GraphQL as the person signed in on `page` (the page's own cookies). */
async function asPage<T>(page: Page, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await page.request.post("/graphql", { data: { query, variables } });
  const body = (await res.json()) as { data: T; errors?: { message: string }[] };
  expect(body.errors ?? []).toEqual([]);
  return body.data;
}

/**
 * Proves: the account page downloads the person's data as a JSON file (their account and the
 * message they wrote); the delete page explains what is erased and what stays (checked in en, sv
 * and nb), refuses a wrong password on the field, and deletes the account with the right one;
 * signing in then fails, and a reader in Swedish sees the message as by "Raderad användare".
 */
test("download my data, then delete my account", async ({ page, browser, playwright, baseURL }) => {
  const stamp = Date.now();
  const email = `dagny-${stamp}@example.org`;
  const need = await announcedNeed(await playwright.request.newContext({ baseURL }), stamp);

  await page.goto("/register");
  await page.getByLabel("Full name").fill("Dagny Dahl");
  await page.getByLabel("E-mail address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/organisations\/new$/);
  const { createOrganisation } = await asPage<{ createOrganisation: { id: string } }>(
    page,
    `mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { id } }`,
    { i: { kind: "SUPPLIER", name: `Dahls Städ ${stamp}`, country: "SE", organisationNumber: freshSwedishOrgNumber() } },
  );
  await asPage(page, `mutation($i: StartThreadInput!) { startThread(input: $i) { thread { id } } }`, {
    i: { needId: need, kind: "PUBLIC", title: `Nycklar ${stamp}`, body: `Kan vi få nycklar i förväg? ${stamp}`, organisationId: createOrganisation.id },
  });

  await page.goto("/account");
  await expect(page.getByRole("heading", { name: "Your data" })).toBeVisible();
  await visit(page, "account-your-data-en");
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("samspill-my-data.json");
  const data = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(data.account.email).toBe(email);
  expect(data.messages[0].body).toContain(String(stamp));

  await page.getByRole("link", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/account\/delete$/);
  await expect(page.getByText("shown as written by “Deleted user”")).toBeVisible();
  await visit(page, "delete-account-en");
  for (const [language, name] of [["sv", "Radera ditt konto"], ["nb", "Slett kontoen din"], ["en", "Delete your account"]] as const) {
    await page.locator("#language-switch").selectOption(language);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
    if (language !== "en") await visit(page, `delete-account-${language}`);
  }

  await page.getByLabel("Your password").fill("not the password at all");
  await page.getByRole("button", { name: "Delete my account" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toContainText("This is not your password");
  await expect(summary).toBeFocused();
  await expect(page.getByLabel("Your password")).toHaveAttribute("aria-invalid", "true");
  await visit(page, "delete-account-wrong-password-en");

  await page.getByLabel("Your password").fill(PASSWORD);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/account\/deleted$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your account is deleted");
  await expect(page.getByRole("link", { name: "Sign in" })).toBeVisible();
  await visit(page, "account-deleted-en");

  await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(PASSWORD);
  await page.locator("form button[type=submit]").click();
  await expect(page.getByTestId("error-summary")).toBeVisible();

  const reader = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD, "sv-SE");
  await reader.goto(`/needs/${encodeURIComponent(need)}`);
  await reader.getByText(`Nycklar ${stamp}`).click();
  const message = reader.getByTestId("need-threads").locator("li[data-testid^=message-]").first();
  await expect(message).toContainText("Raderad användare");
  await expect(message).toContainText(`Dahls Städ ${stamp}`);
  await expect(message).toContainText(`Kan vi få nycklar i förväg? ${stamp}`);
  await visit(reader, "thread-deleted-user-sv");
});
