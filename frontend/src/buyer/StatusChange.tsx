// The status changes the buyer may make now (from `allowedTransitions`), each with what it does
// said before the button: announcing makes the need public and tells matching saved searches.
import { Alert, Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { describeErrors, type FieldError } from "../app/errors";
import { graphql } from "../gql";
import type { NeedStatus, StatusChangeFragment } from "../gql/graphql";

export const StatusChangeFragmentDoc = graphql(`
  fragment StatusChange on Need {
    id
    status
    revision
    allowedTransitions
  }
`);

const ChangeNeedStatusDocument = graphql(`
  mutation ChangeNeedStatus($input: ChangeNeedStatusInput!) {
    changeNeedStatus(input: $input) {
      id
      status
      revision
      allowedTransitions
      announcedAt
    }
  }
`);

const DANGER: NeedStatus[] = ["WITHDRAWN", "CANCELLED"];

export function StatusChange({ need, onChanged }: { need: StatusChangeFragment; onChanged?: (to: NeedStatus) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [done, setDone] = useState<NeedStatus | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [{ fetching }, change] = useMutation(ChangeNeedStatusDocument);
  const go = async (status: NeedStatus) => {
    const result = await change({ input: { id: need.id, revision: need.revision ?? 0, status, note: note.trim() } });
    const found = describeErrors(result.error, t);
    setErrors(found);
    if (found.length === 0) {
      setDone(status);
      setNote("");
      onChanged?.(status);
    }
  };
  return (
    <section aria-labelledby="status-heading" className="status-change">
      <Heading level={2} data-size="sm" id="status-heading">
        {t("buyer.status.heading")}
      </Heading>
      <Paragraph>{t("buyer.status.now", { status: t(`needStatus.${need.status}`) })}</Paragraph>
      {done && (
        <Alert data-color="success" role="status">
          {t("buyer.status.done", { status: t(`needStatus.${done}`) })}
        </Alert>
      )}
      {errors.length > 0 && <Alert data-color="danger">{errors.map((e) => e.message).join(" ")}</Alert>}
      {need.allowedTransitions.length === 0 ? (
        <Paragraph>{t("buyer.status.none")}</Paragraph>
      ) : (
        <>
          <Textfield id="status-note" label={t("buyer.status.note")} description={t("buyer.status.noteHelp")} value={note} onChange={(e) => setNote(e.target.value)} />
          <ul className="transitions">
            {need.allowedTransitions.map((to) => (
              <li key={to}>
                <Paragraph id={`consequence-${to}`}>{t(`buyer.transition.${to}.consequence`)}</Paragraph>
                <Button
                  data-color={DANGER.includes(to) ? "danger" : undefined}
                  variant={DANGER.includes(to) ? "secondary" : "primary"}
                  aria-describedby={`consequence-${to}`}
                  disabled={fetching}
                  onClick={() => go(to)}
                >
                  {t(`buyer.transition.${to}.action`)}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
