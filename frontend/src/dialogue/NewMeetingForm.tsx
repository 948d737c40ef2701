// Planning a meeting: a supplier day, or a series of one-to-one slots made in one go (day, first
// slot, length, number of slots).
import { Button, Fieldset, Heading, Radio, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { useFormErrors } from "../account/useForm";
import { ErrorSummary } from "../app/ErrorSummary";
import { viewerTimeZone } from "../app/format";
import { graphql } from "../gql";
import type { MeetingKind } from "../gql/graphql";
import { dayTimes, slotTimes } from "./slots";

const AnnounceMeetingDocument = graphql(`
  mutation AnnounceMeeting($needId: ID!, $kind: MeetingKind!, $input: MeetingInput!) {
    announceMeeting(needId: $needId, kind: $kind, input: $input) {
      ...PlannerMeeting
    }
  }
`);

const FIELD_IDS = { title: "meeting-title", location: "meeting-location", capacity: "meeting-capacity", startsAt: "meeting-day", endsAt: "meeting-to" };

const EMPTY = { title: "", day: "", from: "09:00", to: "12:00", capacity: "30", first: "09:00", length: "30", count: "4", location: "" };

export function NewMeetingForm({ needId, language }: { needId: string; language: string }) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [kind, setKind] = useState<MeetingKind>("ONE_TO_ONE");
  const [v, setV] = useState(EMPTY);
  const [made, setMade] = useState(0);
  const [{ fetching }, announce] = useMutation(AnnounceMeetingDocument);
  const set = (patch: Partial<typeof v>) => setV((old) => ({ ...old, ...patch }));
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    setMade(0);
    const times = kind === "ONE_TO_ONE" ? slotTimes(v.day, v.first, Number(v.length), Number(v.count)) : (() => { const d = dayTimes(v.day, v.from, v.to); return d && [d]; })();
    if (!times) {
      form.set([{ field: kind === "ONE_TO_ONE" ? "meeting-first" : "meeting-to", message: t("buyer.meetings.badTimes") }]);
      return;
    }
    let count = 0;
    for (const time of times) {
      const capacity = kind === "ONE_TO_ONE" ? 1 : Number(v.capacity) || null;
      const result = await announce({ needId, kind, input: { title: v.title, location: v.location, capacity, ...time } });
      if (!form.accept(result.error)) break;
      count += 1;
    }
    setMade(count);
    // All made: an empty form, so a second press cannot make the same meetings again.
    if (count === times.length) setV(EMPTY);
  };
  return (
    <form onSubmit={onSubmit} className="stack editor" noValidate aria-labelledby="new-meeting-heading">
      <Heading level={3} data-size="sm" id="new-meeting-heading">
        {t("buyer.meetings.new")}
      </Heading>
      <ErrorSummary errors={form.errors} fieldIds={FIELD_IDS} />
      {made > 0 && (
        <p role="status" className="muted">
          {t("buyer.meetings.made", { count: made })}
        </p>
      )}
      <Fieldset>
        <Fieldset.Legend>{t("buyer.meetings.kindLegend")}</Fieldset.Legend>
        <Radio name="meeting-kind" value="ONE_TO_ONE" label={t("buyer.meetings.slots")} description={t("buyer.meetings.slotsHelp")} checked={kind === "ONE_TO_ONE"} onChange={() => setKind("ONE_TO_ONE")} />
        <Radio name="meeting-kind" value="SUPPLIER_DAY" label={t("dialogue.meetings.kind.SUPPLIER_DAY")} description={t("buyer.meetings.dayHelp")} checked={kind === "SUPPLIER_DAY"} onChange={() => setKind("SUPPLIER_DAY")} />
      </Fieldset>
      <Textfield id="meeting-title" label={t("buyer.meetings.title")} lang={language} value={v.title} onChange={(e) => set({ title: e.target.value })} error={form.field("title")} />
      <Textfield id="meeting-day" type="date" label={t("buyer.meetings.day")} description={t("buyer.dates.zone", { zone: viewerTimeZone() })} value={v.day} onChange={(e) => set({ day: e.target.value })} error={form.field("startsAt")} />
      {kind === "ONE_TO_ONE" ? (
        <div className="row">
          <Textfield id="meeting-first" type="time" label={t("buyer.meetings.first")} value={v.first} onChange={(e) => set({ first: e.target.value })} error={form.field("meeting-first")} />
          <Textfield id="meeting-length" inputMode="numeric" label={t("buyer.meetings.length")} value={v.length} onChange={(e) => set({ length: e.target.value })} />
          <Textfield id="meeting-count" inputMode="numeric" label={t("buyer.meetings.count")} value={v.count} onChange={(e) => set({ count: e.target.value })} />
        </div>
      ) : (
        <div className="row">
          <Textfield id="meeting-from" type="time" label={t("buyer.meetings.from")} value={v.from} onChange={(e) => set({ from: e.target.value })} />
          <Textfield id="meeting-to" type="time" label={t("buyer.meetings.to")} value={v.to} onChange={(e) => set({ to: e.target.value })} error={form.field("meeting-to") ?? form.field("endsAt")} />
          <Textfield id="meeting-capacity" inputMode="numeric" label={t("buyer.meetings.capacity")} value={v.capacity} onChange={(e) => set({ capacity: e.target.value })} error={form.field("capacity")} />
        </div>
      )}
      <Textfield id="meeting-location" label={t("buyer.meetings.location")} description={t("buyer.meetings.locationHelp")} lang={language} value={v.location} onChange={(e) => set({ location: e.target.value })} error={form.field("location")} />
      <div>
        <Button type="submit" disabled={fetching}>
          {kind === "ONE_TO_ONE" ? t("buyer.meetings.makeSlots", { count: Number(v.count) || 0 }) : t("buyer.meetings.announceDay")}
        </Button>
      </div>
    </form>
  );
}
