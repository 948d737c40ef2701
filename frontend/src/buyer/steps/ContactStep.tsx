// Step 11: who suppliers may contact about the need.
import { Textfield } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { StepProps } from "./types";

export function ContactStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  return (
    <>
      <Textfield id="contact.name" autoComplete="name" label={t("buyer.contact.name")} value={form.contactName} onChange={(e) => set({ contactName: e.target.value })} error={error("contact.name")} />
      <Textfield id="contact.email" type="email" autoComplete="email" label={t("buyer.contact.email")} description={t("buyer.contact.emailHelp")} value={form.contactEmail} onChange={(e) => set({ contactEmail: e.target.value })} error={error("contact.email")} />
    </>
  );
}
