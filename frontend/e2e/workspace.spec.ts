// The joint offer workspace beyond forming and submitting: the lead changes the lots and the
// pitch, hands over the lead and the former lead leaves; a member names the regions and services
// it brings to this offer and the coverage panel follows.
import { DEMO, apiAs, expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId, newEnterprise, PASSWORD, uniqueWord, type Gql } from "./enterprise";

async function startOffer(gql: Gql, needIdValue: string, organisationId: string, lots: number[]): Promise<string> {
  const { createJointOffer } = await gql<{ createJointOffer: { id: string } }>(
    `mutation($input: CreateJointOfferInput!) { createJointOffer(input: $input) { id } }`,
    { input: { needId: needIdValue, organisationId, lots } },
  );
  return createJointOffer.id;
}

/**
 * Proves (issue 14, the workspace): the lead is told before saving that a change of lots clears
 * the confirmations and that the buyer allows one lot per bidder, moves the offer from lot 2 to
 * lot 1 and the member's confirmation is gone; it hands the lead to the
 * other member (whose Swedish page follows live) after a check that says what that means; then,
 * as a partner, it leaves the offer and lands on its offers list with a notice, and the new lead
 * sees it gone.
 */
test("the lead changes the lots, hands over the lead and then leaves", async ({ browser, playwright, baseURL }) => {
  const a = await newEnterprise(playwright, baseURL, `Lövsta ${uniqueWord()} Kooperativ`);
  const b = await newEnterprise(playwright, baseURL, `${uniqueWord()} Arbetsträning`);
  const need = await needId(await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg), CLEANING);
  const offerId = await startOffer(a.gql, need, a.id, [2]);
  const vars = { o: offerId, org: b.id };
  await a.gql(`mutation($o: ID!, $org: ID!) { inviteToJointOffer(offerId: $o, organisationId: $org) { id } }`, vars);
  await b.gql(`mutation($o: ID!, $org: ID!) { answerJointOfferInvitation(offerId: $o, organisationId: $org, accept: true) { id } }`, vars);
  await b.gql(`mutation($o: ID!, $org: ID!) { confirmJointOffer(offerId: $o, organisationId: $org) { id } }`, vars);
  const url = `/offers/${encodeURIComponent(offerId)}`;

  const pageA = await browserFor(browser, a.email);
  await pageA.goto(url);
  await expect(pageA.getByTestId("offer-status")).toContainText("1 of 2 members have confirmed");
  const edit = pageA.getByTestId("edit-offer");
  await expect(edit.getByTestId("edit-offer-consequence")).toContainText("Saving clears the confirmations: 1 member has confirmed and must confirm again.");
  // The buyer allows one lot per bidder, and the form says so before the server would.
  await edit.getByRole("checkbox", { name: /Lot 1/ }).check();
  await edit.getByRole("button", { name: "Save lots and pitch" }).click();
  await expect(pageA.getByTestId("error-summary")).toContainText("The buyer allows at most 1 lot per bidder.");
  await edit.getByRole("checkbox", { name: /Lot 2/ }).uncheck();
  await edit.getByLabel("Pitch to the buyer").fill("Vi städar skolor och förskolor tillsammans, med arbetsträning.");
  await visit(pageA, "offer-edit-lots-en");
  await edit.getByRole("button", { name: "Save lots and pitch" }).click();
  await expect(pageA.getByText("The lots and the pitch are saved.")).toBeVisible();
  await expect(pageA.getByTestId("offer-status")).toContainText("0 of 2 members have confirmed");
  await expect(pageA.locator(".offer-page__head")).toContainText("Lot 1 ·");
  await expect(pageA.getByTestId("coverage-status-1")).toBeVisible();

  const pageB = await browserFor(browser, b.email, PASSWORD, "sv-SE");
  await pageB.goto(url);
  await expect(pageB.getByTestId("edit-offer")).toHaveCount(0);
  await expect(pageB.getByTestId("leave-offer")).toContainText(`Om ${b.name} lämnar`);

  const handOver = pageA.getByTestId("hand-over");
  await expect(handOver).toContainText(`${a.name} is a partner and every member confirms again`);
  await handOver.getByLabel("New lead").selectOption({ label: b.name });
  await handOver.getByRole("button", { name: "Hand over the lead" }).click();
  const check = pageA.getByTestId("offer-change-check");
  await expect(check.getByRole("heading", { name: `Hand the lead to ${b.name}?` })).toBeFocused();
  await expect(check).toContainText(`${b.name} becomes the lead and ${a.name} a partner.`);
  await visit(pageA, "offer-hand-over-check-en");
  await check.getByRole("button", { name: "Yes, hand over" }).click();
  await expect(pageA.getByText(`${b.name} now leads the offer.`)).toBeVisible();
  await expect(pageA.getByTestId("edit-offer")).toHaveCount(0);
  await expect(pageA.locator(".offer-page__head")).toContainText(`Led by ${b.name}`);

  // B's page was not reloaded: it now shows the lead's tools, in Swedish.
  await expect(pageB.getByTestId("edit-offer")).toBeVisible({ timeout: 2_000 });
  await expect(pageB.getByRole("heading", { level: 2, name: "Delområden och presentation" })).toBeVisible();
  await expect(pageB.locator(".offer-page__head")).toContainText(`Leds av ${b.name}`);

  const leave = pageA.getByTestId("leave-offer");
  await expect(leave).toContainText("no longer counts in the coverage");
  await leave.getByRole("button", { name: `Leave the offer for ${a.name}` }).click();
  await expect(pageA.getByRole("heading", { name: `Leave the offer for ${a.name}?` })).toBeFocused();
  await pageA.getByTestId("offer-change-check").getByRole("button", { name: "Yes, leave" }).click();
  await expect(pageA).toHaveURL(/\/offers$/);
  await expect(pageA.getByTestId("offers-notice")).toContainText(`${a.name} has left the joint offer for “${CLEANING}”.`);
  await expect(pageA.getByTestId("my-offers").getByRole("listitem")).toHaveCount(0);
  await visit(pageA, "offers-after-leaving-en");
  await pageA.reload();
  await expect(pageA.getByRole("heading", { level: 1, name: "Joint offers" })).toBeVisible();
  await expect(pageA.getByTestId("offers-notice")).toHaveCount(0);

  await expect(pageB.getByTestId("offer-members")).not.toContainText(a.name, { timeout: 2_000 });
  await expect(pageB.getByTestId("offer-status")).toContainText("0 av 1 medlemmar");
  await visit(pageB, "offer-new-lead-sv");
});

