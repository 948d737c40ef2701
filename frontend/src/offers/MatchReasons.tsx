// Why a suggestion is made: each factor with its points and the reason in the viewer's words
// (from the wording the server sends; its English sentence only for a reason the catalogue
// does not know yet).
import { useTranslation } from "react-i18next";
import { formatNumber } from "../app/format";
import { useRegionName } from "../app/reference";
import { wordingText } from "../app/wording";
import { graphql } from "../gql";
import type { MatchReasonFieldsFragment } from "../gql/graphql";

export const MatchReasonFieldsDoc = graphql(`
  fragment MatchReasonFields on MatchReason {
    factor
    points
    maxPoints
    explanation
    wording {
      key
      values {
        name
        value
      }
    }
  }
`);

export function MatchReasons({ reasons, label }: { reasons: MatchReasonFieldsFragment[]; label: string }) {
  const { t, i18n } = useTranslation();
  const regionName = useRegionName();
  const number = (n: number) => formatNumber(n, i18n.language);
  return (
    <ul className="reasons" aria-label={label}>
      {reasons.map((r) => {
        const why = wordingText(r.wording, r.explanation, t, regionName, number);
        return (
          <li key={r.factor}>
            {t("offers.reason", {
              factor: t(`offers.factor.${r.factor}`, { defaultValue: r.factor }),
              points: r.points,
              max: r.maxPoints,
            })}
            : <span lang={why.lang}>{why.text}</span>
          </li>
        );
      })}
    </ul>
  );
}
