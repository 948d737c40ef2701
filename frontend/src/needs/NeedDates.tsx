// The dates a supplier plans by, deadlines first, in the viewer's time zone with the zone named;
// with the last day for questions the law leaves before the tender deadline, and why.
import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDay } from "../app/format";
import { graphql } from "../gql";
import type { NeedDatesFragment } from "../gql/graphql";

export const NeedDatesFragmentDoc = graphql(`
  fragment NeedDates on Need {
    dates {
      questionsDeadline
      dialogueOpens
      dialogueCloses
      expectedTenderPublication
      tenderDeadline
      contractStart
      contractDurationMonths
    }
    dialogueWindow {
      lastDayForQuestions
      lastDayForAnswers
    }
  }
`);

export function NeedDates({ need }: { need: NeedDatesFragment }) {
  const { t, i18n } = useTranslation();
  const d = need.dates;
  const day = (v: string | null | undefined) => (v ? formatDay(v, i18n.language) : null);
  const w = need.dialogueWindow;
  const rows: [string, string | null][] = [
    ["questionsDeadline", d.questionsDeadline ? formatDateTime(d.questionsDeadline, i18n.language) : null],
    // Without a question deadline, the last day still follows from the closing day or the law.
    ["lastDayForQuestions", d.questionsDeadline ? null : day(w.lastDayForQuestions)],
    ["lastDayForAnswers", day(w.lastDayForAnswers)],
    ["dialogueCloses", day(d.dialogueCloses)],
    ["expectedTenderPublication", day(d.expectedTenderPublication)],
    ["tenderDeadline", day(d.tenderDeadline)],
    ["dialogueOpens", day(d.dialogueOpens)],
    ["contractStart", day(d.contractStart)],
    [
      "contractDuration",
      d.contractDurationMonths ? t("need.dates.months", { count: d.contractDurationMonths }) : null,
    ],
  ];
  const shown = rows.filter(([, v]) => v);
  if (shown.length === 0) return null;
  return (
    <section aria-labelledby="dates-heading" className="need-dates">
      <Heading level={2} data-size="md" id="dates-heading">
        {t("need.dates.heading")}
      </Heading>
      <dl className="facts">
        {shown.map(([key, value]) => (
          <div key={key}>
            <dt>{t(`need.dates.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {w.lastDayForAnswers && <Paragraph data-size="sm">{t("need.dates.sixDays", { date: day(w.lastDayForAnswers) })}</Paragraph>}
    </section>
  );
}
