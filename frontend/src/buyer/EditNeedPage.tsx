// Editing a need the viewer's organisation buys: one step of the editor.
import { Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Navigate, useParams } from "react-router";
import { useQuery } from "urql";
import { NeedEditor } from "./NeedEditor";
import { isStep } from "./steps/types";
import { NeedForEditorDocument } from "./useNeedEditor";
import { NotYourNeed } from "./NotYourNeed";

export function EditNeedPage() {
  const { t } = useTranslation();
  const { id = "", step } = useParams();
  const [{ data, fetching }] = useQuery({ query: NeedForEditorDocument, variables: { id }, requestPolicy: "cache-first" });
  const need = data?.need;
  if (!isStep(step)) return <Navigate to={`/buyer/needs/${encodeURIComponent(id)}/edit/about`} replace />;
  if (fetching && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!need || !need.viewerCanEdit) return <NotYourNeed />;
  return <NeedEditor key={need.id} initial={need} buyerId={need.buyer.id} country={need.place.country} step={step} />;
}
