import { describe, expect, it } from "vitest";
import { cpvPrefix, pageCursor, readFilters, writeFilters } from "./filters";

describe("need filters in the URL", () => {
  it("round-trips every filter", () => {
    const filters = {
      q: "städ",
      statuses: ["ANNOUNCED" as const, "IN_DIALOGUE" as const],
      region: "SE232",
      cpv: "90910000",
      reserved: true,
      innovative: false,
      page: 3,
    };
    expect(readFilters(writeFilters(filters))).toEqual(filters);
  });

  it("ignores what it does not know", () => {
    const f = readFilters(new URLSearchParams("status=DRAFT&status=ANNOUNCED&page=-2&reserved=yes"));
    expect(f.statuses).toEqual(["ANNOUNCED"]);
    expect(f.page).toBe(1);
    expect(f.reserved).toBe(false);
  });

  it("encodes page cursors as the server does", () => {
    expect(pageCursor(1)).toBeNull();
    expect(atob(pageCursor(3) ?? "")).toBe("cursor:40");
  });

  it("reads CPV prefixes", () => {
    expect(cpvPrefix("85310000")).toBe("8531");
    expect(cpvPrefix("85000000-0")).toBe("85");
    expect(cpvPrefix("03000000")).toBe("03");
  });
});
