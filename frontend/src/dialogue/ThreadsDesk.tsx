// The need's dialogue threads on the buyer's desk, most recently active first, with unread
// counts; one opens at a time.
import { Button, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";
import type { ThreadsDeskFragment } from "../gql/graphql";
import { ThreadView } from "./ThreadView";

export const ThreadsDeskFragmentDoc = graphql(`
  fragment ThreadsDesk on Need {
    id
    language
    threads {
      id
      kind
      title
      unreadCount
      lastMessageAt
      organisation {
        id
        name
      }
    }
  }
`);

export function ThreadsDesk({ need }: { need: ThreadsDeskFragment }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section aria-labelledby="threads-heading">
      <Heading level={2} data-size="md" id="threads-heading">
        {t("buyer.threads.heading")}
      </Heading>
      {need.threads.length === 0 && <Paragraph>{t("buyer.threads.none")}</Paragraph>}
      <ul className="desk-list">
        {need.threads.map((th) => (
          <li key={th.id}>
            <Heading level={3} data-size="xs" lang={need.language}>
              {th.title}
            </Heading>
            <Paragraph data-size="sm">
              <Tag data-size="sm" data-color={th.kind === "PUBLIC" ? "neutral" : "brand2"}>
                {t(`buyer.threads.kind.${th.kind}`)}
              </Tag>{" "}
              {th.organisation?.name ? `${th.organisation.name} · ` : ""}
              {formatDateTime(th.lastMessageAt, i18n.language)}
              {th.unreadCount > 0 && <strong> · {t("buyer.threads.unread", { count: th.unreadCount })}</strong>}
            </Paragraph>
            <Button variant="secondary" data-size="sm" aria-expanded={open === th.id} onClick={() => setOpen(open === th.id ? null : th.id)}>
              {open === th.id ? t("buyer.threads.close") : t("buyer.threads.open")} <span className="visually-hidden">{th.title}</span>
            </Button>
            {open === th.id && <ThreadView threadId={th.id} language={need.language} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
