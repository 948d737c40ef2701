// A verified WISE back in the verification queue because it now states another share of staff
// from target groups or measurement date than the administrator verified: both, side by side,
// so the administrator knows what to check again. Its own query per organisation: the queue's
// list of up to 100 is at the server's complexity limit, and few organisations are back.
import { Paragraph, Spinner } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { formatDate, formatDay } from "../app/format";
import { graphql } from "../gql";

const ChangedFiguresDocument = graphql(`
  query QueueChangedFigures($id: ID!) {
    organisation(id: $id) {
      id
      verifiedAt
      verificationEvidence
      verifiedWiseFigures {
        sharePercent
        measuredOn
      }
      wiseFiguresChangedAt
      profile {
        content {
          wise {
            targetGroupStaffPercent
            measuredOn
            evidence
          }
        }
      }
    }
  }
`);

export function ChangedFigures({ organisationId }: { organisationId: string }) {
  const { t, i18n } = useTranslation();
  const [{ data }] = useQuery({ query: ChangedFiguresDocument, variables: { id: organisationId }, requestPolicy: "network-only" });
  const o = data?.organisation;
  if (!o) return <Spinner aria-label={t("common.loading")} data-size="sm" />;
  if (!o.wiseFiguresChangedAt) return null;
  const figures = (percent: number | null | undefined, measuredOn: string | null | undefined) =>
    percent != null && measuredOn
      ? t("admin.queue.figures", { percent, date: formatDay(measuredOn, i18n.language) })
      : t("admin.queue.noFigures");
  const wise = o.profile?.content.wise;
  return (
    <div data-testid="changed-figures">
      <Paragraph>
        {t("admin.queue.changed", {
          verifiedOn: o.verifiedAt ? formatDate(o.verifiedAt, i18n.language) : "",
          changedOn: formatDate(o.wiseFiguresChangedAt, i18n.language),
          now: figures(wise?.targetGroupStaffPercent, wise?.measuredOn),
          verified: figures(o.verifiedWiseFigures?.sharePercent, o.verifiedWiseFigures?.measuredOn),
        })}
      </Paragraph>
      {wise?.evidence && <Paragraph data-size="sm">{t("admin.queue.statedEvidence", { evidence: wise.evidence })}</Paragraph>}
      {o.verificationEvidence && <Paragraph data-size="sm">{t("admin.queue.lastEvidence", { evidence: o.verificationEvidence })}</Paragraph>}
    </div>
  );
}
