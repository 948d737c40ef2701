// Every change to the offer, oldest first, told from its kind (the server's English line is the
// fallback for a kind we do not know).
import { Details, Heading } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";
import type { OfferHistoryFragment } from "../gql/graphql";

export const OfferHistoryFragmentDoc = graphql(`
  fragment OfferHistory on JointOffer {
    id
    history {
      kind
      organisation {
        id
        name
      }
      status
      detail
      changedAt
    }
  }
`);

export function OfferHistory({ offer }: { offer: OfferHistoryFragment }) {
  const { t, i18n } = useTranslation();
  if (!offer.history) return null;
  return (
    <section aria-labelledby="offer-history-heading">
      <Heading level={2} data-size="md" id="offer-history-heading">
        {t("offers.history.heading")}
      </Heading>
      <Details>
        <Details.Summary>{t("offers.history.show", { count: offer.history.length })}</Details.Summary>
        <Details.Content>
          <ol className="history-list">
            {offer.history.map((h, i) => {
              const known = i18n.exists(`offers.history.kind.${h.kind}`);
              return (
                <li key={i}>
                  <span className="muted">{formatDateTime(h.changedAt, i18n.language)}</span>{" "}
                  <span lang={known ? undefined : "en"}>
                    {known
                      ? t(`offers.history.kind.${h.kind}`, {
                          name: h.organisation?.name ?? "",
                          status: t(`offers.statusName.${h.status}`),
                        })
                      : h.detail}
                  </span>
                </li>
              );
            })}
          </ol>
        </Details.Content>
      </Details>
    </section>
  );
}
