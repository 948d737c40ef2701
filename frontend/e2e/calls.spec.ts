// Calls for partners: published by a lead in the workspace, found and answered by another
// enterprise, and the request accepted by the lead.
import { expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId, newEnterprise, uniqueWord } from "./enterprise";

/** Proves: a lead publishes a call for partners; another WISE finds it on /calls filtered by what it lacks, asks to join with a message and places; the lead sees the request without reloading and accepts it. */
test("a call for partners is published, answered and accepted", async ({ browser, playwright, baseURL }) => {
  const lead = await newEnterprise(playwright, baseURL, `${uniqueWord()} Service`, { trainingPlaces: 5 });
  const joiner = await newEnterprise(playwright, baseURL, `${uniqueWord()} Kooperativ`, { trainingPlaces: 15 });
  const need = await needId(lead.gql, CLEANING);
  const { createJointOffer } = await lead.gql<{ createJointOffer: { id: string } }>(
    `mutation($input: CreateJointOfferInput!) { createJointOffer(input: $input) { id } }`,
    { input: { needId: need, organisationId: lead.id, lots: [2] } },
  );
  const pageLead = await browserFor(browser, lead.email);
  await pageLead.goto(`/offers/${encodeURIComponent(createJointOffer.id)}`);
  const text = `Vi söker 15 arbetsträningsplatser i Göteborg (${lead.name}).`;
  await pageLead.getByLabel("What you are looking for").fill(text);
  await pageLead.getByRole("button", { name: "Publish the call" }).click();
  await expect(pageLead.getByTestId("call-status")).toHaveText("Your call for partners is published.");

  const pageJoiner = await browserFor(browser, joiner.email, undefined, "sv-SE");
  await pageJoiner.goto("/calls?lacks=CAPACITY");
  const card = pageJoiner.getByTestId("calls").getByRole("listitem").filter({ hasText: text });
  await expect(card).toBeVisible();
  await visit(pageJoiner, "calls-sv");
  await card.getByRole("button", { name: `Be om att få gå med som ${joiner.name}` }).click();
  await card.getByLabel("Meddelande till den huvudansvariga").fill("Vi har 15 platser på Hisingen.");
  await card.getByLabel("Arbetsträningsplatser ni skulle bidra med (valfritt)").fill("15");
  await card.getByRole("button", { name: "Skicka förfrågan" }).click();
  await expect(card.getByText("Skickad.")).toBeVisible();

  await expect(pageLead.getByText(`${joiner.name} asks to join as Partner.`)).toBeVisible({ timeout: 3_000 });
  await pageLead.getByRole("button", { name: `Accept ${joiner.name}` }).click();
  await expect(pageLead.getByTestId("offer-members")).toContainText(joiner.name);
  await expect(pageLead.getByTestId("coverage-status-2")).toContainText("20 of 20 work-training places covered");
  await visit(pageLead, "offer-call-accepted-en");
});
