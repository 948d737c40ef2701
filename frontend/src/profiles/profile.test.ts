import { describe, expect, it } from "vitest";
import { draftOf, eligibility, toInput } from "./profile";

const wise = { integrationMainAim: true, targetGroupStaffPercent: 45, measuredOn: "2026-06-01" };
const today = new Date("2026-12-01T12:00:00Z");

describe("reserved-contract eligibility", () => {
  it("is eligible as a verified WISE with 30 % or more, measured within a year", () => {
    expect(eligibility({ kind: "WISE", verified: true }, wise, today)).toEqual(["eligible"]);
  });
  it("says every reason it is not", () => {
    expect(eligibility({ kind: "WISE", verified: false }, { ...wise, targetGroupStaffPercent: 20, measuredOn: "2024-01-01" }, today)).toEqual([
      "notVerified",
      "shareUnder30",
      "measurementOld",
    ]);
    expect(eligibility({ kind: "WISE", verified: true }, null, today)).toEqual(["notMainAim", "noShare"]);
    expect(eligibility({ kind: "SUPPLIER", verified: true }, wise, today)).toEqual(["notWise"]);
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
