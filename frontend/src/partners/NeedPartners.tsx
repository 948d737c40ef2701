// On a need's page, for an enterprise: who could do this lot with you, ranked, each with why.
import { Card, Field, Heading, Label, Paragraph, Select } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useQuery } from "urql";
import { graphql } from "../gql";
import { MatchReasons } from "../offers/MatchReasons";
import { VerifiedLabel } from "./VerifiedLabel";

const NeedPartnersDocument = graphql(`
  query NeedPartners($id: ID!, $lot: Int) {
    need(id: $id) {
      id
      suggestedPartners(lot: $lot, first: 5) {
        score
        organisation {
          id
          name
          kind
          verified
        }
        reasons {
          ...MatchReasonFields
        }
      }
    }
  }
`);

type Props = { needId: string; language: string; lots: { number: number; title: string }[]; myOrgIds: string[] };

export function NeedPartners({ needId, language, lots, myOrgIds }: Props) {
  const { t } = useTranslation();
  const [lot, setLot] = useState<number | null>(lots[0]?.number ?? null);
  const [{ data }] = useQuery({ query: NeedPartnersDocument, variables: { id: needId, lot } });
  const partners = (data?.need?.suggestedPartners ?? []).filter((p) => !myOrgIds.includes(p.organisation.id));
  return (
    <section aria-labelledby="need-partners-heading">
      <Heading level={3} data-size="sm" id="need-partners-heading">
        {t("partnerSearch.forNeed.heading")}
      </Heading>
      <Paragraph className="muted">{t("partnerSearch.forNeed.intro")}</Paragraph>
      {lots.length > 0 && (
        <Field>
          <Label htmlFor="need-partners-lot">{t("partnerSearch.forNeed.lot")}</Label>
          <Select id="need-partners-lot" value={String(lot)} onChange={(e) => setLot(Number(e.target.value))}>
            {lots.map((l) => (
              <Select.Option key={l.number} value={String(l.number)} lang={language}>
                {`${l.number}: ${l.title}`}
              </Select.Option>
            ))}
          </Select>
        </Field>
      )}
      {data && partners.length === 0 && <Paragraph>{t("partnerSearch.forNeed.none")}</Paragraph>}
      <ul className="partner-picks" data-testid="need-partners">
        {partners.map((p) => (
          <li key={p.organisation.id}>
            <Card data-color="neutral">
              <Paragraph>
                <Link to={`/organisations/${encodeURIComponent(p.organisation.id)}`}>{p.organisation.name}</Link> · {t(`organisationKind.${p.organisation.kind}`)}{" "}
                <VerifiedLabel verified={p.organisation.verified} /> · {t("enterprise.suggested.score", { score: p.score })}
              </Paragraph>
              <MatchReasons reasons={p.reasons} label={t("offers.whyFits", { name: p.organisation.name })} />
            </Card>
          </li>
        ))}
      </ul>
    </section>
  );
}
