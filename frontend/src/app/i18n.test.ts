import { describe, expect, it } from "vitest";
import { initialLanguage, supportedLanguage } from "./i18n";

describe("interface language", () => {
  it("maps Norwegian variants to bokmål", () => {
    expect(supportedLanguage("nn-NO")).toBe("nb");
    expect(supportedLanguage("no")).toBe("nb");
    expect(supportedLanguage("nb")).toBe("nb");
    expect(supportedLanguage("de-DE")).toBeNull();
  });

  it("prefers the stored choice, then the browser's languages in order, then English", () => {
    expect(initialLanguage("sv", ["en-GB"])).toBe("sv");
    expect(initialLanguage(null, ["de-DE", "nn-NO", "sv-SE"])).toBe("nb");
    expect(initialLanguage("xx", ["fr-FR"])).toBe("en");
  });
});
