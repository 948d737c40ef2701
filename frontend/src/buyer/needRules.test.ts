import { describe, expect, it } from "vitest";
import { emptyLot, emptyNeed, fromNeed, move, toInput } from "./needForm";
import { allowsPublicServiceReservation, changedParts, checkDates, checkLots, checkReservation } from "./needRules";

const base = () => ({ ...emptyNeed("SE"), title: "Städning", mainCpv: { code: "90910000" } });

describe("need editor rules", () => {
  it("refuses dates in the wrong order, naming the later field", () => {
    const f = base();
    f.dates = { ...f.dates, dialogueOpens: "2027-03-01", dialogueCloses: "2027-02-01" };
    expect(checkDates(f).map((e) => e.field)).toEqual(["dates.dialogueCloses"]);
  });

  it("refuses a question deadline after the dialogue closes and a tender before the dialogue", () => {
    const f = base();
    f.dates = { ...f.dates, dialogueOpens: "2027-03-01", dialogueCloses: "2027-04-01", questionsDeadline: "2027-04-02T12:00", expectedTenderPublication: "2027-02-01" };
    expect(checkDates(f).map((e) => e.key)).toEqual(["buyer.rules.questionsAfterClose", "buyer.rules.tenderBeforeDialogue"]);
  });

  it("puts the tender deadline after publication and the dialogue, and before the contract", () => {
    const f = base();
    f.dates = { ...f.dates, dialogueCloses: "2027-04-01", expectedTenderPublication: "2027-03-01", tenderDeadline: "2027-03-15", contractStart: "2027-03-10" };
    expect(checkDates(f).map((e) => e.key)).toEqual(["buyer.rules.deadlineBeforeClose", "buyer.rules.contractBeforeDeadline"]);
  });

  it("refuses years outside 2000–2100 and a duration of zero", () => {
    const f = base();
    f.dates = { ...f.dates, contractStart: "1999-12-31" };
    expect(checkDates(f)[0]?.key).toBe("buyer.rules.dateRange");
    f.dates = { ...f.dates, contractStart: "", contractDurationMonths: "0" };
    expect(checkDates(f)[0]?.field).toBe("dates.contractDurationMonths");
  });

  it("allows res-pub-ser only for Art. 77 services", () => {
    expect(allowsPublicServiceReservation("85312320")).toBe(true);
    expect(allowsPublicServiceReservation("92500000")).toBe(true);
    expect(allowsPublicServiceReservation("90910000")).toBe(false);
    const f = { ...base(), reserved: "RES_PUB_SER" as const };
    expect(checkReservation(f)).toEqual([{ field: "reserved", key: "buyer.rules.pubSer", vars: { code: "90910000" } }]);
  });

  it("names lots without a title by their number", () => {
    const f = { ...base(), lots: [{ ...emptyLot(), title: "Café" }, emptyLot()] };
    expect(checkLots(f)).toEqual([{ field: "lots[1].title", key: "buyer.rules.lotTitle", vars: { number: "2" } }]);
  });

  it("moves lots and keeps the rest in order", () => {
    expect(move(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(move(["a", "b"], 0, -1)).toEqual(["a", "b"]);
  });

  it("round-trips through the API shape", () => {
    const f = { ...base(), valueMin: "100 000", currency: "SEK" as const, lots: [{ ...emptyLot(), title: "Café", reserved: true, quantityAmount: "20", quantityUnit: "platser" }] };
    const input = toInput(f);
    expect(input.estimatedValue).toEqual({ min: 100000, max: null, currency: "SEK" });
    expect(input.lots?.[0]).toMatchObject({ title: "Café", reserved: true, quantity: { amount: 20, unit: "platser" } });
    expect(input.contact).toBeNull();
  });

  it("lists the parts that differ, ignoring keys and labels", () => {
    const mine = { ...base(), summary: "mine", mainCpv: { code: "90910000", label: "Cleaning" } };
    const theirs = fromNeed(saved({ summary: "theirs" }));
    expect(changedParts(mine, theirs)).toEqual(["summary"]);
  });

  it("keeps co-buyers still asked in the working copy, so a save does not withdraw their request", () => {
    const copy = fromNeed(saved({ coBuyers: [{ id: "Organisation:2" }], pendingCoBuyers: [{ id: "Organisation:3" }] }));
    expect(copy.coBuyerIds).toEqual(["Organisation:2", "Organisation:3"]);
  });
});

/** A need as the server returns it, with the parts a test cares about replaced. */
function saved(patch: Partial<Parameters<typeof fromNeed>[0]>): Parameters<typeof fromNeed>[0] {
  return {
    ...toInput(base()),
    mainCpv: { code: "90910000" },
    additionalCpvs: [],
    place: { country: "SE" },
    coBuyers: [],
    pendingCoBuyers: [],
    lots: [],
    flags: base().flags,
    engagementPlan: [],
    dates: {},
    summary: "",
    language: "sv",
    description: "",
    rationale: "",
    contractNature: "SERVICES",
    procedureType: "OPEN",
    reserved: "NONE",
    jointOffersWelcome: false,
    subcontractingWelcome: false,
    title: "Städning",
    ...patch,
  };
}
