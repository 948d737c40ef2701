// Accounts and organisations, in two browsers: the founder and the colleague they invite.
import { checkA11y, DEMO, DEMO_PASSWORD, emailedLink, expect, freshSwedishOrgNumber, test, visit } from "./fixtures";

const PASSWORD = "a long enough password";

/** Proves: register, create an organisation (a wrong number is refused on the field and in a focused summary), invite, the colleague accepts in another browser, and an administrator verifies the organisation from the queue. */
test("register, create an organisation and invite a colleague", async ({ page, browser }) => {
  const stamp = Date.now();
  const founder = `founder-${stamp}@example.org`;
  const colleague = `colleague-${stamp}@example.org`;

  await page.goto("/register");
  await visit(page, "register-en");
  await page.getByLabel("Full name").fill("Frida Founder");
  await page.getByLabel("E-mail address").fill(founder);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/organisations\/new$/);
  await visit(page, "create-organisation-en");

  const valid = freshSwedishOrgNumber();
  const wrong = valid.slice(0, -1) + String((Number(valid.slice(-1)) + 1) % 10);
  await page.getByLabel("Name", { exact: true }).fill(`Återbruket ${stamp}`);
  await page.getByLabel("Organisation number").fill(wrong);
  await page.getByRole("button", { name: "Add organisation" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary.getByRole("link")).toHaveAttribute("href", "#organisationNumber");
  await expect(page.getByLabel("Organisation number")).toHaveAttribute("aria-invalid", "true");
  await checkA11y(page, "create-organisation with error");
  await page.screenshot({ path: "../target/screenshots/create-organisation-error-en.png", fullPage: true });

  await page.getByLabel("Organisation number").fill(valid);
  await page.getByRole("button", { name: "Add organisation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Återbruket ${stamp}`);
  await expect(page.getByText("Not verified")).toBeVisible();
  await visit(page, "organisation-en");

  await page.getByRole("link", { name: "Manage members" }).click();
  await page.getByLabel("E-mail address").fill(colleague);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = await page.getByTestId("invite-link").inputValue();
  expect(link).toMatch(/\/invitations\/accept#token=/);
  await visit(page, "members-en");

  const other = await browser.newContext({ locale: "en-GB" });
  const second = await other.newPage();
  const path = new URL(link).pathname + new URL(link).hash;
  await second.goto(`/register?next=${encodeURIComponent(path)}`);
  await second.getByLabel("Full name").fill("Carl Colleague");
  await second.getByLabel("E-mail address").fill(colleague);
  await second.getByLabel("Password").fill(PASSWORD);
  await second.getByRole("button", { name: "Create account" }).click();
  await expect(second).toHaveURL(/\/invitations\/accept#token=/);
  await visit(second, "accept-invitation-en");
  // An invitation is for the invited address, confirmed: first the link from the e-mail.
  await second.getByRole("button", { name: "Accept invitation" }).click();
  await expect(second.getByTestId("error-summary")).toContainText("Confirm your e-mail address first");
  await second.goto(await emailedLink(colleague, "verify-email"));
  await expect(second.getByText("your e-mail address is confirmed")).toBeVisible();
  await visit(second, "email-confirmed-en");
  await second.goto(path);
  await second.getByRole("button", { name: "Accept invitation" }).click();
  await expect(second.getByRole("heading", { level: 1 })).toHaveText(`Återbruket ${stamp}`);
  await second.goto("/account");
  await expect(second.getByRole("link", { name: `Återbruket ${stamp}` })).toBeVisible();
  await visit(second, "account-en");
  await other.close();

  await page.reload();
  await expect(page.getByRole("cell", { name: "Carl Colleague" })).toBeVisible();

  // A platform administrator finds it in the verification queue and verifies it with a note.
  const adminContext = await browser.newContext({ locale: "en-GB" });
  const admin = await adminContext.newPage();
  await admin.goto("/sign-in");
  await admin.getByLabel("E-mail address").fill(DEMO.admin);
  await admin.getByLabel("Password").fill(DEMO_PASSWORD);
  await admin.getByRole("button", { name: "Sign in" }).click();
  await admin.getByRole("link", { name: "Verification" }).click();
  await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Organisations to verify");
  const entry = admin.getByRole("listitem").filter({ hasText: `Återbruket ${stamp}` });
  await visit(admin, "verification-queue-en");
  await entry.getByLabel(/What you checked/).fill("Bolagsverket register entry checked");
  await entry.getByRole("button", { name: "Verify" }).click();
  await expect(entry).toHaveCount(0);
  await adminContext.close();

  await page.goto("/account");
  await page.getByRole("link", { name: `Återbruket ${stamp}` }).click();
  await expect(page.getByText("Verified", { exact: true })).toBeVisible();
});
