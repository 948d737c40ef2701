// The buyer's workspace: drafting a need through every editor step (by mouse and by keyboard
// only), announcing it, and two colleagues saving the same need.
import type { Browser, Locator, Page } from "@playwright/test";
import { apiAs, DEMO, DEMO_PASSWORD, emailedLink, expect, signIn, test, visit } from "./fixtures";

test.describe.configure({ timeout: 150_000 });

/** How the person operates the page: pointer and typing, or the keyboard alone. */
type Driver = {
  fill(target: Locator, text: string): Promise<void>;
  press(target: Locator): Promise<void>;
  select(target: Locator, value: string): Promise<void>;
  date(target: Locator, iso: string): Promise<void>;
};

const mouse: Driver = {
  fill: (l, text) => l.fill(text),
  press: (l) => l.click(),
  select: async (l, value) => void (await l.selectOption(value)),
  date: (l, iso) => l.fill(iso),
};

/** Only Tab, Shift+Tab, typing, Enter, Space and arrows: every control must be reachable. */
function keyboard(page: Page): Driver {
  const focused = (l: Locator) => l.evaluate((e) => e === document.activeElement).catch(() => false);
  const tabTo = async (l: Locator) => {
    await l.waitFor();
    for (const key of ["Tab", "Shift+Tab"]) {
      for (let i = 0; i < 120; i++) {
        if (await focused(l)) return;
        await page.keyboard.press(key);
      }
    }
    throw new Error(`not reachable by keyboard: ${l.toString()}`);
  };
  return {
    async fill(l, text) {
      await tabTo(l);
      await page.keyboard.press("ControlOrMeta+A");
      await page.keyboard.press("Delete");
      await page.keyboard.type(text);
    },
    async press(l) {
      const type = await l.getAttribute("type");
      if (type === "radio") {
        // Tab reaches the group's checked radio; arrows move the choice within the group.
        const name = (await l.getAttribute("name")) ?? "";
        const group = page.locator(`input[type=radio][name="${name}"]`);
        await tabTo((await page.locator(`input[type=radio][name="${name}"]:checked`).count()) ? group.and(page.locator(":checked")) : group.first());
        for (let i = 0; i < 10 && !(await l.isChecked()); i++) await page.keyboard.press("ArrowDown");
        await expect(l).toBeChecked();
        return;
      }
      await tabTo(l);
      await page.keyboard.press(type === "checkbox" ? "Space" : "Enter");
    },
    async select(l, value) {
      await tabTo(l);
      for (let i = 0; i < 40 && (await l.inputValue()) !== value; i++) await page.keyboard.press("ArrowDown");
      expect(await l.inputValue()).toBe(value);
    },
    async date(l, iso) {
      // Chromium's date field (its own en-US format) takes month, day, year in turn.
      await tabTo(l);
      const [y, m, d] = iso.split("-");
      await page.keyboard.type(`${m}${d}${y}`);
      await expect(l).toHaveValue(iso);
    },
  };
}

async function newPage(browser: Browser) {
  const context = await browser.newContext();
  return context.newPage();
}

const next = (page: Page) => page.getByRole("button", { name: "Save and continue" });

/**
 * Drafts a need with two lots (one reserved) through every step, meeting the refusals on the
 * way (res-pub-ser for cleaning, dates in the wrong order); ends on "check your answers".
 * Returns the need's id.
 */
