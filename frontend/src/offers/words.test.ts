import { describe, expect, it } from "vitest";
import { competingOffer, lotList, mine, missing, sharedLots, wholeNumber, type OfferLike } from "./words";

const member = (id: string, state = "ACCEPTED", role = "PARTNER") => ({
  organisation: { id, name: id },
  state,
  role,
});

const offer = (id: string, lots: number[], members = [member("lead", "ACCEPTED", "LEAD")], status = "FORMING"): OfferLike => ({
  id,
  status,
  lots,
  need: { id: "need-1" },
  members,
});

describe("joint offer rules", () => {
  it("finds my members", () => {
    expect(mine([member("a"), member("b")], ["b"]).map((m) => m.organisation.id)).toEqual(["b"]);
  });

  it("counts what is missing, never below zero", () => {
    expect(missing(20, 8)).toBe(12);
    expect(missing(20, 25)).toBe(0);
    expect(missing(20, null)).toBe(20);
    expect(missing(null, 3)).toBeNull();
  });

  it("treats an offer without lots as covering every lot", () => {
    expect(sharedLots([], [2])).toEqual([2]);
    expect(sharedLots([1, 2], [2, 3])).toEqual([2]);
    expect(sharedLots([1], [2])).toEqual([]);
  });

  it("finds the other offer an organisation already bids in for the same lot", () => {
    const first = offer("o1", [2], [member("lead", "ACCEPTED", "LEAD"), member("x")]);
    const second = offer("o2", [2], [member("other", "ACCEPTED", "LEAD"), member("x", "INVITED")]);
    expect(competingOffer([first, second], second, "x")).toEqual({ offer: first, lots: [2] });
  });

  it("ignores subcontracting, invitations, withdrawn offers and other lots", () => {
    const current = offer("o2", [2]);
    expect(competingOffer([offer("a", [2], [member("x", "ACCEPTED", "SUBCONTRACTOR")])], current, "x")).toBeNull();
    expect(competingOffer([offer("b", [2], [member("x", "INVITED")])], current, "x")).toBeNull();
    expect(competingOffer([offer("c", [2], [member("x")], "WITHDRAWN")], current, "x")).toBeNull();
    expect(competingOffer([offer("d", [1], [member("x")])], current, "x")).toBeNull();
  });

  it("writes lots and reads numbers", () => {
    expect(lotList([3, 1])).toBe("1, 3");
    expect(lotList([])).toBeNull();
    expect(wholeNumber(" 12 ")).toBe(12);
    expect(wholeNumber("")).toBeNull();
    expect(wholeNumber("1.5")).toBe("invalid");
  });
});
