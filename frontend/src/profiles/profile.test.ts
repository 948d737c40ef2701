import { describe, expect, it } from "vitest";
import { draftOf, savingPausesEligibility, toInput } from "./profile";

const saved = { integrationMainAim: true, targetGroupStaffPercent: 40, measuredOn: "2026-09-01", evidence: "Skoopi" };
const verifiedWise = { kind: "WISE", verified: true, verifiedWiseFigures: { sharePercent: 40, measuredOn: "2026-09-01" } };
/** The editor's draft with the share and date as typed. */
const editing = (percent: string, measuredOn = "2026-09-01") => {
  const d = draftOf(null, true);
  return { ...d, wise: { ...d.wise!, percent, measuredOn } };
};

describe("saving pauses reserved-contract eligibility", () => {
  it("when a verified WISE states another share or date than verified", () => {
    expect(savingPausesEligibility(verifiedWise, saved, editing("45"))).toBe(true);
    expect(savingPausesEligibility(verifiedWise, saved, editing("40", "2026-11-01"))).toBe(true);
    expect(savingPausesEligibility(verifiedWise, saved, editing(""))).toBe(true);
  });
  it("not when the figures stay as saved or go back to the verified ones", () => {
    expect(savingPausesEligibility(verifiedWise, saved, editing(" 040 "))).toBe(false);
    const paused = { ...saved, targetGroupStaffPercent: 45 };
    expect(savingPausesEligibility(verifiedWise, paused, editing("40"))).toBe(false);
    expect(savingPausesEligibility(verifiedWise, paused, editing("45"))).toBe(false);
  });
  it("not for an organisation no administrator has verified, nor for a supplier", () => {
    expect(savingPausesEligibility({ ...verifiedWise, verified: false }, saved, editing("45"))).toBe(false);
    expect(savingPausesEligibility({ ...verifiedWise, kind: "SUPPLIER" }, saved, { ...editing("45"), wise: null })).toBe(false);
  });
  it("when a WISE verified before it stated any figures states them", () => {
    expect(savingPausesEligibility({ ...verifiedWise, verifiedWiseFigures: null }, null, editing("45"))).toBe(true);
  });
});

describe("profile input", () => {
  it("starts empty with WISE status for a WISE", () => {
    const d = draftOf(null, true);
    expect(d.wise?.integrationMainAim).toBe(false);
    expect(draftOf(null, false).wise).toBeNull();
  });
  it("turns typed text into the input and flags what is not a number", () => {
    const d = { ...draftOf(null, true), keywords: "städ, kafé ,", staff: "12", trainingPlaces: "tolv" };
    const { input, errors } = toInput(d);
    expect(input.keywords).toEqual(["städ", "kafé"]);
    expect((input.capacity as { staff: number }).staff).toBe(12);
    expect(errors).toEqual([{ field: "capacity.trainingPlaces", key: "wholeNumber" }]);
  });
});
