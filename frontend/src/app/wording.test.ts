import i18next from "i18next";
import { beforeAll, describe, expect, it } from "vitest";
import { catalogues } from "../i18n";
import { wordingText } from "./wording";

const regionName = (code: string) => ({ SE232: "Västra Götalands län", SE2: "Södra Sverige" })[code] ?? code;

describe("wordingText", () => {
  beforeAll(async () => {
    await i18next.init({ lng: "sv", resources: { sv: { translation: catalogues.sv }, nb: { translation: catalogues.nb }, en: { translation: catalogues.en } } });
  });

  it("names regions and numbers in the reader's language", () => {
    const t = i18next.getFixedT("sv");
    const number = (n: number) => new Intl.NumberFormat("sv-SE").format(n);
    const region = wordingText({ key: "region.includes", values: [{ name: "served", value: "SE2" }, { name: "place", value: "SE232" }] }, "Serves …", t, regionName, number);
    expect(region).toEqual({ text: "Verkar i Södra Sverige, som omfattar Västra Götalands län." });
    const share = wordingText(
      { key: "capacity.share", values: [{ name: "offered", value: "1500" }, { name: "needed", value: "2000" }, { name: "measure", value: "TRAINING_PLACES" }] },
      "",
      t,
      regionName,
      number,
    );
    expect(share.text).toBe("Kan ta emot 1\u00a0500 av 2\u00a0000 arbetsträningsplatser.");
  });

  it("falls back to the server's English for a key it does not know", () => {
    expect(wordingText({ key: "newFactor.x", values: [] }, "Something new.", i18next.getFixedT("sv"), regionName, String)).toEqual({ text: "Something new.", lang: "en" });
  });

  it("every reason key the server sends has words in each language", () => {
    const keys = ["cpv.own", "cpv.hierarchy", "cpv.none", "cpv.related", "region.unknown", "region.includes", "region.partOf", "region.country", "region.not", "capacity.unknown", "reserved.eligible", "reserved.not", "verified.yes", "verified.no", "employment.groups", "employment.otherGroups", "employment.no"];
    for (const lng of ["sv", "nb", "en"] as const) {
      for (const key of keys) expect(i18next.exists(`match.${key}`, { lng }), `${lng} ${key}`).toBe(true);
    }
  });
});
