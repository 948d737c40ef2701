// The market dialogue, live on a supplier's open need page.
import type { WebSocketRoute } from "@playwright/test";
import { apiAs, DEMO, expect, test, visit } from "./fixtures";

type Gql = Awaited<ReturnType<typeof apiAs>>;

const MINE = `{ me { memberships { organisation { id } } } }`;

/** A need in open dialogue, the buyer account that answers for it, and the supplier's organisation. */
async function dialogueSetting(supplier: Gql, buyers: Gql[]) {
  const { needs } = await supplier<{ needs: { nodes: { id: string; buyer: { id: string }; dialogueWindow: { open: boolean; lastDayForQuestions: string | null } }[] } }>(
    `{ needs(first: 50, filter: { statuses: [IN_DIALOGUE, ANNOUNCED] }) { nodes { id buyer { id } dialogueWindow { open lastDayForQuestions } } } }`,
  );
  // Questions can be asked today: the dialogue is open by its dates and the last day has not passed.
  const today = new Date().toISOString().slice(0, 10);
  const askable = needs.nodes.filter((n) => n.dialogueWindow.open && (n.dialogueWindow.lastDayForQuestions ?? today) >= today);
  const { me } = await supplier<{ me: { memberships: { organisation: { id: string } }[] } }>(MINE);
  for (const buyer of buyers) {
    const mine = await buyer<{ me: { memberships: { organisation: { id: string } }[] } }>(MINE);
    const ids = mine.me.memberships.map((m) => m.organisation.id);
    const need = askable.find((n) => ids.includes(n.buyer.id));
    if (need) return { need: need.id, buyer, organisation: me.memberships[0]!.organisation.id };
  }
  throw new Error("the demo data has no need in dialogue");
}

async function askAndAnswer(supplier: Gql, buyer: Gql, need: string, organisation: string, text: string) {
  const { askQuestion } = await supplier<{ askQuestion: { id: string } }>(
    `mutation($input: AskQuestionInput!) { askQuestion(input: $input) { id } }`,
    { input: { needId: need, organisationId: organisation, question: `Question: ${text}?` } },
  );
  await buyer(`mutation($input: AnswerQuestionInput!) { answerQuestion(input: $input) { id } }`, {
    input: { questionId: askQuestion.id, answer: `Answer: ${text}.`, publish: true },
  });
}

test.describe("live market dialogue", () => {
  let supplier: Gql;
  let setting: Awaited<ReturnType<typeof dialogueSetting>>;

  test.beforeEach(async ({ playwright, baseURL }) => {
    const as = async (email: string) => apiAs(await playwright.request.newContext({ baseURL }), email);
    supplier = await as(DEMO.supplier);
    setting = await dialogueSetting(supplier, [await as(DEMO.goteborg), await as(DEMO.trondheim), await as(DEMO.birmingham)]);
  });

  /** Proves: an answer published while the page is open appears within a second, and nobody who asked is named. */
  test("a newly published answer shows without reload, without the asker", async ({ page }) => {
    await page.goto(`/needs/${encodeURIComponent(setting.need)}`);
    await expect(page.getByRole("heading", { name: "Questions and answers" })).toBeVisible();
    await expect(page.getByText("Connecting for live updates…")).toHaveCount(0);
    await page.waitForLoadState("networkidle");
    const text = `live ${Date.now()}`;
    await askAndAnswer(supplier, setting.buyer, setting.need, setting.organisation, text);
    await expect(page.getByTestId("qa-list").getByText(`Answer: ${text}.`)).toBeVisible({ timeout: 1_000 });
    const qa = await page.getByTestId("qa-list").innerText();
    expect(qa).not.toContain("Städ");
    expect(qa).not.toContain("Erik");
    await visit(page, "need-live-answer-en");
  });

  /** Proves: after the websocket is cut while three answers are published, each shows exactly once, in order. */
  test("a dropped websocket resumes without gaps or repeats", async ({ page }) => {
    let open = true;
    const live: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (!open) {
        ws.close({ code: 1001, reason: "test: network down" });
        return;
      }
      const server = ws.connectToServer();
      live.push(ws);
      ws.onClose(() => server.close());
    });
    await page.goto(`/needs/${encodeURIComponent(setting.need)}`);
    await expect(page.getByText("Connecting for live updates…")).toHaveCount(0);
    await page.waitForLoadState("networkidle");
    await expect.poll(() => live.length).toBeGreaterThan(0);

    open = false;
    for (const ws of live) await ws.close({ code: 1001, reason: "test: network down" });
    const stamp = Date.now();
    const texts = [1, 2, 3].map((n) => `gap ${stamp} #${n}`);
    for (const text of texts) await askAndAnswer(supplier, setting.buyer, setting.need, setting.organisation, text);
    open = true;

    const list = page.getByTestId("qa-list");
    await expect(list.getByText(`Answer: ${texts[2]}.`)).toBeVisible({ timeout: 20_000 });
    const answers = (await list.locator("li").allInnerTexts()).filter((t) => t.includes(`gap ${stamp}`));
    expect(answers).toHaveLength(3);
    expect(answers.map((a) => a.match(/#(\d)/)?.[1])).toEqual(["1", "2", "3"]);
  });
});
