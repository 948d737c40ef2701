// Joint procurement by consent: a buyer names another municipality as co-buyer; that
// municipality's admin is told, reads what accepting means, and accepts or declines on the buyer
// dashboard. Until then the asking buyer sees it as waiting, and nobody else sees it at all.
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { apiAs, DEMO, DEMO_PASSWORD, expect, freshSwedishOrgNumber, signIn, test, visit } from "./fixtures";

type Gql = Awaited<ReturnType<typeof apiAs>>;
type Municipality = { id: string; name: string; email: string; gql: Gql };

/** A new municipality with one admin, verified by the demo platform administrator. */
async function newMunicipality(request: () => Promise<APIRequestContext>, name: string): Promise<Municipality> {
  const email = `admin-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@kommun.example`;
  const own = await request();
  await own.post("/graphql", {
    data: { query: `mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, variables: { input: { email, name: `Admin ${name}`, password: DEMO_PASSWORD } } },
  });
  const gql = await apiAs(own, email);
  const { createOrganisation } = await gql<{ createOrganisation: { id: string } }>(
    `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
    { input: { kind: "MUNICIPALITY", country: "SE", name, organisationNumber: freshSwedishOrgNumber() } },
  );
  const admin = await apiAs(await request(), DEMO.admin);
  await admin(`mutation($input: SetOrganisationVerificationInput!) { setOrganisationVerification(input: $input) { id } }`, {
    input: { organisationId: createOrganisation.id, verified: true, evidence: "Checked in the register" },
  });
  return { id: createOrganisation.id, name, email, gql };
}

/** A draft need of `buyer`, asking `coBuyers` to join from the start. */
async function draftNeed(buyer: Municipality, title: string, coBuyers: Municipality[] = []): Promise<{ id: string; revision: number }> {
  const { createNeed } = await buyer.gql<{ createNeed: { id: string; revision: number } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id revision } }`,
    {
      input: {
        buyerId: buyer.id,
        coBuyerIds: coBuyers.map((c) => c.id),
        need: {
          title,
          summary: "Gemensam upphandling av städning i två kommuner, med arbetsträning.",
          mainCpv: "90910000",
          place: { country: "SE" },
          contractNature: "SERVICES",
          procedureType: "OPEN",
          dates: { expectedTenderPublication: "2027-04-01", contractStart: "2027-09-01", contractDurationMonths: 24 },
        },
      },
    },
  );
  return createNeed;
}

async function changeStatus(buyer: Municipality, id: string, status: string) {
  const { need } = await buyer.gql<{ need: { revision: number } }>(`query($id: ID!) { need(id: $id) { revision } }`, { id });
  await buyer.gql(`mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id } }`, {
    input: { id, revision: need.revision, status },
  });
}

async function browserFor(browser: Browser, email: string, locale = "en-GB"): Promise<Page> {
  const page = await (await browser.newContext({ locale })).newPage();
  await signIn(page, email);
  return page;
}

const path = (id: string) => encodeURIComponent(id);

/**
 * Proves (issue 17, item 2): a buyer names another municipality as co-buyer in the editor and
 * sees it as waiting; the municipality's admin is told live (bell, open dashboard) and the
 * notification leads to the request, which says who asks, for which need and what accepting
 * means; accepting takes the request off the list at once and names the municipality as
 * co-buyer on the need's pages.
 */
test("a municipality asked to be co-buyer accepts, and is named", async ({ browser, playwright, baseURL }) => {
  const stamp = Date.now();
  const request = () => playwright.request.newContext({ baseURL });
  const asking = await newMunicipality(request, `Frågekommunen ${stamp}`);
  const asked = await newMunicipality(request, `Medkommunen ${stamp}`);
  const title = `Städning tillsammans ${stamp}`;
  const need = await draftNeed(asking, title);
  // The asked municipality's admin has the dashboard open: nothing is asked yet.
  const admin = await browserFor(browser, asked.email);
  await admin.goto("/buyer");
  await expect(admin.getByRole("heading", { level: 1, name: "Your organisation's needs" })).toBeVisible();
  await visit(admin, "cobuyers-dashboard-before-en");
  await expect(admin.getByTestId("co-buyer-requests")).toHaveCount(0);

  // The asking buyer names the other municipality in the editor, and sees it as waiting.
  const buyer = await browserFor(browser, asking.email);
  await buyer.goto(`/buyer/needs/${path(need.id)}/edit/place`);
  const box = buyer.getByRole("checkbox", { name: asked.name });
  await box.check();
  await expect(buyer.getByText("Asked when you save; named only once its administrators accept.")).toBeVisible();
  await visit(buyer, "cobuyers-editor-asking-en");
  await buyer.getByRole("button", { name: "Save and continue" }).click();
  await expect(buyer).toHaveURL(/edit\/value$/);
  await visit(buyer, "cobuyers-editor-value-en");
  // The admin is told at once: the request joins the open dashboard and the bell rings.
  await expect(admin.getByTestId("co-buyer-requests")).toContainText(title);
  await expect(admin.getByTestId("notification-bell")).toContainText("1 unread");
  await visit(admin, "cobuyers-request-live-en");
  await buyer.goto(`/buyer/needs/${path(need.id)}/edit/place`);
  await expect(buyer.getByRole("checkbox", { name: asked.name })).toBeChecked();
  await expect(buyer.getByText(`Waiting for ${asked.name} to accept.`)).toBeVisible();
  await visit(buyer, "cobuyers-editor-waiting-en");
  await buyer.goto(`/buyer/needs/${path(need.id)}/check`);
  await expect(buyer.locator(".check-answers")).toContainText("Asked, not accepted yet");
  await expect(buyer.locator(".check-answers")).toContainText(`Waiting for ${asked.name} to accept.`);
  await visit(buyer, "cobuyers-check-waiting-en");
  await buyer.goto(`/buyer/needs/${path(need.id)}`);
  await expect(buyer.getByTestId("co-buyer-status")).toHaveText(`Waiting for ${asked.name} to accept.`);
  await visit(buyer, "cobuyers-desk-waiting-en");
  await changeStatus(asking, need.id, "ANNOUNCED");
  // Announced, the need names only its buyer: a request is not a co-buyer.
  await buyer.goto(`/needs/${path(need.id)}`);
  await expect(buyer.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(buyer.locator(".need-page__head")).not.toContainText(asked.name);
  await visit(buyer, "cobuyers-need-waiting-en");

  // The asked municipality's admin follows the notification to the request.
  await admin.getByTestId("notification-bell").click();
  const item = admin.getByRole("listitem").filter({ hasText: "Your organisation is asked to be co-buyer of a need" });
  await expect(item).toContainText(title);
  await visit(admin, "cobuyers-notification-en");
  await item.getByRole("link", { name: "See and answer the request" }).click();
  await expect(admin).toHaveURL(/\/buyer#co-buyer-requests$/);
  const requests = admin.getByRole("region", { name: `Requests to name ${asked.name} as co-buyer` });
  const card = requests.getByRole("article", { name: title });
  await expect(card).toContainText(`${asking.name} asks ${asked.name} to be co-buyer of this need.`);
  await expect(card).toContainText("Verified");
  await expect(card).toContainText(`If you accept, ${asked.name} is named as co-buyer on the need's public page and in open data (OCDS)`);
  await expect(card.getByRole("link", { name: title })).toHaveAttribute("href", `/needs/${path(need.id)}`);
  await visit(admin, "cobuyers-request-en");
  await card.getByRole("button", { name: `Accept for ${asked.name}` }).click();
  await expect(requests.getByRole("status")).toHaveText(`You accepted: ${asked.name} is now co-buyer of “${title}”.`);
  await expect(requests.getByRole("article")).toHaveCount(0);
  // Now on the buyer side of the need: the dashboard lists it without a reload.
  await expect(admin.getByRole("row", { name: new RegExp(title) })).toBeVisible();
  await visit(admin, "cobuyers-accepted-en");

  // The asking buyer's pages name the co-buyer, and nothing waits any more.
  await buyer.goto(`/buyer/needs/${path(need.id)}`);
  await expect(buyer.getByTestId("co-buyer-status")).toHaveText(`Buying together with ${asked.name}.`);
  await visit(buyer, "cobuyers-desk-accepted-en");
  await buyer.goto(`/needs/${path(need.id)}`);
  await expect(buyer.locator(".need-page__head")).toContainText(`together with ${asked.name}`);
  await visit(buyer, "cobuyers-need-accepted-en");

  // Off the pipeline again, so that other tests read the demo as seeded.
  await changeStatus(asking, need.id, "WITHDRAWN");
});

