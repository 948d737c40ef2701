// Live updates without gaps or repeats. A page reads `liveCursor`, then its data, then subscribes
// `after` that cursor. graphql-ws re-sends the same subscribe payload on every reconnect, so the
// payload's `after` is moved forward as events arrive (the server then resumes right after the
// last event seen), and an event whose cursor was already delivered is dropped.

/** One event of a resumable subscription: its root field carries a `cursor`. */
type Payload = { data?: Record<string, unknown> | null };

function cursorOf(payload: Payload): string | null {
  const root = payload.data ? Object.values(payload.data)[0] : null;
  if (root && typeof root === "object" && "cursor" in root) {
    const cursor = (root as { cursor: unknown }).cursor;
    return typeof cursor === "string" ? cursor : null;
  }
  return null;
}

/** Event-log cursors are decimal positions; compare them as numbers when they are. */
function isAfter(cursor: string, last: string): boolean {
  if (/^\d+$/.test(cursor) && /^\d+$/.test(last)) {
    return cursor.length !== last.length ? cursor.length > last.length : cursor > last;
  }
  return cursor !== last;
}

/**
 * Wraps a subscription's sink: keeps `variables.after` at the last delivered cursor (when the
 * operation has an `after` variable) and drops events at or before it.
 */
export function resumable<T extends Payload>(
  variables: Record<string, unknown> | undefined,
  next: (value: T) => void,
): (value: T) => void {
  let last: string | null =
    variables && typeof variables.after === "string" ? variables.after : null;
  return (value) => {
    const cursor = cursorOf(value);
    if (cursor !== null) {
      if (last !== null && !isAfter(cursor, last)) return;
      last = cursor;
      if (variables && "after" in variables) variables.after = cursor;
    }
    next(value);
  };
}
