// Pure rules behind the participant actions on a need page.

export type Slot = {
  id: string;
  kind: string;
  startsAt: string;
  endsAt: string;
  placesLeft: number;
  cancelledAt?: string | null;
  bookings: { organisation: { id: string } }[];
};

/** The slot or day my organisation holds, if any (a one-to-one slot per need at most). */
export function heldBy<S extends Slot>(meetings: S[], orgId: string): S[] {
  return meetings.filter((m) => !m.cancelledAt && m.bookings.some((b) => b.organisation.id === orgId));
}

/**
 * Slots still open to book now: not cancelled, not past, with a place left, not already mine;
 * and no one-to-one slot once the organisation holds one (one per need, as the server rules).
 */
export function bookable<S extends Slot>(meetings: S[], orgId: string, now = new Date()): S[] {
  const holdsOneToOne = heldBy(meetings, orgId).some((m) => m.kind === "ONE_TO_ONE");
  return meetings.filter(
    (m) =>
      !m.cancelledAt &&
      new Date(m.startsAt) > now &&
      m.placesLeft > 0 &&
      !m.bookings.some((b) => b.organisation.id === orgId) &&
      !(holdsOneToOne && m.kind === "ONE_TO_ONE"),
  );
}

/** The saved-search criteria a need suggests: its region, reserved part and CPV division. */
export type Criteria = { region: string | null; reserved: boolean; cpv: string | null };

export function criteriaFor(need: { place: { nutsCode?: string | null }; hasReservedPart: boolean; mainCpv: { code: string } }): Criteria {
  return {
    region: need.place.nutsCode ?? null,
    reserved: need.hasReservedPart,
    cpv: `${need.mainCpv.code.slice(0, 2)}000000`,
  };
}

/** The `needs(filter:)` input for the criteria someone kept. */
export function needFilter(c: Criteria, keep: { region: boolean; reserved: boolean; cpv: boolean }) {
  return {
    region: keep.region ? c.region : null,
    reserved: keep.reserved && c.reserved ? true : null,
    cpv: keep.cpv && c.cpv ? [c.cpv] : [],
  };
}
