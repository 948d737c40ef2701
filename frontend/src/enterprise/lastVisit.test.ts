import { describe, expect, it } from "vitest";
import { filterSince, takeLastVisit } from "./lastVisit";

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

describe("last visit", () => {
  it("returns the previous visit per organisation and records this one", () => {
    const store = memory();
    expect(takeLastVisit("a", new Date("2026-01-01T00:00:00Z"), store)).toBeNull();
    expect(takeLastVisit("a", new Date("2026-01-02T00:00:00Z"), store)).toBe("2026-01-01T00:00:00.000Z");
    expect(takeLastVisit("b", new Date("2026-01-03T00:00:00Z"), store)).toBeNull();
  });
  it("narrows a saved filter to what was announced since", () => {
    expect(filterSince({ reserved: true }, "2026-01-01T00:00:00Z")).toEqual({ reserved: true, announcedFrom: "2026-01-01T00:00:00Z" });
    expect(filterSince({ reserved: true }, null)).toEqual({ reserved: true });
    expect(filterSince(null, null)).toEqual({});
  });
  it("turns the stored JSON into the filter input", () => {
    expect(filterSince({ region: "SE232", buyers: ["b"], green: null, cpv: [] }, null)).toEqual({ region: "SE232", buyerIds: ["b"], cpv: [] });
  });
});
