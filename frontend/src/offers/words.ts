// Pure rules the joint-offer pages share: which of my organisations stand where in an offer,
// what a lot still lacks, and whether accepting an invitation would put an organisation in two
// competing offers for the same lot (the server refuses that; we say why before it does).

export type MemberLike = {
  organisation: { id: string; name: string };
  role: string;
  state: string;
};

export type OfferLike = {
  id: string;
  status: string;
  lots: number[];
  need?: { id: string } | null;
  members: MemberLike[];
};

/** The members that are organisations of mine, in offer order. */
export function mine<M extends MemberLike>(members: M[], myOrgIds: string[]): M[] {
  return members.filter((m) => myOrgIds.includes(m.organisation.id));
}

/** What the members still have to add for a lot, never below zero; `null` when unmeasured. */
export function missing(required: number | null | undefined, covered: number | null | undefined): number | null {
  if (required == null) return null;
  return Math.max(0, required - (covered ?? 0));
}

/** Two offers share a lot when one is for the whole need (no lots) or their lots meet. */
export function sharedLots(a: number[], b: number[]): number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  return a.filter((lot) => b.includes(lot));
}

/**
 * Another live offer for the same need in which `orgId` already bids (as lead or partner) for
 * one of `offer`'s lots, with the lots they share; `null` when there is none. A subcontractor
 * may work in several offers, so only bidding places count.
 */
export function competingOffer(
  offers: OfferLike[],
  offer: OfferLike,
  orgId: string,
): { offer: OfferLike; lots: number[] } | null {
  for (const other of offers) {
    if (other.id === offer.id || other.status === "WITHDRAWN") continue;
    if (!other.need || !offer.need || other.need.id !== offer.need.id) continue;
    const bids = other.members.some(
      (m) => m.organisation.id === orgId && m.state === "ACCEPTED" && m.role !== "SUBCONTRACTOR",
    );
    const lots = sharedLots(other.lots, offer.lots);
    if (bids && (lots.length > 0 || (other.lots.length === 0 && offer.lots.length === 0))) {
      return { offer: other, lots };
    }
  }
  return null;
}

/** "2, 3" for lots, or `null` for the whole need. */
export function lotList(lots: number[]): string | null {
  return lots.length === 0 ? null : [...lots].sort((a, b) => a - b).join(", ");
}

/** A whole number from a form field, `null` when empty; `NaN` stays out (the caller reports it). */
export function wholeNumber(text: string): number | null | "invalid" {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (!/^\d+$/.test(trimmed)) return "invalid";
  return Number(trimmed);
}
