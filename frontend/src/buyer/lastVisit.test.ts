import { describe, expect, it } from "vitest";
import { countSince, takeLastVisit } from "./lastVisit";

describe("since the last visit", () => {
  it("returns the previous visit and records this one", () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(takeLastVisit("org1", new Date("2027-01-01T10:00:00Z"), storage)).toBeNull();
    expect(takeLastVisit("org1", new Date("2027-01-02T10:00:00Z"), storage)).toBe("2027-01-01T10:00:00.000Z");
    expect(takeLastVisit("org2", new Date("2027-01-02T10:00:00Z"), storage)).toBeNull();
  });

  it("counts only what came after the visit", () => {
    const times = ["2027-01-01T09:00:00Z", "2027-01-01T11:00:00Z"];
    expect(countSince(times, "2027-01-01T10:00:00.000Z")).toBe(1);
    expect(countSince(times, null)).toBe(2);
  });
});
