// Booking a place for the organisation the person acts for. Two people racing for the last
// place: the server gives it to one; the other is told it is taken, and both pages show the
// meeting full (the live event updates the cache).
import { Button, Paragraph } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { codeOf, describeErrors } from "../app/errors";
import { useSession } from "../app/session";
import { graphql } from "../gql";

const BookMeetingDocument = graphql(`
  mutation BookMeeting($id: ID!, $organisationId: ID!) {
    bookMeeting(meetingId: $id, organisationId: $organisationId) {
      ...MeetingItem
    }
  }
`);

type Props = { meeting: { id: string; placesLeft: number; cancelledAt?: string | null; title: string } };

export function BookMeeting({ meeting }: Props) {
  const { t } = useTranslation();
  const { activeOrganisation } = useSession();
  const [outcome, setOutcome] = useState<"booked" | "taken" | string | null>(null);
  const [{ fetching }, book] = useMutation(BookMeetingDocument);
  const org = activeOrganisation && (activeOrganisation.kind === "WISE" || activeOrganisation.kind === "SUPPLIER") ? activeOrganisation : null;
  if (!org || meeting.cancelledAt) return null;
  const onBook = async () => {
    const result = await book({ id: meeting.id, organisationId: org.id });
    if (!result.error) setOutcome("booked");
    else if (codeOf(result.error) === "CONFLICT") setOutcome("taken");
    else setOutcome(describeErrors(result.error, t).map((e) => e.message).join(" "));
  };
  return (
    <div role="status" aria-live="polite">
      {outcome === "booked" && <Paragraph>{t("buyer.meetings.youBooked", { organisation: org.name })}</Paragraph>}
      {outcome === "taken" && <Paragraph data-testid="booking-refused">{t("buyer.meetings.taken")}</Paragraph>}
      {outcome && outcome !== "booked" && outcome !== "taken" && <Paragraph>{outcome}</Paragraph>}
      {!outcome && meeting.placesLeft > 0 && (
        <Button variant="secondary" data-size="sm" disabled={fetching} onClick={onBook}>
          {t("buyer.meetings.book", { organisation: org.name })} <span className="visually-hidden">{meeting.title}</span>
        </Button>
      )}
    </div>
  );
}
