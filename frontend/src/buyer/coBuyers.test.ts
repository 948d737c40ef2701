import { describe, expect, it } from "vitest";
import { afterAnswer, answersFor } from "./coBuyers";

describe("who answers co-buyer requests", () => {
  it("is an admin of a public buyer, never a member or an enterprise", () => {
    const org = (id: string, kind: string) => ({ id, name: `Org ${id}`, kind });
    expect(
      answersFor([
        { role: "ADMIN", organisation: org("1", "MUNICIPALITY") },
        { role: "MEMBER", organisation: org("2", "MUNICIPALITY") },
        { role: "ADMIN", organisation: org("3", "WISE") },
        { role: "ADMIN", organisation: org("4", "OTHER") },
      ]),
    ).toEqual([
      { id: "1", name: "Org 1" },
      { id: "4", name: "Org 4" },
    ]);
  });
});

/** A cache with one organisation holding two requests, recording what is done to it. */
function fakeCache() {
  const fields: Record<string, unknown> = {
    "Organisation:o1.coBuyerRequests": ["Organisation:o1.coBuyerRequests.0", "Organisation:o1.coBuyerRequests.1"],
    "Organisation:o1.coBuyerRequests.0.needId": "n1",
    "Organisation:o1.coBuyerRequests.1.needId": "n2",
  };
  const invalidated: string[] = [];
  const cache = {
    keyOfEntity: (e: { __typename: string; id: string }) => `${e.__typename}:${e.id}`,
    resolve: (key: string, field: string) => fields[`${key}.${field}`] ?? null,
    link: (key: string, field: string, value: unknown) => void (fields[`${key}.${field}`] = value),
    invalidate: (key: string | { __typename: string; id: string }, field?: string, args?: Record<string, unknown>) =>
      void invalidated.push(typeof key === "string" ? `${key}.${field}(${JSON.stringify(args)})` : `${key.__typename}:${key.id}`),
    inspectFields: (key: string) =>
      key === "QueryRoot"
        ? [
            { fieldKey: 'needs({"first":25})', fieldName: "needs", arguments: { first: 25 } },
            { fieldKey: "me", fieldName: "me", arguments: null },
          ]
        : [],
  };
  return { cache: cache as unknown as Parameters<typeof afterAnswer>[2], fields, invalidated };
}

describe("the cache after an answer", () => {
  it("takes the answered request out of the list and reads the need again", () => {
    const { cache, fields, invalidated } = fakeCache();
    afterAnswer(true, { needId: "n1", organisationId: "o1", accept: false }, cache, "QueryRoot");
    expect(fields["Organisation:o1.coBuyerRequests"]).toEqual(["Organisation:o1.coBuyerRequests.1"]);
    expect(invalidated).toEqual(["Need:n1"]);
  });

  it("after an acceptance also reads the lists of needs again", () => {
    const { cache, invalidated } = fakeCache();
    afterAnswer(true, { needId: "n2", organisationId: "o1", accept: true }, cache, "QueryRoot");
    expect(invalidated).toEqual(["Need:n2", 'QueryRoot.needs({"first":25})']);
  });

  it("changes nothing when the server refused", () => {
    const { cache, fields, invalidated } = fakeCache();
    afterAnswer(false, { needId: "n1", organisationId: "o1", accept: true }, cache, "QueryRoot");
    expect(fields["Organisation:o1.coBuyerRequests"]).toHaveLength(2);
    expect(invalidated).toEqual([]);
  });
});
