// One-to-one slots made in one go: a day, the first slot's start, a length and a count give
// back-to-back slots. Times are read in the viewer's zone (the browser's), sent as instants.

export type Slot = { startsAt: string; endsAt: string };

/** `day` is `yyyy-MM-dd`, `first` is `HH:mm`; null when something cannot be read. */
export function slotTimes(day: string, first: string, minutes: number, count: number): Slot[] | null {
  const start = new Date(`${day}T${first}`);
  if (Number.isNaN(start.getTime()) || !(minutes > 0) || !(count > 0) || count > 40) return null;
  return Array.from({ length: count }, (_, i) => {
    const from = new Date(start.getTime() + i * minutes * 60_000);
    const to = new Date(from.getTime() + minutes * 60_000);
    return { startsAt: from.toISOString(), endsAt: to.toISOString() };
  });
}

/** A day and a `HH:mm` start and end, for a supplier day; null unless the end follows the start. */
export function dayTimes(day: string, from: string, to: string): Slot | null {
  const a = new Date(`${day}T${from}`);
  const b = new Date(`${day}T${to}`);
  if (Number.isNaN(a.getTime()) || Number.isNaN(b.getTime()) || b <= a) return null;
  return { startsAt: a.toISOString(), endsAt: b.toISOString() };
}
