// A match reason in the reader's language, from the key and values the server sends with it
// (`capacity.share` with `offered`, `needed` and `measure`); region codes become names and
// numbers are written the reader's way. A key the catalogue does not know yet falls back to the
// server's English sentence, marked as English.
import type { TFunction } from "i18next";

export type Wording = { key: string; values: { name: string; value: string }[] };

/** Values that are region codes, and those that are numbers. */
const REGIONS = ["served", "place"];
const NUMBERS = ["offered", "needed", "missing"];

export function wordingText(
  wording: Wording,
  english: string,
  t: TFunction,
  regionName: (code: string) => string,
  number: (n: number) => string,
): { text: string; lang?: string } {
  const values: Record<string, string> = {};
  for (const { name, value } of wording.values) {
    if (REGIONS.includes(name)) values[name] = regionName(value);
    else if (NUMBERS.includes(name) && value !== "" && !Number.isNaN(Number(value))) values[name] = number(Number(value));
    else if (name === "level") values[name] = t(`match.level.${value}`, { defaultValue: value });
    else values[name] = value;
  }
  const measure = wording.values.find((v) => v.name === "measure")?.value;
  const key = `match.${wording.key}${measure ? `_${measure}` : ""}`;
  const text = t(key, { ...values, defaultValue: "" });
  return text ? { text } : { text: english, lang: "en" };
}