/**
 * Proves: a request for a draft says the draft cannot be opened yet (in Swedish and Norwegian);
 * declining takes it off the list, the asked municipality is named nowhere and can still not
 * open the draft, and the asking buyer sees nothing waiting.
 */
test("a municipality asked to be co-buyer of a draft declines, and is named nowhere", async ({ browser, playwright, baseURL }) => {
  const stamp = Date.now();
  const request = () => playwright.request.newContext({ baseURL });
  const asking = await newMunicipality(request, `Utkastkommunen ${stamp}`);
  const asked = await newMunicipality(request, `Nejkommunen ${stamp}`);
  const title = `Utkast om kafé ${stamp}`;
  const need = await draftNeed(asking, title, [asked]);

  const admin = await browserFor(browser, asked.email, "sv-SE");
  await admin.getByTestId("notification-bell").click();
  const item = admin.getByRole("listitem").filter({ hasText: "Er organisation ombeds bli medbeställare för ett behov" });
  await expect(item.getByRole("link", { name: "Se och svara på förfrågan" })).toBeVisible();
  // A draft is not the asked municipality's to read: the notification does not name it.
  await expect(item).not.toContainText(title);
  await visit(admin, "cobuyers-notification-sv");
  await admin.getByLabel("Språk").selectOption("nb");
  const itemNb = admin.getByRole("listitem").filter({ hasText: "Organisasjonen deres blir spurt om å bli medoppdragsgiver for et behov" });
  await visit(admin, "cobuyers-notification-nb");
  await itemNb.getByRole("link", { name: "Se og svar på forespørselen" }).click();

  const requests = admin.getByRole("region", { name: `Forespørsler om å nevne ${asked.name} som medoppdragsgiver` });
  const card = requests.getByRole("article", { name: title });
  await expect(card).toContainText(`Behovet er fortsatt et utkast, så bare ${asking.name} kan åpne det foreløpig.`);
  await expect(card.getByRole("link", { name: title })).toHaveCount(0);
  await visit(admin, "cobuyers-request-draft-nb");
  await admin.getByLabel("Språk").selectOption("sv");
  const requestsSv = admin.getByRole("region", { name: `Förfrågningar om att nämna ${asked.name} som medbeställare` });
  const cardSv = requestsSv.getByRole("article", { name: title });
  await expect(cardSv).toContainText(`Om ni tackar ja nämns ${asked.name} som medbeställare`);
  await visit(admin, "cobuyers-request-draft-sv");
  await cardSv.getByRole("button", { name: "Tacka nej" }).click();
  await expect(requestsSv.getByRole("status")).toHaveText(`Ni har tackat nej: ${asked.name} nämns inte på ”${title}”.`);
  await expect(requestsSv).toContainText(`Inga förfrågningar till ${asked.name} väntar på svar.`);
  await visit(admin, "cobuyers-declined-sv");
  await admin.goto(`/buyer/needs/${path(need.id)}`);
  await expect(admin.getByRole("heading", { level: 1, name: "Den här upphandlingen är inte tillgänglig" })).toBeVisible();
  await visit(admin, "cobuyers-not-yours-sv");

  const buyer = await browserFor(browser, asking.email);
  await buyer.goto(`/buyer/needs/${path(need.id)}`);
  await expect(buyer.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(buyer.getByTestId("co-buyer-status")).toHaveCount(0);
  await visit(buyer, "cobuyers-desk-declined-en");
  await buyer.goto(`/buyer/needs/${path(need.id)}/edit/place`);
  await expect(buyer.getByRole("checkbox", { name: asked.name })).not.toBeChecked();
  await visit(buyer, "cobuyers-editor-declined-en");
});
