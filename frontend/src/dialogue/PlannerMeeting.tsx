// One meeting on the buyer's planner: who booked (live), and changing, cancelling (everyone
// booked is told) and publishing the minutes.
import { Button, Card, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { useFormErrors } from "../account/useForm";
import { formatTimeRange } from "../app/format";
import { graphql } from "../gql";
import type { PlannerMeetingFragment } from "../gql/graphql";
import { ChangeMeetingForm } from "./ChangeMeetingForm";
import { CalendarLink } from "./CalendarLink";

export const PlannerMeetingFragmentDoc = graphql(`
  fragment PlannerMeeting on Meeting {
    ...MeetingItem
    minutes
    bookings {
      bookedAt
      organisation {
        id
        name
      }
    }
  }
`);

const CancelMeetingDocument = graphql(`
  mutation CancelMeeting($id: ID!) {
    cancelMeeting(meetingId: $id) {
      id
      cancelledAt
      placesLeft
    }
  }
`);

const PublishMinutesDocument = graphql(`
  mutation PublishMinutes($id: ID!, $minutes: String!) {
    publishMeetingMinutes(meetingId: $id, minutes: $minutes) {
      id
      minutes
      minutesHtml
      minutesPublishedAt
    }
  }
`);

export function PlannerMeeting({ meeting: m, language }: { meeting: PlannerMeetingFragment; language: string }) {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<"view" | "change" | "cancel" | "minutes">("view");
  const [minutes, setMinutes] = useState(m.minutes ?? "");
  const form = useFormErrors();
  const [, cancel] = useMutation(CancelMeetingDocument);
  const [, publish] = useMutation(PublishMinutesDocument);
  const n = m.bookings.length;
  return (
    <li>
      <Card data-color="neutral" data-testid={`planner-${m.id}`}>
        <Heading level={3} data-size="xs" lang={language}>
          {m.title}
        </Heading>
        <Paragraph>
          {t(`dialogue.meetings.kind.${m.kind}`)} · {formatTimeRange(m.startsAt, m.endsAt, i18n.language)} · <span lang={language}>{m.location}</span>
        </Paragraph>
        {m.cancelledAt ? (
          <Tag data-color="danger">{t("dialogue.meetings.cancelled")}</Tag>
        ) : (
          <Paragraph data-testid={`planner-places-${m.id}`}>
            {m.placesLeft > 0 ? t("dialogue.meetings.placesLeft", { count: m.placesLeft, capacity: m.capacity }) : t("dialogue.meetings.full")}
          </Paragraph>
        )}
        <Paragraph data-size="sm">
          {n === 0 ? t("buyer.meetings.noBookings") : t("buyer.meetings.bookedBy", { count: n, names: m.bookings.map((b) => b.organisation.name).join(", ") })}
        </Paragraph>
        {form.errors.length > 0 && <Paragraph data-color="danger">{form.errors.map((e) => e.message).join(" ")}</Paragraph>}
        {!m.cancelledAt && mode === "view" && (
          <div className="row">
            <Button variant="secondary" data-size="sm" onClick={() => setMode("change")}>
              {t("buyer.meetings.change")}
            </Button>
            <Button variant="secondary" data-size="sm" onClick={() => setMode("minutes")}>
              {t("buyer.meetings.minutes")}
            </Button>
            <Button variant="tertiary" data-color="danger" data-size="sm" onClick={() => setMode("cancel")}>
              {t("buyer.meetings.cancel")}
            </Button>
          </div>
        )}
        {mode === "change" && <ChangeMeetingForm meeting={m} language={language} booked={n} onDone={() => setMode("view")} />}
        {mode === "cancel" && (
          <div className="stack">
            <Paragraph>{t("buyer.meetings.cancelConsequence", { count: n })}</Paragraph>
            <div className="row">
              <Button data-color="danger" onClick={async () => form.accept((await cancel({ id: m.id })).error) && setMode("view")}>
                {t("buyer.meetings.cancelConfirm")}
              </Button>
              <Button variant="tertiary" onClick={() => setMode("view")}>
                {t("buyer.desk.cancel")}
              </Button>
            </div>
          </div>
        )}
        {mode === "minutes" && (
          <div className="stack">
            <Textfield id={`minutes-${m.id}`} multiline rows={5} label={t("buyer.meetings.minutesLabel")} description={t("buyer.meetings.minutesHelp")} lang={language} value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            <div className="row">
              <Button onClick={async () => form.accept((await publish({ id: m.id, minutes })).error) && setMode("view")}>{t("buyer.meetings.publishMinutes")}</Button>
              <Button variant="tertiary" onClick={() => setMode("view")}>
                {t("buyer.desk.cancel")}
              </Button>
            </div>
          </div>
        )}
        {!m.cancelledAt && <CalendarLink meetingId={m.id} title={m.title} />}
        {m.minutesHtml && <div className="prose" lang={language} dangerouslySetInnerHTML={{ __html: m.minutesHtml }} />}
      </Card>
    </li>
  );
}
