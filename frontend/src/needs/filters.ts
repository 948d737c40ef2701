// The pipeline's filters live in the URL, so Back restores them and a link shares a search.
import type { NeedStatus } from "../gql/graphql";

export const PAGE_SIZE = 20;

export const PUBLIC_STATUSES: NeedStatus[] = [
  "ANNOUNCED",
  "IN_DIALOGUE",
  "TENDERING",
  "AWARDED",
  "CLOSED",
  "WITHDRAWN",
  "CANCELLED",
];

export type NeedFilters = {
  q: string;
  statuses: NeedStatus[];
  region: string | null;
  cpv: string | null;
  reserved: boolean;
  innovative: boolean;
  page: number;
};

export function readFilters(params: URLSearchParams): NeedFilters {
  const page = Number(params.get("page") ?? "1");
  return {
    q: params.get("q") ?? "",
    statuses: params
      .getAll("status")
      .filter((s): s is NeedStatus => (PUBLIC_STATUSES as string[]).includes(s)),
    region: params.get("region"),
    cpv: params.get("cpv"),
    reserved: params.get("reserved") === "true",
    innovative: params.get("innovative") === "true",
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function writeFilters(filters: NeedFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set("q", filters.q);
  for (const s of filters.statuses) params.append("status", s);
  if (filters.region) params.set("region", filters.region);
  if (filters.cpv) params.set("cpv", filters.cpv);
  if (filters.reserved) params.set("reserved", "true");
  if (filters.innovative) params.set("innovative", "true");
  if (filters.page > 1) params.set("page", String(filters.page));
  return params;
}

/**
 * The `after` cursor for a page. Search cursors are offsets (backend graphql/ids.rs `cursor`),
 * which lets the pipeline offer numbered pages that survive a reload.
 */
export function pageCursor(page: number): string | null {
  if (page <= 1) return null;
  return btoa(`cursor:${(page - 1) * PAGE_SIZE}`)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A CPV code as the significant prefix the picker and facets work with (`85310000` -> `8531`). */
export function cpvPrefix(code: string): string {
  const digits = code.replace(/-\d$/, "");
  const trimmed = digits.replace(/0+$/, "");
  return trimmed.length < 2 ? digits.slice(0, 2) : trimmed;
}