/**
 * Proves (issue 14, the contribution form): a WISE whose profile covers neither the lot's
 * services nor its region says, for this offer only, that it serves Västra Götaland and brings
 * cleaning (CPV 90911200), with the profile editor's pickers; the coverage panel then reads both
 * as met and the members table lists them.
 */
test("a contribution names a region and a CPV code, and the coverage panel follows", async ({ browser, playwright, baseURL }) => {
  const c = await newEnterprise(playwright, baseURL, `Bemanning ${uniqueWord()}`, { cpv: ["79620000"], regions: ["SE110"], region: "SE110", trainingPlaces: 20 });
  const need = await needId(c.gql, CLEANING);
  const offerId = await startOffer(c.gql, need, c.id, [2]);

  const page = await browserFor(browser, c.email);
  await page.goto(`/offers/${encodeURIComponent(offerId)}`);
  const asks = page.getByTestId("coverage-asks-2");
  await expect(asks).toContainText("Services 90910000: no member offers them yet");
  await expect(asks).toContainText("Västra Götalands län: not served yet");
  await expect(page.getByTestId("coverage-status-2")).toContainText("2 gaps left");

  const form = page.getByTestId("contribution-form");
  await form.getByLabel("Add a region").selectOption("SE232");
  await form.getByRole("button", { name: "Add region" }).click();
  await expect(form.getByRole("list", { name: "Chosen regions" })).toContainText("Västra Götalands län");
  const find = form.getByLabel("Find a service (CPV)");
  await find.fill("90911200");
  await find.press("Enter");
  await form.getByTestId("cpv-results").getByRole("button", { name: "Add 90911200" }).click();
  await expect(form.getByRole("list", { name: "Chosen services (CPV codes)" })).toContainText("90911200");
  await visit(page, "offer-contribution-pickers-en");
  await form.getByRole("button", { name: "Save contribution" }).click();
  await expect(form.getByText("Saved. The coverage is updated.")).toBeVisible();

  await expect(asks).toContainText("Services 90910000: a member offers them");
  await expect(asks).toContainText("Västra Götalands län: served");
  await expect(page.getByTestId("coverage-status-2")).toContainText("Covered");
  const members = page.getByTestId("offer-members");
  await expect(members).toContainText("Regions: Västra Götalands län");
  await expect(members).toContainText("Services: 90911200");
  await visit(page, "offer-contribution-covered-en");
});
