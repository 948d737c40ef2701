// Dates, numbers and money through Intl, in the viewer's language and time zone. Deadlines name
// the zone, so nobody mistakes a Stockholm 17:00 for a London one.
import type { Language } from "./i18n";

const LOCALES: Record<Language, string> = { sv: "sv-SE", nb: "nb-NO", en: "en-GB" };

export function locale(language: string): string {
  return LOCALES[language as Language] ?? "en-GB";
}

export function formatDate(iso: string, language: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(language), { dateStyle: "long", timeZone }).format(
    new Date(iso),
  );
}

/** A day without a time (`2027-03-01`), shown as that calendar day wherever the viewer is. */
export function formatDay(day: string, language: string): string {
  const [y, m, d] = day.split("-").map(Number);
  const date = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
  return new Intl.DateTimeFormat(locale(language), { dateStyle: "long", timeZone: "UTC" }).format(
    date,
  );
}

export function formatDateTime(iso: string, language: string, timeZone?: string): string {
  // `timeZoneName` cannot be combined with `dateStyle`/`timeStyle` (V8 throws): spell it out.
  return new Intl.DateTimeFormat(locale(language), {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(new Date(iso));
}

/** A time of day like "10:42", for "saved at" notes. */
export function formatTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(locale(language), { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

/** A time span like "10:00–10:30", with the zone named once. */
export function formatTimeRange(
  startIso: string,
  endIso: string,
  language: string,
  timeZone?: string,
): string {
  const fmt = new Intl.DateTimeFormat(locale(language), {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  });
  const end = new Intl.DateTimeFormat(locale(language), {
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  });
  return `${fmt.format(new Date(startIso))}–${end.format(new Date(endIso))}`;
}

export function formatMoney(amount: number, currency: string, language: string): string {
  return new Intl.NumberFormat(locale(language), {
    style: "currency",
    currency,
    maximumFractionDigits: 0,
  }).format(amount);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(locale(language)).format(value);
}

/** The viewer's time zone, for "times are shown in Europe/Oslo". */
/** Today as `yyyy-MM-dd` in UTC, the way the server counts a need's days. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

export function viewerTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
