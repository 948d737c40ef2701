// Dialogue threads from both sides: a supplier edits its own message (readers see "edited"), and
// the buyer removes a message from a public thread as moderator, only with a reason, which the
// supplier then reads in the message's place.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor } from "./enterprise";

/**
 * Proves: a participant edits its own message in a public thread; the buyer's removal of it
 * without a reason is refused on the field, and with one the supplier's open page shows the
 * reason live, in place of the text.
 */
test("edit your own message; the buyer moderates with a reason", async ({ browser, playwright, baseURL }) => {
  const anna = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const erik = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.supplier);
  const { me } = await anna<{ me: { memberships: { organisation: { id: string; name: string } }[] } }>(`{ me { memberships { organisation { id name } } } }`);
  const buyerId = me.memberships.find((m) => m.organisation.name === "Göteborgs Stad")!.organisation.id;
  const stamp = Date.now();
  const { createNeed } = await anna<{ createNeed: { id: string; revision: number } }>(
    `mutation($input: CreateNeedInput!) { createNeed(input: $input) { id revision } }`,
    { input: { buyerId, need: { title: `Trådar ${stamp}`, mainCpv: "90910000", place: { country: "SE" }, contractNature: "SERVICES", procedureType: "OPEN" } } },
  );
  await anna(`mutation($input: ChangeNeedStatusInput!) { changeNeedStatus(input: $input) { id } }`, {
    input: { id: createNeed.id, revision: createNeed.revision, status: "ANNOUNCED" },
  });
  const need = createNeed.id;
  const { me: erikMe } = await erik<{ me: { memberships: { organisation: { id: string } }[] } }>(`{ me { memberships { organisation { id } } } }`);
  await erik(`mutation($input: StartThreadInput!) { startThread(input: $input) { thread { id } } }`, {
    input: { needId: need, kind: "PUBLIC", title: `Nycklar ${stamp}`, body: "Hur hämtar vi nycklarna?", organisationId: erikMe.memberships[0]!.organisation.id },
  });

  const supplier = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD);
  await supplier.goto(`/needs/${encodeURIComponent(need)}`);
  await supplier.getByText(`Nycklar ${stamp}`).click();
  const message = supplier.getByTestId("need-threads").locator("li[data-testid^=message-]").first();
  await message.getByRole("button", { name: "Edit" }).click();
  await message.getByLabel("Your message").fill("Hur hämtar vi nycklarna till förskolorna?");
  await message.getByRole("button", { name: "Save the change" }).click();
  await expect(message).toContainText("Hur hämtar vi nycklarna till förskolorna?");
  await expect(message).toContainText("edited");
  await expect(supplier.getByText("Connecting for live updates…")).toHaveCount(0);
  await visit(supplier, "thread-edited-en");

  const buyer = await browserFor(browser, DEMO.goteborg, DEMO_PASSWORD);
  await buyer.goto(`/buyer/needs/${encodeURIComponent(need)}`);
  await buyer.getByRole("button", { name: `Read Nycklar ${stamp}` }).click();
  const edited = buyer.locator("li[data-testid^=message-]").filter({ hasText: "till förskolorna" });
  await expect(edited).toContainText("edited");
  // Found by its text, then held by its id: the text goes once it is removed.
  const moderated = buyer.getByTestId((await edited.getAttribute("data-testid"))!);
  await moderated.getByRole("button", { name: /Remove as moderator/ }).click();
  await moderated.getByRole("button", { name: "Remove the message" }).click();
  await expect(buyer.getByTestId("error-summary")).toContainText("Say why you remove the message.");
  await expect(moderated.getByLabel("Why do you remove it?")).toHaveAttribute("aria-invalid", "true");
  await visit(buyer, "thread-moderation-reason-en");
  await moderated.getByLabel("Why do you remove it?").fill("Frågan besvaras i förfrågningsunderlaget.");
  await moderated.getByRole("button", { name: "Remove the message" }).click();
  await expect(moderated).toContainText("Removed by the buyer as moderator. Reason: Frågan besvaras i förfrågningsunderlaget.");

  await expect(message).toContainText("Removed by the buyer as moderator. Reason: Frågan besvaras i förfrågningsunderlaget.", { timeout: 2_000 });
  await expect(message.getByRole("button", { name: "Edit" })).toHaveCount(0);
  await visit(supplier, "thread-removed-en");
});
