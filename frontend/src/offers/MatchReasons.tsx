// Why a suggestion is made: each factor with its points, in the viewer's words (the server's
// English sentence is read out as the detail only in an English page).
import { useTranslation } from "react-i18next";
import type { MatchFactor } from "../gql/graphql";

type Reason = { factor: MatchFactor; points: number; maxPoints: number; explanation: string };

export function MatchReasons({ reasons, label }: { reasons: Reason[]; label: string }) {
  const { t, i18n } = useTranslation();
  const english = i18n.language === "en";
  return (
    <ul className="reasons" aria-label={label}>
      {reasons.map((r) => (
        <li key={r.factor} title={english ? r.explanation : undefined}>
          {t("offers.reason", {
            factor: t(`offers.factor.${r.factor}`, { defaultValue: r.factor }),
            points: r.points,
            max: r.maxPoints,
          })}
          {english && <span className="visually-hidden">: {r.explanation}</span>}
        </li>
      ))}
    </ul>
  );
}
