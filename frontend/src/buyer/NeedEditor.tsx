// The need editor: one step per page, each saved as the buyer continues (the first save, after
// the classification step, creates the draft), then "check your answers". Checks that need no
// server run before sending; a stale revision shows the conflict screen with the text kept.
import "./buyer.css";
import { Button, Heading, Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { errorFor } from "../app/errors";
import { formatTime } from "../app/format";
import type { NeedEditorFieldsFragment } from "../gql/graphql";
import { ConflictScreen } from "./ConflictScreen";
import { emptyNeed, type NeedForm } from "./needForm";
import { checkAbout, checkClassification, checkDates, checkEmployment, checkLots, checkReservation, type RuleError } from "./needRules";
import { StepFields } from "./steps/StepFields";
import { STEPS, type Step } from "./steps/types";
import { useDebounced } from "./useDebounced";
import { useNeedEditor } from "./useNeedEditor";

/** How long typing must pause before a draft saves itself. */
const AUTOSAVE_PAUSE_MS = 1500;

const RULES: Partial<Record<Step, (f: NeedForm) => RuleError[]>> = {
  about: checkAbout,
  classification: checkClassification,
  lots: checkLots,
  reservation: checkReservation,
  employment: checkEmployment,
  dates: checkDates,
};

type Props = { initial: NeedEditorFieldsFragment | null; buyerId: string; country: NeedForm["country"]; step: Step };

export function NeedEditor({ initial, buyerId, country, step }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const editor = useNeedEditor(initial, () => emptyNeed(country));
  const { need, form, setForm, errors, setErrors, conflict, save, saving, autosave } = editor;
  const settled = useDebounced(form, AUTOSAVE_PAUSE_MS);
  useEffect(() => {
    // Only once typing has paused, so the debounced copy is the form as it is now: an older
    // copy saved after a newer explicit save would put back what the buyer had replaced.
    if (!conflict && settled === form) autosave(form, buyerId);
  }, [settled, form, conflict, autosave, buyerId]);
  const index = STEPS.indexOf(step);
  const title = t(`buyer.steps.${step}`);
  usePageTitle(title);
  const base = need ? `/buyer/needs/${encodeURIComponent(need.id)}` : "/buyer/needs/new";
  const set = (patch: Partial<NeedForm>) => setForm((f) => ({ ...f, ...patch }));
  const nextPath = (saved: NeedEditorFieldsFragment) => {
    const next = STEPS[index + 1];
    return `/buyer/needs/${encodeURIComponent(saved.id)}/${next ? `edit/${next}` : "check"}`;
  };

  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const local = (RULES[step]?.(form) ?? []).map((r) => ({ field: r.field, message: t(r.key, r.vars) }));
    if (local.length > 0) return setErrors(local);
    if (!need && index < STEPS.indexOf("classification")) {
      setErrors([]);
      return navigate(`${base}/${STEPS[index + 1]}`);
    }
    const saved = await save(form, buyerId);
    if (saved) navigate(nextPath(saved));
  };

  if (conflict) {
    return <ConflictScreen mine={form} theirs={conflict.theirs} onKeepMine={() => void save(form, buyerId, { basedOn: conflict.theirs })} onTakeTheirs={editor.takeTheirs} />;
  }
  const previous = index > 0 ? (need ? `${base}/edit/${STEPS[index - 1]}` : `${base}/${STEPS[index - 1]}`) : "/buyer";
  return (
    <div className="narrow editor">
      <DsLink asChild>
        <Link to={previous}>{t("buyer.editor.back")}</Link>
      </DsLink>
      <Paragraph data-size="sm" className="muted">
        {t("buyer.editor.stepOf", { number: index + 1, count: STEPS.length })}
        {form.title && (
          <>
            {" · "}
            <span lang={form.language}>{form.title}</span>
          </>
        )}
      </Paragraph>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {title}
      </Heading>
      <ErrorSummary errors={errors} />
      <form onSubmit={onSubmit} className="stack" noValidate>
        <StepFields step={step} form={form} set={set} need={need} error={(field) => errorFor(errors, field)} saveNow={() => save(form, buyerId)} />
        <div className="row">
          <Button type="submit" disabled={saving}>
            {t("buyer.editor.continue")}
          </Button>
          {need && step !== STEPS[STEPS.length - 1] && (
            <Button type="button" variant="tertiary" disabled={saving} onClick={async () => (await save(form, buyerId)) && navigate(`${base}/check`)}>
              {t("buyer.editor.saveAndCheck")}
            </Button>
          )}
        </div>
        {need && <SaveStatus draft={need.status === "DRAFT"} saving={saving} savedAt={editor.savedAt} unsaved={editor.unsaved} />}
      </form>
    </div>
  );
}

/** A draft saves itself; a published need changes only when the buyer continues. */
function SaveStatus({ draft, saving, savedAt, unsaved }: { draft: boolean; saving: boolean; savedAt: Date | null; unsaved: boolean }) {
  const { t, i18n } = useTranslation();
  if (!draft) return <Paragraph data-size="sm" className="muted">{t("buyer.editor.savesOnContinue")}</Paragraph>;
  return (
    <Paragraph data-size="sm" className="muted" role="status" data-testid="save-status">
      {saving ? t("buyer.editor.saving") : unsaved ? t("buyer.editor.notSaved") : savedAt ? t("buyer.editor.savedAt", { time: formatTime(savedAt.toISOString(), i18n.language) }) : t("buyer.editor.savesAsYouGo")}
    </Paragraph>
  );
}
