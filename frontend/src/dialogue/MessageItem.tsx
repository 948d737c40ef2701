// One message in a dialogue thread, the same for the buyer's desk and a participant's page: the
// author, "edited" after a change, a tombstone once deleted (with the moderator's reason), and
// the actions the reader has on it: edit or delete their own, remove someone else's as the
// buyer in a public thread (with a reason every reader sees).
import { Button, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { useFormErrors } from "../account/useForm";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";
import type { MessageItemFragment } from "../gql/graphql";

export const MessageItemFragmentDoc = graphql(`
  fragment MessageItem on Message {
    id
    body
    html
    authorName
    authorErased
    authorOrganisation {
      id
      name
    }
    mine
    createdAt
    editedAt
    deletedAt
    removedByModerator
    removalReason
  }
`);

const EditMessageDocument = graphql(`
  mutation EditMessage($id: ID!, $body: String!) {
    editMessage(id: $id, body: $body) {
      ...MessageItem
    }
  }
`);

const DeleteMessageDocument = graphql(`
  mutation DeleteMessage($id: ID!, $reason: String) {
    deleteMessage(id: $id, reason: $reason) {
      ...MessageItem
    }
  }
`);

type Props = {
  message: MessageItemFragment;
  /** The language the need is written in (messages are usually in it too). */
  language: string;
  /** True for the buyer side in a public thread. */
  canModerate: boolean;
  onChanged: () => void;
};

type Mode = "read" | "edit" | "remove";

export function MessageItem({ message: m, language, canModerate, onChanged }: Props) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<Mode>("read");
  const ownAction = m.mine && !m.deletedAt;
  // An author who deleted their account is named in the reader's language.
  const author = m.authorErased ? t("personalData.deletedUser") : m.authorName;
  const done = (changed: boolean) => {
    setMode("read");
    if (changed) onChanged();
  };
  return (
    <li data-testid={`message-${m.id}`}>
      <Paragraph data-size="sm" className="muted">
        {author}
        {m.authorOrganisation ? `, ${m.authorOrganisation.name}` : ""} · {formatDateTime(m.createdAt, i18n.language)}
        {m.editedAt && !m.deletedAt && ` · ${t("message.edited")}`}
      </Paragraph>
      {m.deletedAt ? (
        <Tombstone message={m} />
      ) : mode === "edit" ? (
        <EditForm message={m} onDone={done} />
      ) : (
        <div className="prose" lang={language} dangerouslySetInnerHTML={{ __html: m.html ?? "" }} />
      )}
      {mode === "remove" && <RemoveForm message={m} onDone={done} />}
      {mode === "read" && !m.deletedAt && (ownAction || canModerate) && (
        <div className="row">
          {ownAction && (
            <Button variant="tertiary" data-size="sm" onClick={() => setMode("edit")}>
              {t("message.edit")}
            </Button>
          )}
          {(ownAction || canModerate) && (
            <Button variant="tertiary" data-color="danger" data-size="sm" onClick={() => setMode("remove")}>
              {m.mine ? t("message.delete") : t("message.remove")} <span className="visually-hidden">{author}</span>
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

function Tombstone({ message: m }: { message: MessageItemFragment }) {
  const { t } = useTranslation();
  if (!m.removedByModerator) return <Paragraph data-size="sm">{t("message.deleted")}</Paragraph>;
  return (
    <Paragraph data-size="sm">
      {t("message.removedByModerator")} {m.removalReason && t("message.reason", { reason: m.removalReason })}
    </Paragraph>
  );
}

function EditForm({ message: m, onDone }: { message: MessageItemFragment; onDone: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState(m.body ?? "");
  const form = useFormErrors();
  const [{ fetching }, edit] = useMutation(EditMessageDocument);
  const id = `edit-${m.id.replace(/[^A-Za-z0-9]/g, "")}`;
  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    if (form.accept((await edit({ id: m.id, body })).error)) onDone(true);
  };
  return (
    <form onSubmit={save} className="stack" noValidate>
      <ErrorSummary errors={form.errors} fieldIds={{ body: id }} />
      <Textfield id={id} multiline rows={3} label={t("message.editLabel")} description={t("message.editHelp")} value={body} onChange={(e) => setBody(e.target.value)} error={form.field("body")} autoFocus />
      <div className="row">
        <Button type="submit" data-size="sm" disabled={fetching}>
          {t("message.save")}
        </Button>
        <Button type="button" variant="tertiary" data-size="sm" onClick={() => onDone(false)}>
          {t("message.cancel")}
        </Button>
      </div>
    </form>
  );
}

/** Deleting one's own message asks for a confirmation; removing someone else's, for a reason. */
function RemoveForm({ message: m, onDone }: { message: MessageItemFragment; onDone: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState("");
  const form = useFormErrors();
  const [{ fetching }, remove] = useMutation(DeleteMessageDocument);
  const id = `reason-${m.id.replace(/[^A-Za-z0-9]/g, "")}`;
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!m.mine && !reason.trim()) return form.set([{ field: "reason", message: t("message.reasonRequired") }]);
    if (form.accept((await remove({ id: m.id, reason: m.mine ? null : reason })).error)) onDone(true);
  };
  return (
    <form onSubmit={submit} className="stack" noValidate>
      <ErrorSummary errors={form.errors} fieldIds={{ reason: id }} />
      {m.mine ? (
        <Paragraph data-size="sm">{t("message.deleteExplain")}</Paragraph>
      ) : (
        <Textfield id={id} label={t("message.reasonLabel")} description={t("message.reasonHelp")} value={reason} onChange={(e) => setReason(e.target.value)} error={form.field("reason")} autoFocus />
      )}
      <div className="row">
        <Button type="submit" data-color="danger" data-size="sm" disabled={fetching}>
          {m.mine ? t("message.confirmDelete") : t("message.confirmRemove")}
        </Button>
        <Button type="button" variant="tertiary" data-size="sm" onClick={() => onDone(false)}>
          {t("message.cancel")}
        </Button>
      </div>
    </form>
  );
}
