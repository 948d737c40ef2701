// The interface language: the viewer's choice (kept in localStorage), else the browser's first
// language we speak. Norwegian Nynorsk and the bare `no` fall back to Bokmål.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { catalogues } from "../i18n";

export const LANGUAGES = ["sv", "nb", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "samspill.language";

/** Maps a BCP 47 tag to a language we have, or `null`. */
export function supportedLanguage(tag: string | null | undefined): Language | null {
  const base = (tag ?? "").toLowerCase().split("-")[0];
  if (base === "sv") return "sv";
  if (base === "nb" || base === "nn" || base === "no") return "nb";
  if (base === "en") return "en";
  return null;
}

/** The stored choice, else the first browser language we speak, else English. */
export function initialLanguage(stored: string | null, browser: readonly string[]): Language {
  return (
    supportedLanguage(stored) ??
    browser.map(supportedLanguage).find((l): l is Language => l !== null) ??
    "en"
  );
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function chooseLanguage(language: Language) {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
  void i18n.changeLanguage(language);
}

export function setUpI18n() {
  const lng = initialLanguage(readStored(), navigator.languages ?? [navigator.language]);
  void i18n.use(initReactI18next).init({
    resources: {
      sv: { translation: catalogues.sv },
      nb: { translation: catalogues.nb },
      en: { translation: catalogues.en },
    },
    lng,
    fallbackLng: { nn: ["nb"], no: ["nb"], default: ["en"] },
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const mark = (l: string) => document.documentElement.setAttribute("lang", l);
  mark(lng);
  i18n.on("languageChanged", mark);
  return i18n;
}
