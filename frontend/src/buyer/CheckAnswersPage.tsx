// "Check your answers": the whole need as saved, a change link per step, then the status change
// (announcing, with what it does said first).
import "./buyer.css";
import { Heading, Link as DsLink, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { usePageTitle } from "../app/Layout";
import { useRegionName } from "../app/reference";
import { answerRows } from "./answerRows";
import { StatusChange } from "./StatusChange";
import { STEPS } from "./steps/types";
import { NeedForEditorDocument } from "./useNeedEditor";
import { NotYourNeed } from "./NotYourNeed";

export function CheckAnswersPage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  usePageTitle(t("buyer.check.title"));
  const [{ data, fetching }] = useQuery({ query: NeedForEditorDocument, variables: { id } });
  const need = data?.need;
  const regionName = useRegionName();
  if (fetching && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!need || !need.viewerCanEdit) return <NotYourNeed />;
  const rows = answerRows(need, t, i18n.language, regionName);
  const base = `/buyer/needs/${encodeURIComponent(need.id)}`;
  return (
    <div className="editor check-answers">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("buyer.check.title")}
      </Heading>
      <Paragraph>{t("buyer.check.intro")}</Paragraph>
      {STEPS.map((step) => (
        <section key={step} aria-labelledby={`check-${step}`}>
          <div className="check-answers__head">
            <Heading level={2} data-size="xs" id={`check-${step}`}>
              {t(`buyer.steps.${step}`)}
            </Heading>
            <DsLink asChild>
              <Link to={`${base}/edit/${step}`}>
                {t("buyer.check.change")} <span className="visually-hidden">{t(`buyer.steps.${step}`)}</span>
              </Link>
            </DsLink>
          </div>
          <dl className="summary-list">
            {rows[step].map((r, i) => (
              <div key={i}>
                <dt>{r.label}</dt>
                <dd lang={r.lang}>{r.value}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
      <StatusChange need={need} />
      <Paragraph>
        <DsLink asChild>
          <Link to={base}>{t("buyer.check.toDesk")}</Link>
        </DsLink>
      </Paragraph>
    </div>
  );
}
