// The buyer's meetings planner: every meeting with its bookings (live), and a form for new ones.
import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { graphql } from "../gql";
import type { MeetingsPlannerFragment } from "../gql/graphql";
import { NewMeetingForm } from "./NewMeetingForm";
import { PlannerMeeting } from "./PlannerMeeting";

export const MeetingsPlannerFragmentDoc = graphql(`
  fragment MeetingsPlanner on Need {
    id
    language
    status
    meetings {
      ...PlannerMeeting
    }
  }
`);

export function MeetingsPlanner({ need }: { need: MeetingsPlannerFragment }) {
  const { t } = useTranslation();
  const open = need.status === "ANNOUNCED" || need.status === "IN_DIALOGUE";
  return (
    <section aria-labelledby="planner-heading">
      <Heading level={2} data-size="md" id="planner-heading">
        {t("buyer.meetings.heading")}
      </Heading>
      {need.meetings.length === 0 && <Paragraph>{t("dialogue.meetings.none")}</Paragraph>}
      <ul className="desk-list" data-testid="planner">
        {need.meetings.map((m) => (
          <PlannerMeeting key={m.id} meeting={m} language={need.language} />
        ))}
      </ul>
      {open ? <NewMeetingForm needId={need.id} language={need.language} /> : <Paragraph>{t("buyer.meetings.closed")}</Paragraph>}
    </section>
  );
}
