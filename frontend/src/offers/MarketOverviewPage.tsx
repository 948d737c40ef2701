// The market around one need, for its buyer: who is interested, who would fit each lot and why,
// the joint offers submitted with what they cover, and the award decision.
import { Heading, Link as DsLink, Paragraph, Spinner, Table } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { formatDateTime } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { graphql } from "../gql";
import { JointOfferCard } from "./JointOfferCard";
import { SuggestedPartners } from "./SuggestedPartners";
import { ScrollTable } from "../app/ScrollTable";

const MarketOverviewDocument = graphql(`
  query MarketOverview($id: ID!) {
    need(id: $id) {
      id
      title
      language
      viewerCanEdit
      lots {
        number
        title
      }
      interestedOrganisations {
        markedAt
        lotNumbers
        organisation {
          id
          name
          kind
        }
      }
      jointOffers {
        ...JointOfferCard
      }
    }
  }
`);

export function MarketOverviewPage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  usePageTitle(t("buyer.market.title"));
  const [{ data, fetching }] = useQuery({ query: MarketOverviewDocument, variables: { id } });
  const need = data?.need;
  if (fetching && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!need || !need.viewerCanEdit) {
    return (
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("need.notFound")}
      </Heading>
    );
  }
  return (
    <div className="buyer-need">
      <DsLink asChild>
        <Link to={`/buyer/needs/${encodeURIComponent(need.id)}`}>{t("buyer.market.back")}</Link>
      </DsLink>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("buyer.market.title")}
      </Heading>
      <Paragraph lang={need.language}>{need.title}</Paragraph>
      <section aria-labelledby="interested-heading">
        <Heading level={2} data-size="md" id="interested-heading">
          {t("buyer.market.interested", { count: need.interestedOrganisations.length })}
        </Heading>
        {need.interestedOrganisations.length > 0 && (
          <ScrollTable label={t("buyer.market.interestedCaption")}>
            <caption className="visually-hidden">{t("buyer.market.interestedCaption")}</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>{t("buyer.market.organisation")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.market.lots")}</Table.HeaderCell>
                <Table.HeaderCell>{t("buyer.market.since")}</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {need.interestedOrganisations.map((i) => (
                <Table.Row key={i.organisation.id}>
                  <Table.HeaderCell scope="row">
                    <DsLink asChild>
                      <Link to={`/organisations/${encodeURIComponent(i.organisation.id)}`}>{i.organisation.name}</Link>
                    </DsLink>{" "}
                    ({t(`organisationKind.${i.organisation.kind}`)})
                  </Table.HeaderCell>
                  <Table.Cell>{i.lotNumbers.length ? i.lotNumbers.join(", ") : t("buyer.market.whole")}</Table.Cell>
                  <Table.Cell>{formatDateTime(i.markedAt, i18n.language)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </ScrollTable>
        )}
      </section>
      <section aria-labelledby="suggested-heading">
        <Heading level={2} data-size="md" id="suggested-heading">
          {t("buyer.market.suggested")}
        </Heading>
        <Paragraph data-size="sm">{t("buyer.market.suggestedHelp")}</Paragraph>
        {need.lots.length === 0 ? (
          <SuggestedPartners needId={need.id} lot={null} heading={t("buyer.market.whole")} />
        ) : (
          need.lots.map((l) => <SuggestedPartners key={l.number} needId={need.id} lot={l.number} heading={t("buyer.lots.lot", { number: l.number, title: l.title })} />)
        )}
      </section>
      <section aria-labelledby="offers-heading">
        <Heading level={2} data-size="md" id="offers-heading">
          {t("buyer.market.offers", { count: need.jointOffers.length })}
        </Heading>
        <Paragraph data-size="sm">{t("buyer.market.offersHelp")}</Paragraph>
        <div className="desk-list">
          {need.jointOffers.map((o) => (
            <JointOfferCard key={o.id} offer={o} language={need.language} />
          ))}
        </div>
      </section>
    </div>
  );
}
