// One dialogue thread on the buyer's desk: its messages (each a MessageItem: edits shown as
// edited, removed ones as a tombstone, removal as moderator in a public thread), a reply, and
// marking it read.
import { Button, Textfield } from "@digdir/designsystemet-react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { MessageItem } from "./MessageItem";

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
              ...MessageItem
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
      ...MessageItem
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
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: ThreadMessagesDocument, variables: { id: threadId } });
  const [body, setBody] = useState("");
  const form = useFormErrors();
  const [, post] = useMutation(PostMessageDocument);
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
          <MessageItem key={m.id} message={m} language={language} canModerate={thread?.kind === "PUBLIC" && !m.mine} onChanged={() => refetch({ requestPolicy: "network-only" })} />
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
