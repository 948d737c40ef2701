// Lists that live events add to. An event appends its item to a cached list at once; a query
// that the server answered just before that item was committed can still arrive afterwards and
// write the shorter list back. So each addition is remembered until a list written by the
// server includes it, and re-appended to any list written without it until then.
import type { Cache, UpdateResolver } from "@urql/exchange-graphcache";

type Linkable = { __typename?: string; id?: string | null } | null | undefined;

function appendLink(cache: Cache, parentKey: string, field: string, itemKey: string): void {
  const current = cache.resolve(parentKey, field);
  if (!Array.isArray(current) || (current as string[]).includes(itemKey)) return;
  cache.link(parentKey, field, [...(current as string[]), itemKey] as never);
}

/**
 * One client's remembered additions (`entityKey.field` -> item keys the server's lists do not
 * show yet). Per client, so that a new session's cache never receives another user's items.
 */
export class LiveLists {
  private readonly pending = new Map<string, Set<string>>();

  /** Appends `item` to `parentKey`'s list `field` (once), and keeps it there against older answers. */
  append(cache: Cache, parentKey: string, field: string, item: Linkable): void {
    const itemKey = item ? cache.keyOfEntity(item as never) : null;
    if (!itemKey) return;
    const slot = `${parentKey}.${field}`;
    const keys = this.pending.get(slot) ?? new Set<string>();
    keys.add(itemKey);
    this.pending.set(slot, keys);
    appendLink(cache, parentKey, field, itemKey);
  }

  /**
   * The updater for a list field that `append` adds to: a list from the server that already
   * holds an addition settles it; one that lacks it gets it back at the end.
   */
  keep(field: string): UpdateResolver {
    return (_result, _args, cache, info) => {
      const slot = `${info.parentKey}.${field}`;
      const keys = this.pending.get(slot);
      if (!keys) return;
      const written = cache.resolve(info.parentKey, field);
      if (!Array.isArray(written)) return;
      for (const key of keys) {
        if ((written as string[]).includes(key)) keys.delete(key);
        else appendLink(cache, info.parentKey, field, key);
      }
      if (keys.size === 0) this.pending.delete(slot);
    };
  }
}
