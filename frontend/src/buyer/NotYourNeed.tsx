// What the buyer's pages show for a need that does not exist or that the person may not edit:
// the same words whether it is missing or someone else's, so nothing leaks about drafts.
import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

export function NotYourNeed() {
  const { t } = useTranslation();
  return (
    <>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("need.notFound")}
      </Heading>
      <Paragraph>{t("buyer.editor.cannotEdit")}</Paragraph>
    </>
  );
}
