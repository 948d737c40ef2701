import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "./Layout";

export function AccessibilityPage() {
  const { t } = useTranslation();
  usePageTitle(t("accessibility.title"));
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("accessibility.title")}
      </Heading>
      <Paragraph>{t("accessibility.standard")}</Paragraph>
      <Paragraph>{t("accessibility.testing")}</Paragraph>
      <Paragraph>{t("accessibility.contact")}</Paragraph>
    </div>
  );
}
