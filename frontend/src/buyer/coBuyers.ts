// Joint procurement by consent: who answers another buyer's request to name their organisation
// as co-buyer, and what an answer changes in the normalised cache. A request has no id of its
// own (it lives inside its organisation), so the answered one is taken out of the list by hand.
import type { Cache, UpdatesConfig } from "@urql/exchange-graphcache";

/** The kinds that can buy, and so be asked to buy together (the server's rule). */
const BUYER_KINDS = ["MUNICIPALITY", "OTHER"];

type Membership = { role: string; organisation: { id: string; name: string; kind: string } };

/** The organisations whose co-buyer requests this person answers: buyers they administer. */
export function answersFor(memberships: Membership[]): { id: string; name: string }[] {
  return memberships
    .filter((m) => m.role === "ADMIN" && BUYER_KINDS.includes(m.organisation.kind))
    .map((m) => ({ id: m.organisation.id, name: m.organisation.name }));
}

/** The part of the buyer's dashboard where requests are answered. */
export const CO_BUYER_REQUESTS_ANCHOR = "co-buyer-requests";

/** Where a person answers co-buyer requests; the CO_BUYER_REQUEST notification links here. */
export const CO_BUYER_REQUESTS_PATH = `/buyer#${CO_BUYER_REQUESTS_ANCHOR}`;

type AnswerArgs = { needId?: unknown; organisationId?: unknown; accept?: unknown };
type AnswerCache = Pick<Cache, "keyOfEntity" | "resolve" | "link" | "invalidate" | "inspectFields">;

/**
 * After an answer: the request leaves its organisation's list at once; the need is read again
 * (its co-buyers changed), and after an acceptance so are the lists of needs (the organisation's
 * own dashboard now lists it). `queryRoot` is the schema's query type (`QueryRoot` here).
 */
export function afterAnswer(answered: boolean, args: AnswerArgs, cache: AnswerCache, queryRoot: string) {
  if (!answered || typeof args.needId !== "string" || typeof args.organisationId !== "string") return;
  const org = cache.keyOfEntity({ __typename: "Organisation", id: args.organisationId });
  const requests = org ? cache.resolve(org, "coBuyerRequests") : null;
  if (org && Array.isArray(requests)) {
    const left = (requests as string[]).filter((key) => cache.resolve(key, "needId") !== args.needId);
    cache.link(org, "coBuyerRequests", left);
  }
  cache.invalidate({ __typename: "Need", id: args.needId });
  if (args.accept === true) {
    for (const field of cache.inspectFields(queryRoot)) {
      if (field.fieldName === "needs") cache.invalidate(queryRoot, field.fieldName, field.arguments ?? undefined);
    }
  }
}

export function coBuyerUpdates(queryRoot: string): UpdatesConfig {
  return {
    Mutation: {
      answerCoBuyerRequest(result, args, cache) {
        afterAnswer((result as { answerCoBuyerRequest?: boolean }).answerCoBuyerRequest === true, args, cache, queryRoot);
      },
    },
  };
}
