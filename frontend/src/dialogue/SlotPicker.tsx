// Meetings from my organisation's side: the slot or day it holds ("you hold 10:00–10:30"), with
// cancel and "add to calendar", and the slots still free as one radio group to book from. Two
// organisations racing for the last place: the server gives it to one; the other is told it is
// taken (the notice stays when no free slot is left), and the live event shows it full.
import { Button, Fieldset, Heading, Link as DsLink, Paragraph, Radio } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { codeOf } from "../app/errors";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatTimeRange, viewerTimeZone } from "../app/format";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { bookable, heldBy, type Slot } from "./participant";

const BookDocument = graphql(`
  mutation BookSlot($meetingId: ID!, $organisationId: ID!) {
    bookMeeting(meetingId: $meetingId, organisationId: $organisationId) {
      id
      placesLeft
      bookings {
        organisation {
          id
        }
        bookedAt
      }
    }
  }
`);

const CancelDocument = graphql(`
  mutation CancelBooking($meetingId: ID!, $organisationId: ID!) {
    cancelBooking(meetingId: $meetingId, organisationId: $organisationId) {
      id
      placesLeft
      bookings {
        organisation {
          id
        }
        bookedAt
      }
    }
  }
`);

type Meeting = Slot & { title: string; location: string };
type Props = { need: { language: string; meetings: Meeting[] }; organisation: { id: string; name: string } };

export function SlotPicker({ need, organisation }: Props) {
  const { t, i18n } = useTranslation();
  const [chosen, setChosen] = useState<string | null>(null);
  const [taken, setTaken] = useState(false);
  const form = useFormErrors();
  const [booking, book] = useMutation(BookDocument);
  const [cancelling, cancel] = useMutation(CancelDocument);
  const busy = booking.fetching || cancelling.fetching;
  const held = heldBy(need.meetings, organisation.id);
  const free = bookable(need.meetings, organisation.id);
  if (held.length === 0 && free.length === 0 && !taken) return null;
  const when = (m: Meeting) => formatTimeRange(m.startsAt, m.endsAt, i18n.language);
  const onBook = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!chosen) return form.set([{ field: "slot", message: t("participant.slots.chooseFirst") }]);
    const { error } = await book({ meetingId: chosen, organisationId: organisation.id });
    const refused = codeOf(error) === "CONFLICT";
    setTaken(refused);
    if (form.accept(refused ? undefined : error) || refused) setChosen(null);
  };
  return (
    <section aria-labelledby="slots-heading">
      <Heading level={3} data-size="sm" id="slots-heading">
        {t("participant.slots.heading")}
      </Heading>
      <Paragraph className="muted">{t("participant.slots.timeZone", { zone: viewerTimeZone() })}</Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={{ slot: "slot-picker" }} />
      <div role="status" aria-live="polite">
        {taken && <Paragraph data-testid="booking-refused">{t("participant.slots.taken")}</Paragraph>}
      </div>
      <ul className="meeting-list" data-testid="held-slots">
        {held.map((m) => (
          <li key={m.id}>
            <Paragraph role="status">
              <strong>{t("participant.slots.youHold", { when: when(m) })}</strong> · <span lang={need.language}>{m.title}</span> ·{" "}
              <span lang={need.language}>{m.location}</span>
            </Paragraph>
            <div className="actions">
              <Button
                variant="secondary"
                disabled={busy}
                onClick={async () => form.accept((await cancel({ meetingId: m.id, organisationId: organisation.id })).error)}
              >
                {t("participant.slots.cancel", { when: when(m) })}
              </Button>
              <DsLink href={`/meetings/${encodeURIComponent(m.id)}.ics`} download>
                {t("participant.slots.calendar")}
              </DsLink>
            </div>
          </li>
        ))}
      </ul>
      {free.length > 0 && (
        <form className="stack" onSubmit={onBook} noValidate>
          <Fieldset id="slot-picker">
            <Fieldset.Legend>{t("participant.slots.choose")}</Fieldset.Legend>
            {free.map((m) => (
              <Radio
                key={m.id}
                name="slot"
                value={m.id}
                label={`${when(m)} – ${t(`dialogue.meetings.kind.${m.kind}`)}`}
                description={m.kind === "SUPPLIER_DAY" ? t("participant.slots.places", { count: m.placesLeft }) : m.title}
                checked={chosen === m.id}
                onChange={() => setChosen(m.id)}
              />
            ))}
          </Fieldset>
          <div>
            <Button type="submit" disabled={busy}>
              {t("participant.slots.book", { name: organisation.name })}
            </Button>
          </div>
        </form>
      )}
    </section>
  );
}
