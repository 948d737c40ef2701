// Reserved-contract eligibility kept honest (issue 17): a verified WISE that changes its share of
// target-group staff waits for an administrator again, and the buyer reads each member's
// eligibility as it was on the day a joint offer was submitted.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId, newEnterprise, recentDay, uniqueWord, type Enterprise } from "./enterprise";

/** A day (`2026-09-01`) as the pages print it, in English by default: "1 September 2026". */
function day(iso: string, locale = "en-GB"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** Today in UTC, the day the server records a submission on. */
const today = () => new Date().toISOString().slice(0, 10);

/** Sets the WISE's share of staff from target groups through the API, keeping the rest of its profile. */
async function setShare(wise: Enterprise, percent: number) {
  const { organisation } = await wise.gql<{ organisation: { profile: { revision: number } } }>(`query($id: ID!) { organisation(id: $id) { profile { revision } } }`, { id: wise.id });
  await wise.gql(`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, {
    input: {
      organisationId: wise.id,
      revision: organisation.profile.revision,
      profile: {
        cpv: ["90911200"],
        servicesDescription: `${wise.name}: städning och arbetsträning`,
        regionsServed: ["SE232"],
        capacity: { staff: 12, trainingPlaces: 20 },
        targetGroups: ["NEWLY_ARRIVED"],
        wise: { integrationMainAim: true, targetGroupStaffPercent: percent, measuredOn: recentDay(), evidence: "Skoopi" },
        takesEmploymentRequirements: true,
        contact: { name: `Admin of ${wise.name}` },
      },
    },
  });
}

/**
 * Proves: a verified WISE raising its share in the profile editor is told before saving that it
 * pauses its eligibility, and after saving reads why, with the verified and the new figures; the
 * demo administrator finds it back in the verification queue with both figures and verifies the
 * new ones, which takes it out of the queue; the WISE may bid for reserved contracts again.
 */
test("a verified WISE that changes its share waits for an administrator again", async ({ browser, playwright, baseURL }) => {
  const wise = await newEnterprise(playwright, baseURL, `Omvärdering ${uniqueWord()} Kooperativ`, { percent: 40 });
  const measured = day(recentDay());
  const page = await browserFor(browser, wise.email);
  await page.goto("/profile");
  const panel = page.getByTestId("eligibility");
  await expect(panel).toContainText("You may bid for reserved contracts");
  await expect(page.getByTestId("pause-warning")).toHaveCount(0);

  await page.getByLabel("Share of staff from target groups (%)").fill("45");
  const warning = page.getByTestId("pause-warning");
  await expect(warning).toContainText("Saving pauses your eligibility for reserved contracts");
  await expect(warning).toContainText("until an administrator has checked the new figures");
  await expect(page.getByRole("button", { name: "Save profile" })).toHaveAccessibleDescription(/Saving pauses your eligibility/);
  await visit(page, "eligibility-pause-warning-en");

  await page.getByRole("button", { name: "Save profile" }).click();
  await expect(panel.getByRole("heading")).toHaveText("Your eligibility for reserved contracts is paused");
  await expect(panel).toContainText(`On ${day(today())} you changed your share of staff from target groups or its measurement date, after an administrator had verified it.`);
  const figures = panel.getByTestId("eligibility-figures");
  await expect(figures.locator("dt")).toHaveText([`Verified by an administrator on ${day(today())}`, "In your profile now"]);
  await expect(figures.locator("dd")).toHaveText([`40 % measured ${measured}`, `45 % measured ${measured}`]);
  await expect(panel).toContainText("It counts again once an administrator has checked the new figures.");
  await expect(warning).toHaveCount(0);
  await visit(page, "eligibility-paused-en");
  await page.getByLabel("Language", { exact: true }).selectOption("nb");
  await expect(panel.getByRole("heading")).toHaveText("Retten deres til å gi tilbud på reserverte kontrakter er satt på pause");
  await expect(panel).toContainText("Den teller igjen når en administrator har kontrollert de nye tallene.");
  await visit(page, "eligibility-paused-nb");
  await page.getByLabel("Språk", { exact: true }).selectOption("en");

  const admin = await browserFor(browser, DEMO.admin, DEMO_PASSWORD);
  await admin.goto("/admin/verification");
  const card = admin.getByRole("listitem").filter({ has: admin.getByRole("heading", { name: wise.name }) });
  await expect(card).toContainText("Figures changed");
  await expect(card).toContainText(
    `Verified on ${day(today())}. The share of staff from target groups changed on ${day(today())}: now 45 % measured ${measured}; verified 40 % measured ${measured}.`,
  );
  await expect(card).toContainText("Checked last time: Skoopi membership checked");
  await visit(admin, "eligibility-queue-changed-en");
  await admin.getByLabel("Language", { exact: true }).selectOption("sv");
  await expect(card).toContainText(`Andelen personal från målgrupperna ändrades den`);
  await expect(card).toContainText(`nu 45 %, mätt ${day(recentDay(), "sv-SE")}; verifierat 40 %, mätt ${day(recentDay(), "sv-SE")}.`);
  await visit(admin, "eligibility-queue-changed-sv");
  await admin.getByLabel("Språk", { exact: true }).selectOption("en");
  await card.getByLabel(`What you checked for ${wise.name}`).fill("Annual report 2026: 45 % of staff in work training");
  await card.getByRole("button", { name: "Verify the new figures" }).click();
  await expect(card).toHaveCount(0);
  await visit(admin, "eligibility-queue-verified-en");

  await page.reload();
  await expect(panel).toContainText("You may bid for reserved contracts");
  await expect(panel).toContainText(`45 % of your staff come from target groups (measured ${measured})`);
  await visit(page, "eligibility-verified-again-en");
});

/**
 * Proves: the buyer reads each member's eligibility for reserved lots as recorded on the day the
 * joint offer was submitted: the lead's share then (40 %, not the 45 % it states later) and the
 * reasons a member did not qualify.
 */
test("the buyer reads each member's eligibility on the day of submission", async ({ browser, playwright, baseURL }) => {
  const lead = await newEnterprise(playwright, baseURL, `Inlämning ${uniqueWord()} Kooperativ`, { percent: 40, trainingPlaces: 20 });
  const member = await newEnterprise(playwright, baseURL, `Ny ${uniqueWord()} Verkstad`, { percent: 20, verified: false });
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await needId(anna, CLEANING);
  const { createJointOffer: offer } = await lead.gql<{ createJointOffer: { id: string } }>(
    `mutation($input: CreateJointOfferInput!) { createJointOffer(input: $input) { id } }`,
    { input: { needId: need, organisationId: lead.id, lots: [2] } },
  );
  await lead.gql(`mutation($o: ID!, $org: ID!) { inviteToJointOffer(offerId: $o, organisationId: $org) { id } }`, { o: offer.id, org: member.id });
  await member.gql(`mutation($o: ID!, $org: ID!) { answerJointOfferInvitation(offerId: $o, organisationId: $org, accept: true) { id } }`, { o: offer.id, org: member.id });
  for (const m of [member, lead]) {
    await m.gql(`mutation($o: ID!, $org: ID!) { confirmJointOffer(offerId: $o, organisationId: $org) { id } }`, { o: offer.id, org: m.id });
  }
  await lead.gql(`mutation($o: ID!) { submitJointOffer(offerId: $o) { id } }`, { o: offer.id });
  // After submission the lead states another share: the buyer must still read the one of that day.
  await setShare(lead, 45);

  const page = await browserFor(browser, DEMO.goteborg, DEMO_PASSWORD);
  await page.goto(`/buyer/needs/${encodeURIComponent(need)}/market`);
  const card = page.getByTestId(`offer-${offer.id}`);
  await expect(card.getByRole("heading", { name: "Members, and their eligibility for reserved lots on the day of submission" })).toBeVisible();
  await expect(card.getByTestId(`eligibility-${lead.id}`)).toHaveText(
    `On ${day(today())}: eligible for reserved lots, 40 % of staff from target groups, measured ${day(recentDay())}.`,
  );
  await expect(card.getByTestId(`eligibility-${member.id}`)).toHaveText(
    `On ${day(today())}: not eligible for reserved lots: not verified by a platform administrator and 20 % of staff from target groups, under the 30 % required.`,
  );
  await expect(card).not.toContainText("45 %");
  await visit(page, "eligibility-buyer-offer-en");
});
