import { describe, expect, it } from "vitest";
import { cpvCode, cpvPrefix, partnerFilter, readPartnerParams, staffRange } from "./filters";

describe("partner filters in the URL", () => {
  it("reads staff ranges", () => {
    expect(staffRange("10-49")).toEqual({ minStaff: 10, maxStaff: 49 });
    expect(staffRange("250+")).toEqual({ minStaff: 250, maxStaff: null });
    expect(staffRange("lots")).toEqual({ minStaff: null, maxStaff: null });
  });
  it("turns CPV facet values into codes and back", () => {
    expect(cpvCode("90")).toBe("90000000");
    expect(cpvCode("909")).toBe("90900000");
    expect(cpvPrefix("90900000")).toBe("909");
  });
  it("builds the filter and ignores what it does not know", () => {
    const p = readPartnerParams(new URLSearchParams("kind=WISE&kind=BOGUS&cpv=90&targetGroup=YOUNG_PEOPLE&staff=1-9&training=5&eligible=true&region=SE232"));
    expect(partnerFilter(p)).toEqual({
      kinds: ["WISE"],
      region: "SE232",
      cpv: "90000000",
      targetGroup: "YOUNG_PEOPLE",
      minStaff: 1,
      maxStaff: 9,
      minTrainingPlaces: 5,
      verifiedWise: null,
      resWsEligible: true,
    });
    expect(readPartnerParams(new URLSearchParams("training=7&targetGroup=X")).training).toBeNull();
  });
});
