// The language switch: a real select, named in every language so anyone can find their own.
import { Field, Label, Select } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { chooseLanguage, LANGUAGES, supportedLanguage } from "./i18n";

const NAMES = { sv: "Svenska", nb: "Norsk (bokmål)", en: "English" } as const;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = supportedLanguage(i18n.language) ?? "en";
  return (
    <Field className="language-switch" data-size="sm">
      <Label htmlFor="language-switch">{t("shell.language")}</Label>
      <Select
        id="language-switch"
        value={current}
        onChange={(e) => chooseLanguage(e.target.value as (typeof LANGUAGES)[number])}
      >
        {LANGUAGES.map((l) => (
          <Select.Option key={l} value={l} lang={l}>
            {NAMES[l]}
          </Select.Option>
        ))}
      </Select>
    </Field>
  );
}
