// The consortium's own conversation: members only, never the buyer. New messages arrive live
// (the page refetches the thread when the offer's events say so) and never clear what is typed.
import { Button, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";

const ConsortiumThreadDocument = graphql(`
  query ConsortiumThread($id: ID!) {
    jointOffer(id: $id) {
      id
      thread {
        id
        messages(first: 100) {
          nodes {
            id
            html
            authorName
            authorErased
            authorOrganisation {
              id
              name
            }
            createdAt
            deletedAt
          }
        }
      }
    }
  }
`);

const PostDocument = graphql(`
  mutation PostConsortiumMessage($input: PostMessageInput!) {
    postMessage(input: $input) {
      id
    }
  }
`);

type Props = { offerId: string; organisationId: string; version: number };

export function ConsortiumThread({ offerId, organisationId, version }: Props) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: ConsortiumThreadDocument, variables: { id: offerId } });
  const [body, setBody] = useState("");
  const form = useFormErrors();
  const [{ fetching }, post] = useMutation(PostDocument);
  useEffect(() => {
    if (version > 0) refetch({ requestPolicy: "network-only" });
  }, [version, refetch]);
  const thread = data?.jointOffer?.thread;
  if (!thread) return null;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return form.set([{ field: "body", message: t("errors.reason.REQUIRED") }]);
    const result = await post({ input: { threadId: thread.id, body, organisationId } });
    if (form.accept(result.error)) {
      setBody("");
      refetch({ requestPolicy: "network-only" });
    }
  };
  return (
    <section aria-labelledby="thread-heading">
      <Heading level={2} data-size="md" id="thread-heading">
        {t("offers.thread.heading")}
      </Heading>
      <Paragraph className="muted">{t("offers.thread.private")}</Paragraph>
      {thread.messages.nodes.length === 0 && <Paragraph>{t("offers.thread.none")}</Paragraph>}
      <ol className="message-list" aria-live="polite" data-testid="consortium-messages">
        {thread.messages.nodes.map((m) => (
          <li key={m.id}>
            <Paragraph data-size="sm" className="muted">
              {m.authorErased ? t("personalData.deletedUser") : m.authorName}
              {m.authorOrganisation && `, ${m.authorOrganisation.name}`} · {formatDateTime(m.createdAt, i18n.language)}
            </Paragraph>
            {m.deletedAt || !m.html ? (
              <Paragraph className="muted">{t("offers.thread.deleted")}</Paragraph>
            ) : (
              <div className="prose" dangerouslySetInnerHTML={{ __html: m.html }} />
            )}
          </li>
        ))}
      </ol>
      <ErrorSummary errors={form.errors} fieldIds={{ body: "consortium-body" }} />
      <form onSubmit={onSubmit} className="stack narrow" noValidate>
        <Textfield
          id="consortium-body"
          multiline
          rows={3}
          label={t("offers.thread.write")}
          value={body}
          onChange={(e) => setBody(e.target.value)}
          error={form.field("body")}
        />
        <Button type="submit" disabled={fetching}>
          {t("offers.thread.send")}
        </Button>
      </form>
    </section>
  );
}
