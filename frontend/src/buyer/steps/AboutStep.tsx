// Step 1: what the need is called and what it is about in two sentences, and its language.
import { Field, Label, Select, Textfield } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { StepProps } from "./types";

const LANGUAGES = ["sv", "nb", "nn", "en"];

export function AboutStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <Textfield
        id="title"
        label={t("buyer.about.title")}
        description={t("buyer.about.titleHelp")}
        lang={form.language}
        value={form.title}
        onChange={(e) => set({ title: e.target.value })}
        error={error("title")}
      />
      <Textfield
        id="summary"
        multiline
        rows={3}
        label={t("buyer.about.summary")}
        description={t("buyer.about.summaryHelp")}
        lang={form.language}
        value={form.summary}
        onChange={(e) => set({ summary: e.target.value })}
        error={error("summary")}
      />
      <Field>
        <Label htmlFor="language">{t("buyer.about.language")}</Label>
        <Select id="language" value={form.language} onChange={(e) => set({ language: e.target.value })}>
          {LANGUAGES.map((l) => (
            <Select.Option key={l} value={l}>
              {t(`buyer.language.${l}`)}
            </Select.Option>
          ))}
        </Select>
      </Field>
    </>
  );
}
