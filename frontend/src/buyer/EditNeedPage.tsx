// Editing a need the viewer's organisation buys: one step of the editor.
import { Heading, Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Navigate, useParams } from "react-router";
import { useQuery } from "urql";
import { NeedEditor } from "./NeedEditor";
import { isStep } from "./steps/types";
import { NeedForEditorDocument } from "./useNeedEditor";

export function EditNeedPage() {
  const { t } = useTranslation();
  const { id = "", step } = useParams();
  const [{ data, fetching }] = useQuery({ query: NeedForEditorDocument, variables: { id }, requestPolicy: "cache-first" });
  const need = data?.need;
  if (!isStep(step)) return <Navigate to={`/buyer/needs/${encodeURIComponent(id)}/edit/about`} replace />;
  if (fetching && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!need || !need.viewerCanEdit) {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("need.notFound")}
        </Heading>
        <Paragraph>{t("buyer.editor.cannotEdit")}</Paragraph>
      </>
    );
  }
  return <NeedEditor key={need.id} initial={need} buyerId={need.buyer.id} country={need.place.country} step={step} />;
}
