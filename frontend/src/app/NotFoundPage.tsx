import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { usePageTitle } from "./Layout";

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t("notFound.title"));
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("notFound.title")}
      </Heading>
      <Paragraph>
        {t("notFound.help")} <Link to="/">{t("shell.needs")}</Link>
      </Paragraph>
    </div>
  );
}
