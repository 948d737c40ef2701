// One need in a list: what, who, where, and the next deadline first.
import { Card, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { formatDateTime, formatDay } from "../app/format";
import { graphql } from "../gql";
import type { NeedCardFragment } from "../gql/graphql";
import { VerifiedLabel } from "../partners/VerifiedLabel";

export const NeedCardFragmentDoc = graphql(`
  fragment NeedCard on Need {
    id
    title
    summary
    language
    status
    hasReservedPart
    buyer {
      id
      name
      verified
    }
    place {
      country
      regionName
      municipality
    }
    flags {
      innovative
    }
    employmentRequirement {
      variant
    }
    dates {
      questionsDeadline
      expectedTenderPublication
    }
  }
`);

export function NeedCard({ need, snippet }: { need: NeedCardFragment; snippet?: string }) {
  const { t, i18n } = useTranslation();
  const place = [need.place.municipality, need.place.regionName].filter(Boolean).join(", ");
  return (
    <Card data-color="neutral" className="need-card">
      <Heading level={3} data-size="xs">
        <Link to={`/needs/${encodeURIComponent(need.id)}`} lang={need.language}>
          {need.title}
        </Link>
      </Heading>
      <Paragraph data-size="sm" className="muted">
        {need.buyer.name} <VerifiedLabel verified={need.buyer.verified} /> · {place || t(`country.${need.place.country}`)}
      </Paragraph>
      {snippet ? (
        <Paragraph lang={need.language} dangerouslySetInnerHTML={{ __html: snippet }} />
      ) : (
        <Paragraph lang={need.language}>{need.summary}</Paragraph>
      )}
      <div className="tags">
        <Tag data-color="neutral">{t(`needStatus.${need.status}`)}</Tag>
        {need.hasReservedPart && <Tag data-color="brand1">{t("need.reservedTag")}</Tag>}
        {need.flags.innovative && <Tag data-color="info">{t("need.innovativeTag")}</Tag>}
        {need.employmentRequirement && <Tag data-color="success">{t("need.employmentTag")}</Tag>}
      </div>
      <dl className="deadlines">
        {need.dates.questionsDeadline && (
          <div>
            <dt>{t("need.dates.questionsDeadline")}</dt>
            <dd>{formatDateTime(need.dates.questionsDeadline, i18n.language)}</dd>
          </div>
        )}
        {need.dates.expectedTenderPublication && (
          <div>
            <dt>{t("need.dates.expectedTenderPublication")}</dt>
            <dd>{formatDay(need.dates.expectedTenderPublication, i18n.language)}</dd>
          </div>
        )}
      </dl>
    </Card>
  );
}
