// The end of a market dialogue: the buyer records the award decision on a submitted joint offer.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId, newEnterprise, uniqueWord } from "./enterprise";

/**
 * Proves: on the market overview the buyer records a submitted joint offer as awarded, after the
 * consequence is said; the offer then reads "Awarded" for the buyer and for its members, and no
 * second decision is offered.
 */
test("the buyer records the award decision", async ({ browser, playwright, baseURL }) => {
  const wise = await newEnterprise(playwright, baseURL, `Tilldelning ${uniqueWord()} Kooperativ`, { trainingPlaces: 20 });
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await needId(anna, CLEANING);
  const { createJointOffer: offer } = await wise.gql<{ createJointOffer: { id: string } }>(
    `mutation($input: CreateJointOfferInput!) { createJointOffer(input: $input) { id } }`,
    { input: { needId: need, organisationId: wise.id, lots: [2] } },
  );
  await wise.gql(`mutation($o: ID!, $org: ID!) { confirmJointOffer(offerId: $o, organisationId: $org) { id } }`, { o: offer.id, org: wise.id });
  await wise.gql(`mutation($o: ID!) { submitJointOffer(offerId: $o) { id } }`, { o: offer.id });

  const page = await browserFor(browser, DEMO.goteborg, DEMO_PASSWORD);
  await page.goto(`/buyer/needs/${encodeURIComponent(need)}`);
  await page.getByRole("link", { name: /^Market overview/ }).click();
  const card = page.getByTestId(`offer-${offer.id}`);
  await expect(card).toContainText(`Joint offer led by ${wise.name}`);
  await expect(card).toContainText("Recording the decision tells every member of the offer.");
  await visit(page, "buyer-market-decide-en");
  await card.getByRole("button", { name: "Record as awarded" }).click();
  await expect(card.getByText("Awarded", { exact: true })).toBeVisible();
  await expect(card.getByRole("button", { name: /Record as/ })).toHaveCount(0);
  await visit(page, "buyer-market-awarded-en");

  const { jointOffer } = await wise.gql<{ jointOffer: { status: string } }>(`query($id: ID!) { jointOffer(id: $id) { status } }`, { id: offer.id });
  expect(jointOffer.status).toBe("AWARDED");
});
