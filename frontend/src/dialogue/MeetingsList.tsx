// Supplier days and one-to-one slots, with the places left (live). Booking is the
// participant's SlotPicker; this list is what everyone sees.
import { Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatTimeRange } from "../app/format";
import { graphql } from "../gql";
import type { MeetingItemFragment, MeetingsListFragment } from "../gql/graphql";
import { CalendarLink } from "./CalendarLink";

export const MeetingItemFragmentDoc = graphql(`
  fragment MeetingItem on Meeting {
    id
    kind
    title
    startsAt
    endsAt
    location
    capacity
    placesLeft
    cancelledAt
    minutesHtml
  }
`);

export const MeetingsListFragmentDoc = graphql(`
  fragment MeetingsList on Need {
    language
    meetings {
      ...MeetingItem
    }
  }
`);

export function MeetingsList({ need }: { need: MeetingsListFragment }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="meetings-heading">
      <Heading level={2} data-size="md" id="meetings-heading">
        {t("dialogue.meetings.heading")}
      </Heading>
      {need.meetings.length === 0 && <Paragraph>{t("dialogue.meetings.none")}</Paragraph>}
      <ul className="meeting-list">
        {need.meetings.map((m) => (
          <MeetingItem key={m.id} meeting={m} language={need.language} />
        ))}
      </ul>
    </section>
  );
}

function MeetingItem({ meeting: m, language }: { meeting: MeetingItemFragment; language: string }) {
  const { t, i18n } = useTranslation();
  return (
    <li>
      <Heading level={3} data-size="xs" lang={language}>
        {m.title}
      </Heading>
      <Paragraph>
        {t(`dialogue.meetings.kind.${m.kind}`)} · {formatTimeRange(m.startsAt, m.endsAt, i18n.language)} ·{" "}
        <span lang={language}>{m.location}</span>
      </Paragraph>
      {m.cancelledAt ? (
        <Tag data-color="danger">{t("dialogue.meetings.cancelled")}</Tag>
      ) : (
        <Paragraph data-testid={`places-${m.id}`}>
          {m.placesLeft > 0
            ? t("dialogue.meetings.placesLeft", { count: m.placesLeft, capacity: m.capacity })
            : t("dialogue.meetings.full")}
        </Paragraph>
      )}
      {!m.cancelledAt && <CalendarLink meetingId={m.id} title={m.title} />}
      {m.minutesHtml && (
        <div className="prose" lang={language} dangerouslySetInnerHTML={{ __html: m.minutesHtml }} />
      )}
    </li>
  );
}
