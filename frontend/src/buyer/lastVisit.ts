// "Since your last visit": when the buyer last opened the dashboard, per organisation, kept in
// this browser only.
const key = (organisationId: string) => `samspill.buyer.lastVisit.${organisationId}`;

/** The previous visit (null the first time) and records this one as `now`. */
export function takeLastVisit(organisationId: string, now: Date, storage: Pick<Storage, "getItem" | "setItem"> = localStorage): string | null {
  let previous: string | null = null;
  try {
    previous = storage.getItem(key(organisationId));
    storage.setItem(key(organisationId), now.toISOString());
  } catch {
    // No storage (private mode): every visit is the first.
  }
  return previous;
}

/** How many of the instants fall after `since` (all of them when there was no visit before). */
export function countSince(instants: string[], since: string | null): number {
  if (!since) return instants.length;
  const t = Date.parse(since);
  return instants.filter((i) => Date.parse(i) > t).length;
}
