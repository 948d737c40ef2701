// Joint offers in the browser, with the real binary: two social enterprises form an offer for a
// reserved lot in their own browsers, and an organisation cannot bid twice for one lot.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId, newEnterprise, uniqueWord } from "./enterprise";

/**
 * Proves (issue 14, test 1): WISE A starts a joint offer for the reserved lot 2 from the need
 * page and invites WISE B found through the partner search in the workspace; B accepts in its
 * own browser and A's coverage panel closes the gap live; both confirm, the offer turns READY
 * and A submits it. The buyer sees it only after submission, in the market overview in the
 * buyer's own browser: not there while the offer is READY, there (with its lead) once submitted.
 */
test("two social enterprises form, confirm and submit a joint offer for a reserved lot", async ({ browser, playwright, baseURL }) => {
  const word = uniqueWord();
  const a = await newEnterprise(playwright, baseURL, `Lövsta ${uniqueWord()} Kooperativ`, { trainingPlaces: 8 });
  const b = await newEnterprise(playwright, baseURL, `${word} Arbetsträning`, { trainingPlaces: 12 });
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await needId(buyer, CLEANING);

  const pageA = await browserFor(browser, a.email);
  await pageA.goto(`/needs/${encodeURIComponent(need)}`);
  const start = pageA.getByTestId("start-offer");
  await expect(start.getByRole("heading", { name: "Bid together" })).toBeVisible();
  await start.getByRole("checkbox", { name: /Lot 2/ }).check();
  await start.getByLabel("Work-training places you bring (optional)").fill("8");
  await start.getByRole("button", { name: "Start a joint offer" }).click();
  await expect(pageA).toHaveURL(/\/offers\/[^/]+$/);
  const offerId = decodeURIComponent(new URL(pageA.url()).pathname.split("/").pop()!);

  const lot2 = pageA.getByTestId("coverage-status-2");
  await expect(lot2).toContainText("1 gap left");
  await expect(lot2).toContainText("8 of 20 work-training places covered");
  await expect(pageA.getByTestId("coverage-panel")).toContainText("12 more work-training places are needed.");
  await visit(pageA, "offer-forming-en");

  await pageA.getByRole("searchbox", { name: "Search for a partner to invite" }).fill(word);
  await pageA.getByRole("searchbox", { name: "Search for a partner to invite" }).press("Enter");
  await pageA.getByTestId("invite-results").getByRole("button", { name: `Invite ${b.name}` }).click();
  await expect(pageA.getByText(`${b.name} is invited.`)).toBeVisible();
  await expect(pageA.getByTestId("offer-members")).toContainText("invited");

  const pageB = await browserFor(browser, b.email);
  await pageB.goto("/offers");
  await visit(pageB, "offers-list-invited-en");
  await pageB.getByTestId("offer-invitations").getByRole("link").first().click();
  await expect(pageB.getByTestId("invitation")).toContainText(`${a.name} invites ${b.name} to join as Partner`);
  await pageB.getByRole("button", { name: `Accept for ${b.name}` }).click();
  await expect(pageB.getByText("You accepted")).toBeVisible();

  // A's page was not reloaded: the coverage follows the offer's live events.
  await expect(lot2).toContainText("Covered", { timeout: 2_000 });
  await expect(lot2).toContainText("20 of 20 work-training places covered");

  // The consortium thread is private to the members and arrives live on the other side.
  await pageB.getByLabel("Write to the other members").fill("Vi tar förskolorna på Hisingen.");
  await pageB.getByRole("button", { name: "Send", exact: true }).click();
  await expect(pageA.getByTestId("consortium-messages")).toContainText("Vi tar förskolorna på Hisingen.", { timeout: 2_000 });

  await pageB.getByRole("button", { name: `Confirm the offer for ${b.name}` }).click();
  await expect(pageB.getByTestId("offer-status")).toContainText("1 of 2 members have confirmed");
  await visit(pageB, "offer-member-en");
  await pageA.getByRole("button", { name: `Confirm the offer for ${a.name}` }).click();
  await expect(pageA.getByTestId("offer-status")).toContainText("Ready to submit");

  // The buyer, in its own browser, does not see the offer while it is being formed.
  const buyerPage = await browserFor(browser, DEMO.goteborg, DEMO_PASSWORD);
  await buyerPage.goto(`/buyer/needs/${encodeURIComponent(need)}/market`);
  await expect(buyerPage.getByRole("heading", { level: 1, name: "Market overview" })).toBeVisible();
  await expect(buyerPage.getByRole("heading", { level: 2, name: /joint offer/i })).toBeVisible();
  await expect(buyerPage.getByTestId(`offer-${offerId}`)).toHaveCount(0);
  await expect(buyerPage.getByText(`Joint offer led by ${a.name}`)).toHaveCount(0);
  await visit(buyerPage, "buyer-market-before-submission-en");

  await pageA.getByRole("button", { name: "Submit to the buyer" }).click();
  await expect(pageA.getByTestId("offer-check")).toContainText("Submit the offer now?");
  await pageA.getByRole("button", { name: "Yes, submit" }).click();
  await expect(pageA.getByTestId("offer-status")).toContainText("Submitted");
  await visit(pageA, "offer-submitted-en");
  await buyerPage.reload();
  const submitted = buyerPage.getByTestId(`offer-${offerId}`);
  await expect(submitted.getByRole("heading", { name: `Joint offer led by ${a.name}` })).toBeVisible();
  await expect(submitted).toContainText(b.name);
  await visit(buyerPage, "buyer-market-after-submission-en");
  await expect(pageB.getByTestId("offer-status")).toContainText("Submitted");
});

