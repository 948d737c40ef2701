import { describe, expect, it } from "vitest";
import { bookable, criteriaFor, heldBy, needFilter } from "./participant";

const slot = (id: string, hours: number, extra: Partial<{ placesLeft: number; cancelledAt: string; mine: boolean }> = {}) => ({
  id,
  kind: "ONE_TO_ONE",
  startsAt: new Date(Date.UTC(2030, 0, 1, hours)).toISOString(),
  endsAt: new Date(Date.UTC(2030, 0, 1, hours, 30)).toISOString(),
  placesLeft: extra.placesLeft ?? 1,
  cancelledAt: extra.cancelledAt ?? null,
  bookings: extra.mine ? [{ organisation: { id: "me" } }] : [],
});

describe("meeting slots", () => {
  it("knows which slot I hold and which I can still book", () => {
    const slots = [slot("a", 9, { mine: true, placesLeft: 0 }), slot("b", 10), slot("c", 11, { placesLeft: 0 }), slot("d", 12, { cancelledAt: "x" })];
    expect(heldBy(slots, "me").map((s) => s.id)).toEqual(["a"]);
    // Holding a one-to-one slot, no other one-to-one slot of the need is offered.
    expect(bookable(slots, "me", new Date(Date.UTC(2029, 0, 1)))).toEqual([]);
    const free = slots.slice(1);
    expect(bookable(free, "me", new Date(Date.UTC(2029, 0, 1))).map((s) => s.id)).toEqual(["b"]);
    expect(bookable(free, "me", new Date(Date.UTC(2031, 0, 1)))).toEqual([]);
    const day = { ...slot("e", 14), kind: "SUPPLIER_DAY", placesLeft: 20 };
    expect(bookable([...slots, day], "me", new Date(Date.UTC(2029, 0, 1))).map((s) => s.id)).toEqual(["e"]);
  });
});

describe("saved search from a need", () => {
  const need = { place: { nutsCode: "SE232" }, hasReservedPart: true, mainCpv: { code: "90910000" } };
  it("suggests region, reserved and the CPV division", () => {
    expect(criteriaFor(need)).toEqual({ region: "SE232", reserved: true, cpv: "90000000" });
  });
  it("keeps only what was chosen", () => {
    expect(needFilter(criteriaFor(need), { region: true, reserved: true, cpv: false })).toEqual({ region: "SE232", reserved: true, cpv: [] });
  });
});
