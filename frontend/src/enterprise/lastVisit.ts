// "New since your last visit": the home page remembers when this browser last showed it, per
// organisation, and reads the previous moment on arrival.
const KEY = "samspill.home.lastVisit";

type Store = Pick<Storage, "getItem" | "setItem">;

/** The previous visit (ISO), or `null` on a first visit; records `now` as the latest. */
export function takeLastVisit(orgId: string, now: Date, store: Store = localStorage): string | null {
  const all = JSON.parse(store.getItem(KEY) ?? "{}") as Record<string, string>;
  const previous = all[orgId] ?? null;
  all[orgId] = now.toISOString();
  store.setItem(KEY, JSON.stringify(all));
  return previous;
}

const KEYS = [
  "statuses", "cpv", "country", "region", "reserved", "socialObjective", "innovative", "green",
  "smeSuitable", "expectedTenderFrom", "expectedTenderTo", "announcedFrom", "announcedTo", "text",
];

/**
 * A saved search's filter as `needs(filter:)` takes it, with only what came after `since`
 * (everything when `since` is null). The stored JSON names buyers `buyers` where the input
 * says `buyerIds`, so it is copied key by key.
 */
export function filterSince(filter: unknown, since: string | null): Record<string, unknown> {
  const stored = filter && typeof filter === "object" ? (filter as Record<string, unknown>) : {};
  const base: Record<string, unknown> = {};
  for (const key of KEYS) if (stored[key] != null) base[key] = stored[key];
  if (Array.isArray(stored.buyers)) base.buyerIds = stored.buyers;
  if (Array.isArray(stored.buyerIds)) base.buyerIds = stored.buyerIds;
  return since ? { ...base, announcedFrom: since } : base;
}
