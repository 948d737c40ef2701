import { describe, expect, it } from "vitest";
import { dayTimes, slotTimes } from "./slots";

describe("meeting times", () => {
  it("makes back-to-back slots", () => {
    const slots = slotTimes("2027-03-10", "09:00", 30, 4)!;
    expect(slots).toHaveLength(4);
    const minutes = (iso: string) => new Date(iso).getTime() / 60_000;
    expect(minutes(slots[1]!.startsAt) - minutes(slots[0]!.startsAt)).toBe(30);
    expect(slots[3]!.endsAt).toBe(new Date(new Date("2027-03-10T09:00").getTime() + 120 * 60_000).toISOString());
  });

  it("refuses what cannot be", () => {
    expect(slotTimes("", "09:00", 30, 4)).toBeNull();
    expect(slotTimes("2027-03-10", "09:00", 0, 4)).toBeNull();
    expect(slotTimes("2027-03-10", "09:00", 30, 0)).toBeNull();
    expect(dayTimes("2027-03-10", "13:00", "09:00")).toBeNull();
    expect(dayTimes("2027-03-10", "09:00", "12:00")).not.toBeNull();
  });
});
