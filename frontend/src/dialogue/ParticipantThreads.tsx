// Conversations on a need: a private one with the buyer (only the buyer and our organisation
// read it) or a public one every signed-in participant reads and writes. Replies never clear what
// someone is typing: new messages arrive live.
import { Button, Details, Fieldset, Heading, Paragraph, Radio, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery, useSubscription } from "urql";
import { useLiveCursor } from "../app/useLive";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { MessageItem } from "./MessageItem";
import type { ThreadKind } from "../gql/graphql";

const NeedThreadsDocument = graphql(`
  query NeedThreads($id: ID!) {
    need(id: $id) {
      id
      threads {
        id
        kind
        title
        lastMessageAt
        unreadCount
        messages(first: 50) {
          nodes {
            ...MessageItem
          }
        }
      }
    }
  }
`);

const ThreadsLiveDocument = graphql(`
  subscription NeedThreadsLive($needId: ID!, $after: String) {
    dialogueEvents(needId: $needId, after: $after) {
      cursor
      kind
    }
  }
`);

const MESSAGE_EVENTS = ["MESSAGE_POSTED", "MESSAGE_EDITED", "MESSAGE_DELETED"];

const StartThreadDocument = graphql(`
  mutation StartNeedThread($input: StartThreadInput!) {
    startThread(input: $input) {
      thread {
        id
      }
    }
  }
`);

const ReplyDocument = graphql(`
  mutation ReplyInThread($input: PostMessageInput!) {
    postMessage(input: $input) {
      id
    }
  }
`);

type Props = { needId: string; language: string; organisation: { id: string; name: string } };

export function ParticipantThreads({ needId, language, organisation }: Props) {
  const { t, i18n } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: NeedThreadsDocument, variables: { id: needId } });
  const reload = () => refetch({ requestPolicy: "network-only" });
  // A message in any thread of this need: read the threads again (typed replies stay).
  const after = useLiveCursor();
  useSubscription({ query: ThreadsLiveDocument, variables: { needId, after }, pause: !after }, (_prev, event) => {
    if (MESSAGE_EVENTS.includes(event.dialogueEvents.kind ?? "")) reload();
    return event;
  });
  const threads = (data?.need?.threads ?? []).filter((th) => th.kind !== "CONSORTIUM");
  return (
    <section aria-labelledby="threads-heading">
      <Heading level={3} data-size="sm" id="threads-heading">
        {t("participant.threads.heading")}
      </Heading>
      {threads.length === 0 && <Paragraph>{t("participant.threads.none")}</Paragraph>}
      <ul className="meeting-list" data-testid="need-threads">
        {threads.map((th) => (
          <li key={th.id}>
            <Details>
              <Details.Summary>
                {th.title} · {t(`participant.threads.kind.${th.kind}`)} · {formatDateTime(th.lastMessageAt, i18n.language)}
                {th.unreadCount > 0 && ` · ${t("participant.threads.unread", { count: th.unreadCount })}`}
              </Details.Summary>
              <Details.Content>
                <ol className="message-list">
                  {th.messages.nodes.map((m) => (
                    <MessageItem key={m.id} message={m} language={language} canModerate={false} onChanged={reload} />
                  ))}
                </ol>
                <Reply threadId={th.id} organisationId={organisation.id} onSent={reload} />
              </Details.Content>
            </Details>
          </li>
        ))}
      </ul>
      <StartThread needId={needId} organisation={organisation} onStarted={reload} />
    </section>
  );
}

function Reply({ threadId, organisationId, onSent }: { threadId: string; organisationId: string; onSent: () => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState("");
  const form = useFormErrors();
  const [{ fetching }, post] = useMutation(ReplyDocument);
  const id = `reply-${threadId.replace(/[^A-Za-z0-9]/g, "")}`;
  return (
    <form
      className="stack narrow"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        if (!body.trim()) return form.set([{ field: "body", message: t("errors.reason.REQUIRED") }]);
        if (form.accept((await post({ input: { threadId, body, organisationId } })).error)) {
          setBody("");
          onSent();
        }
      }}
    >
      <ErrorSummary errors={form.errors} fieldIds={{ body: id }} />
      <Textfield id={id} multiline rows={2} label={t("participant.threads.reply")} value={body} onChange={(e) => setBody(e.target.value)} error={form.field("body")} />
      <div>
        <Button type="submit" variant="secondary" disabled={fetching}>
          {t("offers.thread.send")}
        </Button>
      </div>
    </form>
  );
}

function StartThread({ needId, organisation, onStarted }: Omit<Props, "language"> & { onStarted: () => void }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<ThreadKind>("PRIVATE");
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const form = useFormErrors();
  const [{ fetching }, start] = useMutation(StartThreadDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const missing = [!title.trim() && "title", !body.trim() && "body"].filter((f): f is string => !!f);
    if (missing.length > 0) return form.set(missing.map((field) => ({ field, message: t("errors.reason.REQUIRED") })));
    const result = await start({ input: { needId, kind, title, body, organisationId: organisation.id } });
    if (form.accept(result.error)) {
      setTitle("");
      setBody("");
      onStarted();
    }
  };
  return (
    <form className="stack narrow" noValidate onSubmit={onSubmit}>
      <Heading level={4} data-size="xs">
        {t("participant.threads.start")}
      </Heading>
      <ErrorSummary errors={form.errors} fieldIds={{ title: "thread-title", body: "thread-body" }} />
      <Fieldset>
        <Fieldset.Legend>{t("participant.threads.who")}</Fieldset.Legend>
        {(["PRIVATE", "PUBLIC"] as ThreadKind[]).map((k) => (
          <Radio key={k} name="thread-kind" value={k} label={t(`participant.threads.kind.${k}`)} description={t(`participant.threads.kindHelp.${k}`, { name: organisation.name })} checked={kind === k} onChange={() => setKind(k)} />
        ))}
      </Fieldset>
      <Textfield id="thread-title" label={t("participant.threads.title")} value={title} onChange={(e) => setTitle(e.target.value)} error={form.field("title")} />
      <Textfield id="thread-body" multiline rows={3} label={t("participant.threads.body")} value={body} onChange={(e) => setBody(e.target.value)} error={form.field("body")} />
      <div>
        <Button type="submit" disabled={fetching}>
          {t("participant.threads.startButton")}
        </Button>
      </div>
    </form>
  );
}
