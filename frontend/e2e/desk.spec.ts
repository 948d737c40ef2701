// The buyer's dialogue desk: answering questions in public (seen live by suppliers, never naming
// who asked) or in private (only with a recorded reason).
import { apiAs, DEMO, expect, signIn, test, visit } from "./fixtures";

/**
 * Proves: the buyer answers a question publicly and the supplier's open need page shows it within
 * a second, without the asker's name; a private answer without a reason is refused on the field.
 */
test("answer in public, live for suppliers; private only with a reason", async ({ page, browser, playwright, baseURL }) => {
  const supplierApi = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.supplier);
  const { needs } = await supplierApi<{ needs: { nodes: { id: string; buyer: { name: string } }[] } }>(
    `{ needs(first: 50, filter: { statuses: [IN_DIALOGUE] }) { nodes { id buyer { name } } } }`,
  );
  const need = needs.nodes.find((n) => n.buyer.name === "Göteborgs Stad")!.id;
  const { me } = await supplierApi<{ me: { memberships: { organisation: { id: string } }[] } }>(`{ me { memberships { organisation { id } } } }`);
  const organisation = me.memberships[0]!.organisation.id;
  const stamp = Date.now();
  const ask = (text: string) =>
    supplierApi(`mutation($input: AskQuestionInput!) { askQuestion(input: $input) { id } }`, { input: { needId: need, organisationId: organisation, question: text } });
  await ask(`Städbolaget Väst undrar: hur många förskolor ingår? (${stamp})`);

  const supplier = await (await browser.newContext()).newPage();
  await signIn(supplier, DEMO.supplier);
  await supplier.goto(`/needs/${encodeURIComponent(need)}`);
  await expect(supplier.getByText("Connecting for live updates…")).toHaveCount(0);
  await supplier.waitForLoadState("networkidle");

  await signIn(page, DEMO.goteborg);
  await page.goto(`/buyer/needs/${encodeURIComponent(need)}`);
  const desk = page.getByTestId("desk-questions");
  const first = desk.locator("li").filter({ hasText: String(stamp) });
  await expect(first).toContainText("Waiting for an answer");
  await expect(first).toContainText("Asked by Städbolaget Väst AB");
  await visit(page, "buyer-desk-en");

  await first.getByRole("button", { name: "Answer" }).click();
  await page.getByLabel("The question as every supplier will see it").fill(`Hur många förskolor ingår? (${stamp})`);
  await page.getByLabel("Answer", { exact: true }).fill(`Tolv förskolor ingår (${stamp}).`);
  const preview = page.getByTestId("answer-preview");
  await expect(preview).toContainText(`Hur många förskolor ingår? (${stamp})`);
  await expect(preview).toContainText(`Tolv förskolor ingår (${stamp}).`);
  await expect(preview).not.toContainText("Städbolaget");
  await visit(page, "buyer-desk-answer-preview-en");
  await page.getByRole("button", { name: "Publish the answer" }).click();

  const qa = supplier.getByTestId("qa-list");
  await expect(qa.getByText(`Tolv förskolor ingår (${stamp}).`)).toBeVisible({ timeout: 1_000 });
  expect(await qa.innerText()).not.toContain("Städbolaget");
  await expect(first).toContainText("Published");

  // A question whose answer would reveal the asker's own business: private, with a reason.
  await ask(`Får vi använda vår egen bokningsapp? (${stamp})`);
  const second = desk.locator("li").filter({ hasText: "bokningsapp" });
  await expect(second).toContainText("Waiting for an answer", { timeout: 2_000 });
  await second.getByRole("button", { name: "Answer" }).click();
  await page.getByLabel("Answer", { exact: true }).fill("Ja, om den uppfyller kraven på tillgänglighet.");
  await page.getByLabel("Answer only the organisation that asked").check();
  await page.getByRole("button", { name: "Send the answer privately" }).click();
  await expect(page.getByTestId("error-summary")).toBeFocused();
  await expect(page.getByTestId("error-summary").getByRole("link")).toHaveAttribute("href", "#privateReason");
  await expect(page.getByLabel("Why this answer is not published to everyone")).toHaveAttribute("aria-invalid", "true");
  await visit(page, "buyer-desk-private-error-en");
  await page.getByLabel("Why this answer is not published to everyone").fill("Svaret beskriver leverantörens egen app, en affärshemlighet.");
  await page.getByRole("button", { name: "Send the answer privately" }).click();
  await expect(second).toContainText("Answered privately");
  await expect(qa).not.toContainText("bokningsapp");

  // Threads: a supplier's public thread shows on the desk with its unread count; the buyer reads and replies.
  await supplierApi(`mutation($input: StartThreadInput!) { startThread(input: $input) { thread { id } } }`, {
    input: { needId: need, kind: "PUBLIC", title: `Parkering vid förskolorna ${stamp}`, body: "Finns det **parkering** för städbilar?", organisationId: organisation },
  });
  await page.reload();
  const thread = page.locator("section[aria-labelledby=threads-heading] li").filter({ hasText: `Parkering vid förskolorna ${stamp}` }).first();
  await expect(thread).toContainText("1 unread");
  await thread.getByRole("button", { name: /^Read/ }).click();
  await expect(thread.locator(".prose strong")).toHaveText("parkering");
  await thread.getByRole("textbox", { name: "Reply" }).fill("Ja, vid varje förskola.");
  await thread.getByRole("button", { name: "Send" }).click();
  await expect(thread).toContainText("Ja, vid varje förskola.");
  await visit(page, "buyer-desk-thread-en");
});
