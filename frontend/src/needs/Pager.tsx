// Page links for a long list: previous, where you are, next.
import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav aria-label={t("pager.label")} className="pager">
      {page > 1 ? <Link to={href(page - 1)}>{t("pager.previous")}</Link> : <span />}
      <span aria-current="page">{t("pager.position", { page, pages })}</span>
      {page < pages ? <Link to={href(page + 1)}>{t("pager.next")}</Link> : <span />}
    </nav>
  );
}
