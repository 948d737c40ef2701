// Changing a meeting's time, place or capacity; everyone booked is told.
import { Button, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { PlannerMeetingFragment } from "../gql/graphql";
import { isoToLocal, localToIso } from "../buyer/needForm";

const ChangeMeetingDocument = graphql(`
  mutation ChangeMeeting($id: ID!, $input: MeetingInput!) {
    changeMeeting(meetingId: $id, input: $input) {
      ...MeetingItem
    }
  }
`);

type Props = { meeting: PlannerMeetingFragment; language: string; booked: number; onDone: () => void };

export function ChangeMeetingForm({ meeting: m, language, booked, onDone }: Props) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [v, setV] = useState({ title: m.title, startsAt: isoToLocal(m.startsAt), endsAt: isoToLocal(m.endsAt), location: m.location, capacity: String(m.capacity) });
  const [{ fetching }, change] = useMutation(ChangeMeetingDocument);
  const id = (f: string) => `change-${m.id}-${f}`;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const startsAt = localToIso(v.startsAt);
    const endsAt = localToIso(v.endsAt);
    if (!startsAt || !endsAt || endsAt <= startsAt) return form.set([{ field: "endsAt", message: t("buyer.meetings.badTimes") }]);
    const capacity = m.kind === "ONE_TO_ONE" ? 1 : Number(v.capacity) || null;
    const result = await change({ id: m.id, input: { title: v.title, location: v.location, startsAt, endsAt, capacity } });
    if (form.accept(result.error)) onDone();
  };
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <Textfield id={id("title")} label={t("buyer.meetings.title")} lang={language} value={v.title} onChange={(e) => setV({ ...v, title: e.target.value })} error={form.field("title")} />
      <Textfield id={id("startsAt")} type="datetime-local" label={t("buyer.meetings.startsAt")} value={v.startsAt} onChange={(e) => setV({ ...v, startsAt: e.target.value })} error={form.field("startsAt")} />
      <Textfield id={id("endsAt")} type="datetime-local" label={t("buyer.meetings.endsAt")} value={v.endsAt} onChange={(e) => setV({ ...v, endsAt: e.target.value })} error={form.field("endsAt")} />
      <Textfield id={id("location")} label={t("buyer.meetings.location")} lang={language} value={v.location} onChange={(e) => setV({ ...v, location: e.target.value })} error={form.field("location")} />
      {m.kind === "SUPPLIER_DAY" && <Textfield id={id("capacity")} inputMode="numeric" label={t("buyer.meetings.capacity")} value={v.capacity} onChange={(e) => setV({ ...v, capacity: e.target.value })} error={form.field("capacity")} />}
      <Paragraph data-size="sm">{t("buyer.meetings.changeConsequence", { count: booked })}</Paragraph>
      <div className="row">
        <Button type="submit" disabled={fetching}>
          {t("buyer.meetings.saveChange")}
        </Button>
        <Button type="button" variant="tertiary" onClick={onDone}>
          {t("buyer.desk.cancel")}
        </Button>
      </div>
    </form>
  );
}
