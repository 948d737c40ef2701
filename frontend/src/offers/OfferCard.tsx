// One offer in a list: the need, the lead, the lots, where it stands and my organisation's part.
import { Card, Heading, Paragraph, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { graphql } from "../gql";
import type { OfferCardFragment } from "../gql/graphql";
import { lotList, mine } from "./words";

export const OfferCardFragmentDoc = graphql(`
  fragment OfferCard on JointOffer {
    id
    status
    lots
    updatedAt
    lead {
      id
      name
    }
    need {
      id
      title
      language
    }
    members {
      organisation {
        id
        name
      }
      role
      state
    }
  }
`);

export function OfferCard({ offer, myOrgIds }: { offer: OfferCardFragment; myOrgIds: string[] }) {
  const { t } = useTranslation();
  const lots = lotList(offer.lots);
  const me = mine(offer.members, myOrgIds);
  return (
    <Card data-color="neutral">
      <Heading level={3} data-size="xs">
        <Link to={`/offers/${encodeURIComponent(offer.id)}`}>
          {offer.need ? <span lang={offer.need.language}>{offer.need.title}</span> : t("offers.page.heading")}
        </Link>
      </Heading>
      <Paragraph data-size="sm">
        <Tag data-color={offer.status === "SUBMITTED" ? "success" : "neutral"} data-size="sm">
          {t(`offers.statusName.${offer.status}`)}
        </Tag>{" "}
        {t("offers.page.ledBy", { lead: offer.lead.name })} · {lots ? t("offers.page.lots", { lots }) : t("offers.page.wholeNeed")}
      </Paragraph>
      {me.map((m) => (
        <Paragraph data-size="sm" key={m.organisation.id}>
          {t("offers.list.myPart", {
            name: m.organisation.name,
            role: t(`offers.role.${m.role}`),
            state: t(`offers.memberState.${m.state}`),
          })}
        </Paragraph>
      ))}
    </Card>
  );
}
