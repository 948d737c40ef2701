import { describe, expect, it } from "vitest";
import { confirmations, lotChange, mayLeave, possibleLeads, type ContributorLike } from "./changes";

const member = (id: string, opts: Partial<ContributorLike> & { lots?: number[] } = {}): ContributorLike => ({
  organisation: { id, name: `Org ${id}` },
  role: opts.role ?? "PARTNER",
  state: opts.state ?? "ACCEPTED",
  confirmedAt: opts.confirmedAt ?? null,
  contribution: { lots: opts.lots ?? [] },
});

describe("the lead's changes", () => {
  it("names the lots added and removed, in order and once", () => {
    expect(lotChange([2], [3, 1, 1], [])).toEqual({ added: [1, 3], removed: [2], blocked: [] });
    expect(lotChange([1, 2], [2, 1], [])).toEqual({ added: [], removed: [], blocked: [] });
  });

  it("says which accepted member works on a lot being left out", () => {
    const members = [
      member("a", { role: "LEAD" }),
      member("b", { lots: [1, 2] }),
      member("c", { lots: [1], state: "INVITED" }),
      member("d", { lots: [], state: "ACCEPTED" }),
    ];
    expect(lotChange([1, 2], [2], members).blocked).toEqual([{ name: "Org b", lots: [1] }]);
    expect(lotChange([1, 2], [1, 2, 3], members).blocked).toEqual([]);
  });

  it("counts the confirmations a change clears", () => {
    expect(confirmations([member("a", { confirmedAt: "2026-12-01T10:00:00Z" }), member("b"), member("c", { state: "LEFT", confirmedAt: "2026-12-01T10:00:00Z" })])).toBe(1);
  });

  it("lets accepted non-leads take over the lead, and only my own leave", () => {
    const members = [member("a", { role: "LEAD" }), member("b"), member("c", { state: "INVITED" }), member("d", { role: "SUBCONTRACTOR" })];
    expect(possibleLeads(members).map((m) => m.organisation.id)).toEqual(["b", "d"]);
    expect(mayLeave(members, ["a", "d"]).map((m) => m.organisation.id)).toEqual(["d"]);
  });
});
