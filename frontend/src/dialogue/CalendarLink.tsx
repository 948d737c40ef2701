// One line that says what the link is: the meeting as a calendar file.
import { Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";

export function CalendarLink({ meetingId, title }: { meetingId: string; title: string }) {
  const { t } = useTranslation();
  return (
    <Paragraph data-size="sm">
      <DsLink href={`/meetings/${encodeURIComponent(meetingId)}.ics`} download>
        {t("buyer.meetings.ics")} <span className="visually-hidden">{title}</span>
      </DsLink>
    </Paragraph>
  );
}
