// Enterprises that fit a lot (or the whole need), best first, each with why.
import { Heading, Link as DsLink, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { MatchReasons } from "./MatchReasons";

const SuggestedPartnersDocument = graphql(`
  query SuggestedPartners($id: ID!, $lot: Int) {
    need(id: $id) {
      id
      suggestedPartners(lot: $lot, first: 5) {
        score
        organisation {
          id
          name
        }
        reasons {
          ...MatchReasonFields
        }
      }
    }
  }
`);

export function SuggestedPartners({ needId, lot, heading }: { needId: string; lot: number | null; heading: string }) {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: SuggestedPartnersDocument, variables: { id: needId, lot } });
  const partners = data?.need?.suggestedPartners ?? [];
  return (
    <div data-testid={`suggested-${lot ?? "need"}`}>
      <Heading level={3} data-size="xs">
        {heading}
      </Heading>
      {data && partners.length === 0 && <Paragraph data-size="sm">{t("buyer.market.noSuggestions")}</Paragraph>}
      <ol className="desk-list">
        {partners.map((p) => (
          <li key={p.organisation.id}>
            <DsLink asChild>
              <Link to={`/organisations/${encodeURIComponent(p.organisation.id)}`}>{p.organisation.name}</Link>
            </DsLink>{" "}
            · {t("buyer.market.score", { score: p.score })}
            <MatchReasons reasons={p.reasons} label={t("offers.whyFits", { name: p.organisation.name })} />
          </li>
        ))}
      </ol>
    </div>
  );
}
