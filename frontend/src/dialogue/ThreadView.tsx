// One dialogue thread on the buyer's desk: its messages (Markdown rendered by the server, edits
// shown as edited, removed ones as a tombstone), a reply, marking it read, and, in a public
// thread, removing a message as moderator.
import { Button, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useFormErrors } from "../account/useForm";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";

const ThreadMessagesDocument = graphql(`
  query ThreadMessages($id: ID!) {
    node(id: $id) {
      ... on Thread {
        id
        kind
        unreadCount
        messages(first: 50) {
          edges {
            node {
              id
              html
              authorName
              authorOrganisation {
                id
                name
              }
              mine
              createdAt
              editedAt
              deletedAt
              removedByModerator
            }
          }
        }
      }
    }
  }
`);

const PostMessageDocument = graphql(`
  mutation PostMessage($input: PostMessageInput!) {
    postMessage(input: $input) {
      id
      html
      authorName
      mine
      createdAt
      editedAt
      deletedAt
      removedByModerator
    }
  }
`);

const DeleteMessageDocument = graphql(`
  mutation DeleteMessage($id: ID!) {
    deleteMessage(id: $id) {
      id
      html
      deletedAt
      removedByModerator
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkThreadRead($thread: ID!, $upTo: ID!) {
    markThreadRead(threadId: $thread, upToMessageId: $upTo) {
      unreadCount
      thread {
        id
        unreadCount
      }
    }
  }
`);

export function ThreadView({ threadId, language }: { threadId: string; language: string }) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: ThreadMessagesDocument, variables: { id: threadId } });
  const [body, setBody] = useState("");
  const form = useFormErrors();
  const [, post] = useMutation(PostMessageDocument);
  const [, remove] = useMutation(DeleteMessageDocument);
  const [, markRead] = useMutation(MarkReadDocument);
  const thread = data?.node && "messages" in data.node ? data.node : null;
  const messages = thread?.messages.edges.map((e) => e.node) ?? [];
  const lastId = messages[messages.length - 1]?.id;
  const unread = thread?.unreadCount ?? 0;
  useEffect(() => {
    if (lastId && unread > 0) void markRead({ thread: threadId, upTo: lastId });
  }, [lastId, unread, threadId, markRead]);
  const send = async (e: React.FormEvent) => {
    e.preventDefault();
    if (form.accept((await post({ input: { threadId, body } })).error)) {
      setBody("");
      refetch({ requestPolicy: "network-only" });
    }
  };
  return (
    <div className="stack">
      <ol className="desk-list">
        {messages.map((m) => (
          <li key={m.id}>
            <Paragraph data-size="sm" className="muted">
              {m.authorName}
              {m.authorOrganisation ? `, ${m.authorOrganisation.name}` : ""} · {formatDateTime(m.createdAt, i18n.language)}
              {m.editedAt && ` · ${t("buyer.threads.edited")}`}
            </Paragraph>
            {m.deletedAt ? (
              <Paragraph data-size="sm">{m.removedByModerator ? t("buyer.threads.removedByModerator") : t("buyer.threads.deleted")}</Paragraph>
            ) : (
              <>
                <div className="prose" lang={language} dangerouslySetInnerHTML={{ __html: m.html ?? "" }} />
                {thread?.kind === "PUBLIC" && !m.mine && (
                  <Button variant="tertiary" data-color="danger" data-size="sm" onClick={() => void remove({ id: m.id })}>
                    {t("buyer.threads.remove")} <span className="visually-hidden">{m.authorName}</span>
                  </Button>
                )}
              </>
            )}
          </li>
        ))}
      </ol>
      <form onSubmit={send} className="stack" noValidate>
        <Textfield id={`reply-${threadId}`} multiline rows={3} label={t("buyer.threads.reply")} description={t("buyer.threads.replyHelp")} value={body} onChange={(e) => setBody(e.target.value)} error={form.field("body")} />
        <div>
          <Button type="submit">{t("buyer.threads.send")}</Button>
        </div>
      </form>
    </div>
  );
}