async function draftNeed(page: Page, as: Driver, title: string, shots: boolean): Promise<string> {
  const shot = async (name: string) => (shots ? visit(page, name) : undefined);
  await page.goto("/buyer");
  await expect(page.getByRole("heading", { level: 1, name: "Your organisation's needs" })).toBeVisible();
  await shot("buyer-dashboard-en");
  await as.press(page.getByRole("link", { name: "Start a new need" }));

  await expect(page.getByRole("heading", { level: 1, name: "What are you buying?" })).toBeVisible();
  await as.fill(page.getByLabel("Title"), "Ab");
  await as.press(next(page));
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByTestId("error-summary")).toContainText("at least 3 characters");
  await as.fill(page.getByLabel("Title"), title);
  await as.fill(page.getByLabel("Summary"), "Städning av förskolor och ett kafé med arbetsträning.");
  await expect(page.getByLabel("Language the need is written in")).toHaveValue("sv");
  await shot("buyer-editor-about-en");
  await as.press(next(page));

  await expect(page.getByRole("heading", { level: 1, name: "Contract type, procedure and CPV codes" })).toBeVisible();
  await as.select(page.getByLabel("Planned procedure"), "NEGOTIATED");
  await as.fill(page.locator("#mainCpv"), "9091");
  await as.press(page.getByRole("button", { name: "Choose 90910000" }));
  await expect(page.getByRole("list", { name: "Chosen codes" }).first()).toContainText("90910000 Cleaning services");
  await as.fill(page.locator("#additionalCpvs"), "85312");
  await as.press(page.getByRole("button", { name: "Narrower codes 85312300" }));
  await expect(page.locator("#additionalCpvs")).toHaveValue("853123");
  await as.press(page.getByRole("button", { name: /^Choose 853123\d\d$/ }).first());
  await shot("buyer-editor-classification-en");
  await as.press(next(page));

  await expect(page).toHaveURL(/\/buyer\/needs\/[^/]+\/edit\/description$/);
  const id = decodeURIComponent(page.url().split("/buyer/needs/")[1]!.split("/")[0]!);
  await as.fill(page.getByLabel("Description"), "Vi behöver **städning** av tolv förskolor.");
  await as.press(page.getByRole("button", { name: "Save and preview" }));
  await expect(page.locator(".prose strong")).toHaveText("städning");
  await shot("buyer-editor-description-en");
  await as.press(next(page));

  await expect(page.getByRole("heading", { level: 1, name: "Where, and with whom" })).toBeVisible();
  await as.fill(page.getByLabel("Find a municipality"), "Göte");
  await as.press(page.getByRole("button", { name: "Choose Göteborg" }));
  await expect(page.getByText(/Chosen: Göteborg, in/)).toBeVisible();
  await shot("buyer-editor-place-en");
  await as.press(next(page));

  await as.fill(page.getByLabel("From (optional)"), "2000000");
  await as.fill(page.getByLabel("Up to (optional)"), "3500000");
  await as.press(next(page));

  await expect(page.getByRole("heading", { level: 1, name: "Lots" })).toBeVisible();
  await as.press(page.getByRole("button", { name: "Add a lot" }));
  await as.fill(page.locator("[id='lots[0].title']"), "Städning av förskolor");
  await as.press(page.getByRole("button", { name: "Add a lot" }));
  await as.fill(page.locator("[id='lots[1].title']"), "Kafé med arbetsträning");
  await as.press(page.locator("[id='lots[1].reserved']"));
  await as.fill(page.locator("[id='lots[1].quantity.amount']"), "20");
  await as.fill(page.locator("[id='lots[1].quantity.unit']"), "arbetsträningsplatser");
  await as.select(page.locator("[id='lots[1].nutsCode']"), "SE231");
  await as.press(page.getByRole("button", { name: "Move lot 2 up" }));
  await expect(page.getByRole("button", { name: "Move lot 1 down" })).toBeFocused();
  await expect(page.locator("[id='lots[0].title']")).toHaveValue("Kafé med arbetsträning");
  await expect(page.locator("[id='lots[0].reserved']")).toBeChecked();
  await shot("buyer-editor-lots-en");
  await as.press(next(page));

  await expect(page.getByRole("heading", { level: 1, name: "Reserved participation and aims" })).toBeVisible();
  await expect(page.getByText("1 lot is reserved for work integration social enterprises.", { exact: false })).toBeVisible();
  await expect(page.getByText("90910000 is not one of the health, social or cultural services of Art. 77")).toBeVisible();
  await as.press(page.getByLabel("Reserved for public-service-mission organisations"));
  await as.press(next(page));
  await expect(page.getByTestId("error-summary")).toContainText("90910000 is not one of the health, social or cultural services");
  await shot("buyer-editor-reservation-error-en");
  await as.press(page.getByLabel("Not reserved"));
  await as.press(page.getByLabel("Social objective"));
  await as.press(page.getByLabel("Joint offers are welcome"));
  await as.press(next(page));

  await as.press(page.getByLabel("Employment or work training"));
  await as.press(page.getByLabel("long-term unemployed"));
  await as.fill(page.getByLabel("Volume in full-time months"), "24");
  await as.fill(page.getByLabel("Who follows up"), "Arbetsmarknadsenheten");
  await shot("buyer-editor-employment-en");
  await as.press(next(page));

  await as.press(page.getByRole("button", { name: "Add an activity" }));
  await as.fill(page.getByLabel("Where (optional)"), "Stadshuset, Göteborg");
  await as.press(next(page));

  await expect(page.getByRole("heading", { level: 1, name: "Dates" })).toBeVisible();
  await as.date(page.getByLabel("Market dialogue opens"), "2027-03-01");
  await as.date(page.getByLabel("Market dialogue closes"), "2027-02-01");
  await as.press(next(page));
  await expect(page.getByTestId("error-summary")).toContainText("The dialogue cannot close before it opens.");
  await expect(page.getByLabel("Market dialogue closes")).toHaveAttribute("aria-invalid", "true");
  await shot("buyer-editor-dates-error-en");
  await as.date(page.getByLabel("Market dialogue closes"), "2027-04-30");
  await as.date(page.getByLabel("Tender expected to be published"), "2027-06-01");
  await as.date(page.getByLabel("Contract starts", { exact: true }), "2027-10-01");
  await as.fill(page.getByLabel("Contract length in months"), "24");
  await as.press(next(page));

  await as.fill(page.getByLabel("Name"), "Anna Berg");
  await as.fill(page.getByLabel("E-mail address"), "upphandling@goteborg.example");
  await as.press(next(page));

  await expect(page.getByRole("heading", { level: 1, name: "Check your answers" })).toBeVisible();
  const check = page.locator(".check-answers");
  await expect(check).toContainText(title);
  await expect(check).toContainText("Kafé med arbetsträning · reserved · Hallands län · 20 arbetsträningsplatser");
  await expect(check).toContainText("Städning av förskolor");
  await expect(check).toContainText("Göteborg");
  await expect(check).toContainText("Negotiated procedure");
  await expect(check).toContainText("1 March 2027");
  await shot("buyer-check-answers-en");
  return id;
}

