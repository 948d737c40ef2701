// What a supplier does on a need page: interest per lot, a question followed under "your
// questions", a saved search, and booking a one-to-one slot by keyboard only.
import { apiAs, DEMO, DEMO_PASSWORD, expect, test, visit } from "./fixtures";
import { browserFor, CLEANING, needId, needInDialogue, tabTo } from "./enterprise";

/** Proves: interest per lot says the buyer sees it and the buyer does; a question is listed under "your questions"; a saved search is made from the need; partners who could do a lot are listed with their reasons; the panel reads in Norwegian. */
test("a supplier marks interest, asks a question and saves a search on a need page", async ({ browser, playwright, baseURL }) => {
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await needId(buyer, CLEANING);
  const page = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD);
  await page.goto(`/needs/${encodeURIComponent(need)}`);
  const actions = page.getByTestId("participant-actions");
  await expect(actions.getByText("The buyer sees this: Städbolaget Väst AB")).toBeVisible();
  await actions.getByRole("group", { name: "Which lots interest you?" }).getByRole("checkbox", { name: /Lot 1/ }).check();
  await actions.getByRole("button", { name: "Mark interest" }).click();
  await expect(page.getByTestId("interest-status")).toContainText("You have marked interest in lot 1");
  const { need: seen } = await buyer<{ need: { interestedOrganisations: { organisation: { name: string }; lotNumbers: number[] }[] } }>(
    `query($id: ID!) { need(id: $id) { interestedOrganisations { organisation { name } lotNumbers } } }`,
    { id: need },
  );
  expect(seen.interestedOrganisations).toContainEqual({ organisation: { name: "Städbolaget Väst AB" }, lotNumbers: [1] });

  const text = `Får två företag dela på delområde 1? ${Date.now()}`;
  await actions.getByLabel("Your question").fill(text);
  await actions.getByRole("button", { name: "Send question" }).click();
  await expect(page.getByTestId("your-questions")).toContainText(text);
  await expect(page.getByTestId("your-questions")).toContainText("Waiting for an answer");
  await visit(page, "need-participant-en");

  await actions.getByLabel("Name of the search").fill("Reserverat i Göteborg");
  await actions.getByRole("button", { name: "Save search" }).click();
  await expect(actions.getByText("Saved as “Reserverat i Göteborg”")).toBeVisible();

  const partners = actions.getByRole("region", { name: "Who could do this with you" });
  await partners.getByLabel("Lot").selectOption("2");
  await expect(page.getByTestId("need-partners")).toContainText("Returbutiken Kooperativ");
  await expect(page.getByTestId("need-partners").getByRole("list", { name: "Why Returbutiken Kooperativ fits" })).toContainText("Services");

  await page.getByLabel("Language").selectOption("nb");
  await expect(actions.getByText("Oppdragsgiver ser dette: Städbolaget Väst AB")).toBeVisible();
  await visit(page, "need-participant-nb");
});

/** Proves (issue 14, test 5, slot picker): by keyboard only a supplier picks the second free one-to-one slot, books it, reads "you hold 10:00–10:30" and cancels it. */
test("booking and cancelling a meeting slot by keyboard only", async ({ browser, playwright, baseURL }) => {
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await needInDialogue(buyer);
  const stamp = Date.now() % 100000;
  for (const [start, end] of [["09:00", "09:30"], ["10:00", "10:30"]]) {
    await buyer(`mutation($n: ID!, $i: MeetingInput!) { announceMeeting(needId: $n, kind: ONE_TO_ONE, input: $i) { id } }`, {
      n: need,
      i: { title: `Enskilt möte ${stamp}`, startsAt: `2027-03-01T${start}:00+01:00`, endsAt: `2027-03-01T${end}:00+01:00`, location: "Stadsbiblioteket" },
    });
  }
  const page = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD);
  await page.goto(`/needs/${encodeURIComponent(need)}`);
  const picker = page.getByRole("group", { name: "Choose a time to book" });
  const first = picker.getByRole("radio", { name: /10:00–10:30|09:00–09:30/ }).first();
  await expect(first).toBeVisible();
  await tabTo(page, first);
  await page.keyboard.press("Space");
  await page.keyboard.press("ArrowDown");
  await expect(picker.getByRole("radio", { name: /10:00–10:30/ })).toBeChecked();
  await tabTo(page, page.getByRole("button", { name: "Book for Städbolaget Väst AB" }));
  await page.keyboard.press("Enter");
  const held = page.getByTestId("held-slots");
  await expect(held).toContainText(/You hold .*10:00–10:30/);
  await expect(held.getByRole("link", { name: "Add to calendar (.ics)" })).toHaveAttribute("href", /\/meetings\/.+\.ics$/);
  await visit(page, "need-slot-held-en");
  await tabTo(page, held.getByRole("button", { name: /Cancel your booking/ }));
  await page.keyboard.press("Enter");
  await expect(held).not.toContainText("You hold");
  await expect(picker.getByRole("radio", { name: /10:00–10:30/ })).toBeVisible();
});

/** Proves: a supplier starts a private conversation with the buyer, who reads and answers it; the answer arrives without a reload, into an open thread; another enterprise never sees it. */
test("a private conversation with the buyer on a need", async ({ browser, playwright, baseURL }) => {
  const buyer = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.goteborg);
  const need = await needId(buyer, CLEANING);
  const page = await browserFor(browser, DEMO.supplier, DEMO_PASSWORD);
  await page.goto(`/needs/${encodeURIComponent(need)}`);
  const threads = page.getByRole("region", { name: "Conversations" });
  const subject = `Nycklar till förskolorna ${Date.now()}`;
  await threads.getByRole("radio", { name: "Private, with the buyer" }).check();
  await threads.getByLabel("Subject").fill(subject);
  await threads.getByLabel("Message", { exact: true }).fill("Hur hanteras nycklar och larm?");
  await threads.getByRole("button", { name: "Start the conversation" }).click();
  await expect(page.getByTestId("need-threads")).toContainText(subject);

  type Threads = { need: { threads: { id: string; title: string }[] } };
  const seen = await buyer<Threads>(`query($id: ID!) { need(id: $id) { threads { id title } } }`, { id: need });
  const thread = seen.need.threads.find((t) => t.title === subject)!;
  const other = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.wise);
  const theirs = await other<Threads>(`query($id: ID!) { need(id: $id) { threads { id title } } }`, { id: need });
  expect(theirs.need.threads.map((t) => t.title)).not.toContain(subject);

  await page.getByTestId("need-threads").getByText(subject).click();
  await page.getByLabel("Your reply").fill("Ett halvskrivet svar");
  await buyer(`mutation($input: PostMessageInput!) { postMessage(input: $input) { id } }`, {
    input: { threadId: thread.id, body: "Nycklar lämnas ut av förskolechefen." },
  });
  await expect(page.getByTestId("need-threads")).toContainText("Nycklar lämnas ut av förskolechefen.", { timeout: 2_000 });
  await expect(page.getByLabel("Your reply")).toHaveValue("Ett halvskrivet svar");
  await visit(page, "need-threads-en");
});
