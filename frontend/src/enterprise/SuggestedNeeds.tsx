// Needs suggested for the organisation, best first, each with why: points per factor.
import { Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { graphql } from "../gql";
import type { SuggestedNeedsFragment } from "../gql/graphql";
import { MatchReasons } from "../offers/MatchReasons";

export const SuggestedNeedsFragmentDoc = graphql(`
  fragment SuggestedNeeds on Organisation {
    id
    suggestedNeeds(first: 5) {
      lot
      score
      need {
        id
        title
        language
        status
        buyer {
          id
          name
        }
        lots {
          number
          title
        }
      }
      reasons {
        ...MatchReasonFields
      }
    }
  }
`);

export function SuggestedNeeds({ organisation }: { organisation: SuggestedNeedsFragment }) {
  const { t } = useTranslation();
  const items = organisation.suggestedNeeds;
  return (
    <section aria-labelledby="suggested-heading">
      <Heading level={2} data-size="md" id="suggested-heading">
        {t("enterprise.suggested.heading")}
      </Heading>
      <Paragraph className="muted">{t("enterprise.suggested.intro")}</Paragraph>
      {items.length === 0 && <Paragraph>{t("enterprise.suggested.none")}</Paragraph>}
      <ol className="need-list" data-testid="suggested-needs">
        {items.map((s) => {
          const lot = s.need.lots.find((l) => l.number === s.lot);
          return (
            <li key={s.need.id}>
              <Card data-color="neutral">
                <Heading level={3} data-size="xs">
                  <Link to={`/needs/${encodeURIComponent(s.need.id)}`} lang={s.need.language}>
                    {s.need.title}
                  </Link>
                </Heading>
                <Paragraph data-size="sm">
                  {s.need.buyer.name} · {t(`needStatus.${s.need.status}`)}
                  {lot && (
                    <>
                      {" · "}
                      {t("enterprise.suggested.bestLot", { lot: lot.number })}: <span lang={s.need.language}>{lot.title}</span>
                    </>
                  )}
                </Paragraph>
                <Paragraph data-size="sm">
                  <strong>{t("enterprise.suggested.score", { score: s.score })}</strong>
                </Paragraph>
                <MatchReasons reasons={s.reasons} label={t("enterprise.suggested.why", { title: s.need.title })} />
              </Card>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
