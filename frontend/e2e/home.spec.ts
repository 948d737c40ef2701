// The enterprise home and the bell: a saved search rings when a matching need is announced.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId } from "./enterprise";

type Gql = Awaited<ReturnType<typeof apiAs>>;

async function announceReservedNeed(buyer: Gql, title: string): Promise<string> {
  const { me } = await buyer<{ me: { memberships: { organisation: { id: string } }[] } }>(`{ me { memberships { organisation { id } } } }`);
  const { createNeed } = await buyer<{ createNeed: { id: string; revision: number } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id revision } }`,
    {
      input: {
        buyerId: me.memberships[0]!.organisation.id,
        need: {
          title,
          summary: "Skötsel av utemiljöer vid förskolor, med ett delområde reserverat för sociala företag.",
          mainCpv: "77310000",
          place: { country: "SE", nutsCode: "SE232", municipality: "Göteborg" },
          contractNature: "SERVICES",
          procedureType: "OPEN",
          lots: [{ title: "Förskolegårdar", reserved: true }],
          dates: { expectedTenderPublication: "2027-04-01", contractStart: "2027-09-01", contractDurationMonths: 24 },
          jointOffersWelcome: true,
        },
      },
    },
  );
  await buyer(`mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id } }`, {
    input: { id: createNeed.id, revision: createNeed.revision, status: "ANNOUNCED" },
  });
  return createNeed.id;
}

/** Takes the test's need off the pipeline again, so that other tests read the demo as seeded. */
async function withdraw(buyer: Gql, id: string) {
  const { need } = await buyer<{ need: { revision: number } }>(`query($id: ID!) { need(id: $id) { revision } }`, { id });
  await buyer(`mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id } }`, {
    input: { id, revision: need.revision, status: "WITHDRAWN" },
  });
}

/**
 * Proves (issue 14, test 2): a supplier saves "reserved + a region" from a need page; when the
 * buyer announces a matching need, the bell's count goes up without a reload, and the home page
 * it is on reads itself again (the saved search lists the new need, a status line says so); the
 * notification opens the need and is marked read.
 */
test("a saved search rings the bell live, the home refreshes and the notification opens the need", async ({ browser, playwright, baseURL }) => {
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const cleaning = await needId(buyer, CLEANING);
  // The demo supplier has no capability profile; give it one so that needs are suggested.
  const supplier = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.supplier);
  const { me: erik } = await supplier<{ me: { memberships: { organisation: { id: string; profile: { revision: number } | null } }[] } }>(
    `{ me { memberships { organisation { id profile { revision } } } } }`,
  );
  const stad = erik.memberships[0]!.organisation;
  await supplier(`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, {
    input: {
      organisationId: stad.id,
      revision: stad.profile?.revision ?? 0,
      profile: { cpv: ["90910000"], regionsServed: ["SE232"], capacity: { staff: 40 }, contact: { name: "Erik Ström" } },
    },
  });
  const page = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD);
  await page.goto(`/needs/${encodeURIComponent(cleaning)}`);
  const save = page.getByRole("region", { name: "Follow procurements like this" });
  await expect(save.getByRole("checkbox", { name: "in Västra Götalands län" })).toBeChecked();
  await expect(save.getByRole("checkbox", { name: "with a part reserved for social enterprises" })).toBeChecked();
  await save.getByLabel("Name of the search").fill("Reserverat i Västra Götaland");
  await save.getByRole("button", { name: "Save search" }).click();
  await expect(save.getByText("Saved as")).toBeVisible();

  await page.getByRole("link", { name: "Our overview" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Overview for Städbolaget Väst AB");
  await expect(page.getByTestId("suggested-needs").getByRole("listitem").first()).toBeVisible();
  await expect(page.getByTestId("saved-searches")).toContainText("Reserverat i Västra Götaland");
  await expect(page.getByTestId("saved-searches")).toContainText(/\d+ new procurements?/);
  await visit(page, "home-en");

  const bell = page.getByTestId("notification-bell");
  const unread = async () => Number((await bell.innerText()).match(/(\d+) unread/)?.[1] ?? "0");
  const before = await unread();
  const title = `Utemiljöer vid förskolor ${Date.now()}`;
  const announced = await announceReservedNeed(buyer, title);
  await expect.poll(unread, { timeout: 5_000 }).toBe(before + 1);
  // The home was not reloaded: the notification made it read its data again.
  await expect(page.getByTestId("home-refreshed")).toContainText("after a new notification");
  await expect(page.getByTestId("saved-searches").getByRole("link", { name: title })).toBeVisible();
  await visit(page, "home-refreshed-en");

  await bell.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Notifications");
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/needs/${encodeURIComponent(announced)}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect
    .poll(async () => {
      const { me } = await supplier<{ me: { notifications: { nodes: { need: { id: string } | null; readAt: string | null }[] } } }>(
        `{ me { notifications(first: 20) { nodes { need { id } readAt } } } }`,
      );
      return me.notifications.nodes.find((n) => n.need?.id === announced)?.readAt ?? null;
    })
    .not.toBeNull();
  // Marking read goes "up to" this notification, so older unread ones are read too.
  await expect.poll(unread).toBeLessThanOrEqual(before);
  await withdraw(buyer, announced);
});
