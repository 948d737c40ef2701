// Dates the law cares about: a need's market dialogue opens on its date for suppliers, and for a
// Swedish need answers must reach every supplier at least 6 days before the tender deadline: the
// need page says when questions close, and the buyer's desk warns before publishing later.
import { apiAs, DEMO, expect, signIn, test, visit } from "./fixtures";

type Gql = Awaited<ReturnType<typeof apiAs>>;

const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);

const need = (title: string, dates: Record<string, string>) => ({
  title,
  mainCpv: "90910000",
  place: { country: "SE", nutsCode: "SE232" },
  contractNature: "SERVICES",
  procedureType: "OPEN",
  dates,
});

/** Withdraws a need this spec announced, so that other specs picking demo needs never meet it. */
async function withdraw(buyer: Gql, id: string) {
  const { need } = await buyer<{ need: { revision: number } }>(`query($id: ID!) { need(id: $id) { revision } }`, { id });
  await buyer(`mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { status } }`, { i: { id, revision: need.revision, status: "WITHDRAWN" } });
}

/** Göteborg announces a need with these dates; its id and revision. */
async function announce(buyer: Gql, title: string, dates: Record<string, string>) {
  const { me } = await buyer<{ me: { memberships: { organisation: { id: string; name: string } }[] } }>(`{ me { memberships { organisation { id name } } } }`);
  const buyerId = me.memberships.find((m) => m.organisation.name === "Göteborgs Stad")!.organisation.id;
  const { createNeed } = await buyer<{ createNeed: { id: string; revision: number } }>(
    `mutation($i: CreateNeedInput!) { createNeed(input: $i) { id revision } }`,
    { i: { buyerId, need: need(title, dates) } },
  );
  const { changeNeedStatus } = await buyer<{ changeNeedStatus: { revision: number } }>(
    `mutation($i: ChangeNeedStatusInput!) { changeNeedStatus(input: $i) { revision } }`,
    { i: { id: createNeed.id, revision: createNeed.revision, status: "ANNOUNCED" } },
  );
  return { id: createNeed.id, revision: changeNeedStatus.revision };
}

/**
 * Proves: a question asked in time but answered after the last day for answers is flagged to the
 * buyer before and after publishing, with the rule in words; the need page names the last day.
 */
test("the buyer is warned when an answer comes later than 6 days before the deadline", async ({ page, playwright, baseURL }) => {
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const supplier = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.supplier);
  const stamp = Date.now();
  const title = `Fönsterputs i skolor (${stamp})`;
  const created = await announce(buyer, title, { tenderDeadline: day(30) });
  const { me } = await supplier<{ me: { memberships: { organisation: { id: string } }[] } }>(`{ me { memberships { organisation { id } } } }`);
  await supplier(`mutation($i: AskQuestionInput!) { askQuestion(input: $i) { id } }`, {
    i: { needId: created.id, organisationId: me.memberships[0]!.organisation.id, question: `Hur många fönster? (${stamp})` },
  });
  // The buyer moves the deadline close: answers can no longer reach everyone in time.
  await buyer(`mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { revision } }`, {
    i: { id: created.id, revision: created.revision, need: need(title, { tenderDeadline: day(3) }) },
  });

  await signIn(page, DEMO.goteborg);
  await page.goto(`/buyer/needs/${encodeURIComponent(created.id)}`);
  const warning = page.getByTestId("late-answers");
  await expect(warning).toContainText("at least 6 days before the tender deadline");
  await visit(page, "buyer-desk-late-answer-en");
  const question = page.getByTestId("desk-questions").locator("li").filter({ hasText: String(stamp) });
  await question.getByRole("button", { name: "Answer" }).click();
  await page.getByLabel("Answer", { exact: true }).fill("Omkring 4 000 fönster.");
  await page.getByRole("button", { name: "Publish the answer" }).click();
  await expect(question.getByTestId("published-late")).toContainText("consider moving the tender deadline");
  await visit(page, "buyer-desk-published-late-en");

  await page.goto(`/needs/${encodeURIComponent(created.id)}`);
  await expect(page.getByText("Answers reach everyone by")).toBeVisible();
  await expect(page.getByText("at least 6 days before the tender deadline, so answers must be published by")).toBeVisible();
  await visit(page, "need-last-day-for-answers-en");
  await withdraw(buyer, created.id);
});

/** Proves: before its opening day a supplier is told when the dialogue opens, instead of a form. */
test("a supplier is told when the dialogue opens", async ({ page, playwright, baseURL }) => {
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const created = await announce(buyer, `Vinterväghållning (${Date.now()})`, { dialogueOpens: day(2) });
  await signIn(page, DEMO.supplier);
  await page.goto(`/needs/${encodeURIComponent(created.id)}`);
  await expect(page.getByTestId("dialogue-closed")).toContainText("The market dialogue opens on");
  await expect(page.locator("#ask-question")).toHaveCount(0);
  await visit(page, "need-dialogue-not-open-en");
  await withdraw(buyer, created.id);
});
