// The buyer's meetings planner: one-to-one slots made in one go, and two suppliers racing for
// the last one in two browsers.
import type { Browser, Page } from "@playwright/test";
import { apiAs, DEMO, DEMO_PASSWORD, expect, freshSwedishOrgNumber, signIn, test, visit } from "./fixtures";

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/**
 * Proves: a buyer makes four one-to-one slots in one go; when two suppliers race for the last one
 * in two browsers, one gets it, the other is told it is taken, and both pages (and the buyer's
 * planner) show it full without a reload.
 */
test("four slots, and a race for the last one", async ({ page, browser, playwright, baseURL }) => {
  const request = async () => playwright.request.newContext({ baseURL });
  const anna = await apiAs(await request(), DEMO.goteborg);
  const { me } = await anna<{ me: { memberships: { organisation: { id: string } }[] } }>(`{ me { memberships { organisation { id } } } }`);
  const buyerId = me.memberships[0]!.organisation.id;
  const stamp = Date.now();
  const { createNeed } = await anna<{ createNeed: { id: string; revision: number } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id revision } }`,
    { input: { buyerId, need: { title: `Möten ${stamp}`, mainCpv: "90910000", place: { country: "SE" }, contractNature: "SERVICES", procedureType: "OPEN" } } },
  );
  await anna(`mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id } }`, {
    input: { id: createNeed.id, revision: createNeed.revision, status: "ANNOUNCED" },
  });
  const need = createNeed.id;

  const winnerOrLoser = [await signedIn(browser, DEMO.supplier), await signedIn(browser, DEMO.wise)];
  const buyer = page;
  await signIn(buyer, DEMO.goteborg);
  await buyer.goto(`/buyer/needs/${encodeURIComponent(need)}`);
  await buyer.getByLabel("Title").fill("Enskilt samtal om upplägget");
  await buyer.getByLabel("Day", { exact: true }).fill("2031-05-12");
  await buyer.getByLabel("First slot starts").fill("09:00");
  await buyer.getByLabel("Length of each slot (minutes)").fill("30");
  await buyer.getByLabel("Number of slots").fill("4");
  await buyer.getByLabel("Place or link").fill("Stadshuset, Göteborg");
  await buyer.getByRole("button", { name: "Make 4 slots" }).click();
  await expect(buyer.getByText("4 meetings announced.")).toBeVisible();
  const planner = buyer.getByTestId("planner");
  await expect(planner.locator("li")).toHaveCount(4);
  await visit(buyer, "buyer-meetings-en");

  const { need: read } = await anna<{ need: { meetings: { id: string; startsAt: string }[] } }>(`query($id: ID!) { need(id: $id) { meetings { id startsAt } } }`, { id: need });
  const slots = read.meetings;
  expect(slots).toHaveLength(4);
  // Three other enterprises take the first three slots.
  const takers = [await apiAs(await request(), "kari@renhold.example")];
  for (const n of [1, 2]) {
    const ctx = await request();
    const email = `bokare-${n}-${stamp}@example.org`;
    await ctx.post("/graphql", { data: { query: `mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, variables: { input: { email, name: `Bokare ${n}`, password: DEMO_PASSWORD } } } });
    const gql = await apiAs(ctx, email);
    await gql(`mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`, {
      input: { kind: "SUPPLIER", country: "SE", name: `Bokarbolaget ${n} ${stamp}`, organisationNumber: freshSwedishOrgNumber() },
    });
    takers.push(gql);
  }
  for (const [i, taker] of takers.entries()) {
    const mine = await taker<{ me: { memberships: { organisation: { id: string } }[] } }>(`{ me { memberships { organisation { id } } } }`);
    await taker(`mutation($id: ID!, $org: ID!) { bookMeeting(meetingId: $id, organisationId: $org) { id } }`, { id: slots[i]!.id, org: mine.me.memberships[0]!.organisation.id });
  }
  const last = slots[3]!.id;
  await expect(buyer.getByTestId(`planner-places-${slots[2]!.id}`)).toHaveText("Fully booked");

  for (const p of winnerOrLoser) {
    await p.goto(`/needs/${encodeURIComponent(need)}`);
    await expect(p.getByTestId(`places-${last}`)).toHaveText("1 place left of 1");
    await expect(p.getByText("Connecting for live updates…")).toHaveCount(0);
    await p.waitForLoadState("networkidle");
  }
  const [erik, sara] = winnerOrLoser as [Page, Page];
  await visit(erik, "need-meetings-book-en");
  // Only the last slot is free: each picks it, then both press "Book" at once.
  for (const p of winnerOrLoser) await p.getByRole("group", { name: "Choose a time to book" }).getByRole("radio").check();
  await Promise.all([
    erik.getByRole("button", { name: "Book for Städbolaget Väst AB" }).click(),
    sara.getByRole("button", { name: "Book for Returbutiken Kooperativ" }).click(),
  ]);
  for (const p of winnerOrLoser) await expect(p.getByTestId(`places-${last}`)).toHaveText("Fully booked", { timeout: 2_000 });
  const outcomes = await Promise.all(
    winnerOrLoser.map(async (p) => ((await p.getByTestId("booking-refused").count()) > 0 ? "taken" : (await p.getByTestId("held-slots").getByText(/^You hold /).count()) > 0 ? "booked" : "none")),
  );
  expect([...outcomes].sort()).toEqual(["booked", "taken"]);
  const loser = winnerOrLoser[outcomes.indexOf("taken")]!;
  await expect(loser.getByTestId("booking-refused")).toContainText("Someone else booked this place just before you");
  await visit(loser, "need-meetings-taken-en");
  await expect(planner.getByTestId(`planner-${last}`)).toContainText(/1 booking: (Städbolaget Väst AB|Returbutiken Kooperativ)/, { timeout: 2_000 });
  await expect(buyer.getByTestId(`planner-places-${last}`)).toHaveText("Fully booked");

  // The calendar file behind the one-line link on each meeting.
  const link = buyer.getByTestId(`planner-${last}`).getByRole("link", { name: /Add to your calendar/ });
  const ics = await buyer.request.get(new URL((await link.getAttribute("href"))!, baseURL).toString());
  expect(ics.status()).toBe(200);
  expect(ics.headers()["content-type"]).toContain("text/calendar");
  expect(await ics.text()).toContain("SUMMARY:Enskilt samtal om upplägget");
});
