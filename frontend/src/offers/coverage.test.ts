import type { TFunction } from "i18next";
import { describe, expect, it } from "vitest";
import { gapText, otherWarnings, sentence, shareReasons } from "./coverage";

const t = ((key: string, vars?: Record<string, unknown>) => `${key}${vars ? JSON.stringify(vars) : ""}`) as unknown as TFunction;
const lot = { cpv: "90910000", region: "SE232", measure: "TRAINING_PLACES", required: 20, covered: 8 };

describe("coverage words", () => {
  it("says a capacity gap from the numbers", () => {
    const text = gapText({ factor: "CAPACITY", explanation: "12 more places" }, lot, t, (c) => c, String);
    expect(text.text).toBe('offers.gap.CAPACITY_TRAINING_PLACES{"count":12,"amount":"12"}');
    expect(text.lang).toBeUndefined();
  });

  it("names the region and falls back to the server's English", () => {
    expect(gapText({ factor: "REGION", explanation: "" }, lot, t, () => "Göteborg", String).text).toContain("Göteborg");
    expect(gapText({ factor: "NEW", explanation: "Something new." }, lot, t, String, String)).toEqual({
      text: "Something new.",
      lang: "en",
    });
  });

  it("explains reserved-lot standing", () => {
    expect(shareReasons({ verified: true, integrationMainAim: true, targetGroupStaffPercent: 45, qualifies: true })).toEqual(["qualifies"]);
    expect(shareReasons({ verified: false, integrationMainAim: true, targetGroupStaffPercent: 20, qualifies: false })).toEqual([
      "notVerified",
      "shareUnder30",
    ]);
    expect(shareReasons({ verified: true, integrationMainAim: true, targetGroupStaffPercent: null, qualifies: false })).toEqual(["noShare"]);
  });

  it("keeps only the warnings the panel does not already say", () => {
    expect(
      otherWarnings([
        "A could meet this lot alone by its own profile: check.",
        "B does not qualify for this reserved lot (a verified WISE).",
        "C also bids in the offer led by D for lot 2.",
      ]),
    ).toEqual(["C also bids in the offer led by D for lot 2."]);
  });
});

describe("sentence", () => {
  it("starts a phrase that followed a name with a capital", () => {
    expect(sentence("er ikke verifisert ennå.")).toBe("Er ikke verifisert ennå.");
    expect(sentence("")).toBe("");
  });
});
