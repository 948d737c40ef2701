// Helpers for the enterprise workspace tests: fresh social enterprises with a capability profile
// (made through the API, verified by the demo administrator), signing in through the page, and
// finding the demo needs by their title.
import type { APIRequestContext, Browser, Page } from "@playwright/test";
import { apiAs, DEMO, freshSwedishOrgNumber, signIn as signInWith } from "./fixtures";

export type Gql = Awaited<ReturnType<typeof apiAs>>;
export const PASSWORD = "a long enough password";

/** A day three months back: a share of staff measured then still counts (a year). */
export function recentDay(): string {
  return new Date(Date.now() - 90 * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

/** A word nobody else uses, so a search finds exactly one organisation. */
export function uniqueWord(): string {
  const letters = "bdfgklmnprstv";
  const vowels = "aeiou";
  let word = "";
  for (let i = 0; i < 4; i++) {
    word += letters[Math.floor(Math.random() * letters.length)]! + vowels[Math.floor(Math.random() * vowels.length)]!;
  }
  return word[0]!.toUpperCase() + word.slice(1);
}

/** GraphQL as a person with their own cookie jar, signed in after registering. */
async function registered(request: APIRequestContext, email: string, name: string): Promise<Gql> {
  const gql = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await request.post("/graphql", { data: { query, variables } });
    const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
    return body.data as T;
  };
  await gql(`mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`, {
    input: { email, name, password: PASSWORD },
  });
  return gql as Gql;
}

export type Enterprise = { id: string; name: string; email: string; gql: Gql };

type Options = { kind?: "WISE" | "SUPPLIER"; trainingPlaces?: number; percent?: number; verified?: boolean; cpv?: string[]; regions?: string[]; region?: string };

/** A new enterprise (in Göteborg unless `region` says otherwise) with one admin, a profile and (by default) verified WISE status. */
export async function newEnterprise(
  playwright: { request: { newContext: (o: { baseURL?: string }) => Promise<APIRequestContext> } },
  baseURL: string | undefined,
  name: string,
  options: Options = {},
): Promise<Enterprise> {
  const { kind = "WISE", trainingPlaces = 8, percent = 40, verified = true, cpv = ["90911200"], regions = ["SE232"], region = "SE232" } = options;
  const email = `${name.toLowerCase().replace(/[^a-z]+/g, "-")}-${Date.now()}@example.org`;
  const gql = await registered(await playwright.request.newContext({ baseURL }), email, `Admin of ${name}`);
  const { createOrganisation } = await gql<{ createOrganisation: { id: string } }>(
    `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }`,
    { input: { kind, name, country: "SE", organisationNumber: freshSwedishOrgNumber(), region } },
  );
  const id = createOrganisation.id;
  await gql(`mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }`, {
    input: {
      organisationId: id,
      revision: 0,
      profile: {
        cpv,
        servicesDescription: `${name}: städning och arbetsträning`,
        regionsServed: regions,
        capacity: { staff: 12, trainingPlaces },
        targetGroups: ["NEWLY_ARRIVED"],
        wise: kind === "WISE" ? { integrationMainAim: true, targetGroupStaffPercent: percent, measuredOn: recentDay(), evidence: "Skoopi" } : null,
        takesEmploymentRequirements: true,
        contact: { name: `Admin of ${name}` },
      },
    },
  });
  // Verified after the profile states its share: verification covers the figures it saw.
  if (verified) {
    const admin = await apiAs(await playwright.request.newContext({ baseURL }), DEMO.admin);
    await admin(`mutation($input: SetOrganisationVerificationInput!) { setOrganisationVerification(input: $input) { id } }`, {
      input: { organisationId: id, verified: true, evidence: "Skoopi membership checked" },
    });
  }
  return { id, name, email, gql };
}

/** Signs in through the sign-in page in a new browser context of its own. */
export async function browserFor(browser: Browser, email: string, password = PASSWORD, locale = "en-GB"): Promise<Page> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await signIn(page, email, password);
  return page;
}

/** Signs in with the password these helpers give the people they register. */
export async function signIn(page: Page, email: string, password = PASSWORD) {
  await signInWith(page, email, password);
}

/** The id of a demo need by its title. */
export async function needId(gql: Gql, title: string): Promise<string> {
  const { needs } = await gql<{ needs: { nodes: { id: string; title: string }[] } }>(`{ needs(first: 50) { nodes { id title } } }`);
  const need = needs.nodes.find((n) => n.title === title);
  if (!need) throw new Error(`no demo need titled ${title}`);
  return need.id;
}

export const CLEANING = "Städning av skolor och förskolor";

/** Presses Tab until `target` has focus (proving it is reachable by keyboard); fails after `max`. */
export async function tabTo(page: Page, target: import("@playwright/test").Locator, max = 250) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("not reachable with Tab");
}

/** The id of the demo need a buyer has in market dialogue. */
export async function needInDialogue(gql: Gql): Promise<string> {
  const { needs } = await gql<{ needs: { nodes: { id: string }[] } }>(`{ needs(first: 50, filter: { statuses: [IN_DIALOGUE] }) { nodes { id } } }`);
  return needs.nodes[0]!.id;
}
