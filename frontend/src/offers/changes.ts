// Pure rules for the lead's changes to an offer, so the page can say what a change will do
// before the click: which lots come and go, which members' contributions stand in the way of
// leaving a lot out (the server refuses that), and whose confirmations a change clears.

export type ContributorLike = {
  organisation: { id: string; name: string };
  role: string;
  state: string;
  confirmedAt?: string | null;
  contribution: { lots: number[] };
};

export type LotChange = {
  added: number[];
  removed: number[];
  /** Accepted members that work on a lot being left out, with those lots. */
  blocked: { name: string; lots: number[] }[];
};

const sorted = (lots: number[]) => [...new Set(lots)].sort((a, b) => a - b);

/** What changing the offer's lots from `current` to `next` does, given its members. */
export function lotChange(current: number[], next: number[], members: ContributorLike[]): LotChange {
  const added = sorted(next.filter((l) => !current.includes(l)));
  const removed = sorted(current.filter((l) => !next.includes(l)));
  const blocked = members
    .filter((m) => m.state === "ACCEPTED")
    .map((m) => ({ name: m.organisation.name, lots: sorted(m.contribution.lots.filter((l) => removed.includes(l))) }))
    .filter((b) => b.lots.length > 0);
  return { added, removed, blocked };
}

/** How many accepted members have confirmed the offer as it stands: a change clears these. */
export function confirmations(members: ContributorLike[]): number {
  return members.filter((m) => m.state === "ACCEPTED" && m.confirmedAt).length;
}

/** Accepted members other than the lead: who may take over the lead. */
export function possibleLeads<M extends ContributorLike>(members: M[]): M[] {
  return members.filter((m) => m.state === "ACCEPTED" && m.role !== "LEAD");
}

/** The members of mine that may leave: accepted, and not the lead (the lead hands over first). */
export function mayLeave<M extends ContributorLike>(members: M[], myOrgIds: string[]): M[] {
  return possibleLeads(members).filter((m) => myOrgIds.includes(m.organisation.id));
}