/**
 * Proves: a buyer drafts a need with two lots (one reserved) through every editor step, checks the
 * answers and announces it; before that nobody else can open it, and afterwards a supplier's open
 * pipeline shows "1 new – show" within a second.
 */
test("draft through every step, check the answers and announce", async ({ page, browser }) => {
  await signIn(page, DEMO.goteborg);
  const title = `Städning och kafé ${Date.now()}`;
  const id = await draftNeed(page, mouse, title, true);

  const supplier = await newPage(browser);
  await signIn(supplier, DEMO.supplier);
  await supplier.goto(`/needs/${encodeURIComponent(id)}`);
  await expect(supplier.getByRole("heading", { level: 1, name: "This procurement is not available" })).toBeVisible();
  await supplier.goto("/");
  await expect(supplier.getByRole("heading", { level: 1, name: "Upcoming procurements" })).toBeVisible();
  await supplier.waitForLoadState("networkidle");

  await expect(page.getByText("Announcing makes this need public")).toBeVisible();
  await page.getByRole("button", { name: "Announce" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The need is now: Announced." })).toBeVisible();
  await expect(supplier.getByTestId("fresh-needs")).toHaveText("1 new or changed – show", { timeout: 1_000 });
  await supplier.goto(`/needs/${encodeURIComponent(id)}`);
  await expect(supplier.getByRole("heading", { level: 1, name: title })).toBeVisible();

  await page.goto("/buyer");
  await expect(page.getByRole("row", { name: new RegExp(title) })).toContainText("Announced");
  await visit(page, "buyer-dashboard-announced-en");
});

/** Proves: the whole editor, the CPV and municipality pickers and the lot list work with the keyboard alone. */
test("the editor by keyboard only", async ({ page }) => {
  await signIn(page, DEMO.goteborg);
  await draftNeed(page, keyboard(page), `Tangentbord ${Date.now()}`, false);
});

/** Proves: when two colleagues edit the same need, the second save gets the conflict screen and keeps what they typed. */
test("two colleagues save the same need", async ({ page, browser, playwright, baseURL }) => {
  const stamp = Date.now();
  const colleague = `kollega-${stamp}@goteborg.example`;
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const { me } = await anna<{ me: { memberships: { organisation: { id: string; name: string } }[] } }>(`{ me { memberships { organisation { id name } } } }`);
  const org = me.memberships.find((m) => m.organisation.name === "Göteborgs Stad")!.organisation.id;
  const { inviteMember } = await anna<{ inviteMember: { acceptUrl: string } }>(
    `mutation($input: InviteMemberInput!) { inviteMember(input: $input) { acceptUrl } }`,
    { input: { organisationId: org, email: colleague } },
  );
  const token = new URL(inviteMember.acceptUrl, baseURL).hash.replace("#token=", "");
  const other = await playwright.request.newContext({ baseURL });
  await other.post("/graphql", {
    data: { query: `mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, variables: { input: { email: colleague, name: "Karin Kollega", password: DEMO_PASSWORD } } },
  });
  // The invitation is for a confirmed address: Karin opens the link from her e-mail first.
  const confirm = new URL(await emailedLink(colleague, "verify-email"), baseURL).hash.replace("#token=", "");
  await other.post("/graphql", {
    data: { query: `mutation($input: VerifyEmailInput!) { verifyEmail(input: $input) { id } }`, variables: { input: { token: confirm } } },
  });
  const joined = await other.post("/graphql", {
    data: { query: `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { role } }`, variables: { input: { token } } },
  });
  expect(JSON.stringify(await joined.json())).not.toContain("errors");
  const { createNeed } = await anna<{ createNeed: { id: string } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id } }`,
    { input: { buyerId: org, need: { title: `Samma behov ${stamp}`, mainCpv: "90910000", place: { country: "SE" }, contractNature: "SERVICES", procedureType: "OPEN" } } },
  );
  const edit = `/buyer/needs/${encodeURIComponent(createNeed.id)}/edit/about`;

  await signIn(page, DEMO.goteborg);
  const second = await newPage(browser);
  await signIn(second, colleague);
  await page.goto(edit);
  await second.goto(edit);
  await expect(second.getByLabel("Summary")).toBeVisible();

  await page.getByLabel("Summary").fill("Annas sammanfattning.");
  await next(page).click();
  await expect(page).toHaveURL(/edit\/classification$/);

  const typed = "Karins sammanfattning, skriven samtidigt.";
  await second.getByLabel("Summary").fill(typed);
  await next(second).click();
  await expect(second.getByRole("heading", { level: 1, name: "Someone else saved first" })).toBeVisible();
  await expect(second.getByTestId("mine-summary")).toHaveText(typed);
  await expect(second.getByTestId("conflict")).toContainText("Annas sammanfattning.");
  await visit(second, "buyer-conflict-en");
  await second.getByRole("button", { name: "Keep my version and save" }).click();
  // The same step again, once the save is through (leaving earlier would cancel it).
  await expect(second.getByTestId("save-status")).toContainText("Draft saved at");
  await expect(second).toHaveURL(/edit\/about$/);
  await expect(second.getByLabel("Summary")).toHaveValue(typed);
  await second.goto(`/buyer/needs/${encodeURIComponent(createNeed.id)}/check`);
  await expect(second.locator(".check-answers")).toContainText(typed);
});