/**
 * Proves (issue 14, test 4): Städbolaget already bids in Returbutiken's joint offer for lot 2;
 * invited to a second offer for the same lot, its admin sees why it cannot accept, before and
 * after trying, in Swedish.
 */
test("an organisation bidding in one offer for a lot is told why it cannot accept a second", async ({ browser, playwright, baseURL }) => {
  const erik = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.supplier);
  const { myJointOffers } = await erik<{ myJointOffers: { id: string; lead: { name: string }; members: { organisation: { id: string; name: string }; state: string }[] }[] }>(
    `{ myJointOffers { id lead { name } members { organisation { id name } state } } }`,
  );
  const demo = myJointOffers.find((o) => o.lead.name === "Returbutiken Kooperativ")!;
  const stad = demo.members.find((m) => m.organisation.name === "Städbolaget Väst AB")!.organisation.id;
  await erik(`mutation($o: ID!, $org: ID!) { answerJointOfferInvitation(offerId: $o, organisationId: $org, accept: true) { id } }`, { o: demo.id, org: stad });

  const rival = await newEnterprise(playwright, baseURL, `Hisingen ${uniqueWord()} Service`, { kind: "SUPPLIER" });
  const need = await needId(erik, CLEANING);
  const { createJointOffer } = await rival.gql<{ createJointOffer: { id: string } }>(
    `mutation($input: CreateJointOfferInput!) { createJointOffer(input: $input) { id } }`,
    { input: { needId: need, organisationId: rival.id, lots: [2] } },
  );
  await rival.gql(`mutation($o: ID!, $org: ID!) { inviteToJointOffer(offerId: $o, organisationId: $org, message: "Vill ni vara med?") { id } }`, {
    o: createJointOffer.id,
    org: stad,
  });

  const page = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD, "sv-SE");
  await page.goto(`/offers/${encodeURIComponent(createJointOffer.id)}`);
  const clash = page.getByTestId("invitation-clash");
  await expect(clash).toContainText("Städbolaget Väst AB kan inte tacka ja");
  await expect(clash).toContainText("Returbutiken Kooperativ leder för delområde 2");
  await visit(page, "offer-invitation-clash-sv");
  await page.getByRole("button", { name: "Tacka ja för Städbolaget Väst AB" }).click();
  const summary = page.getByTestId("error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("lämnar redan anbud i det gemensamma anbud som Returbutiken Kooperativ leder för delområde 2");
  await expect(page.getByTestId("offer-members")).toContainText("inbjuden");
});
