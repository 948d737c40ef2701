// Whether the organisation may bid for contracts reserved under Art. 20, and why (not), in plain
// words. The server decides and names every reason (`eligibilityGaps`); this only finds the words,
// and for figures changed since verification shows the verified ones next to today's.
import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDate, formatDay } from "../app/format";
import type { EligibilityGap } from "../gql/graphql";
import { GAP_KEYS } from "./profile";

type Figures = { sharePercent: number; measuredOn: string };

type Props = {
  organisation: { verifiedAt?: string | null; verifiedWiseFigures?: Figures | null; wiseFiguresChangedAt?: string | null };
  wise: { targetGroupStaffPercent?: number | null; measuredOn?: string | null } | null | undefined;
  /** `null` before the profile is first saved: the server has nothing to judge yet. */
  gaps: readonly EligibilityGap[] | null;
};

export function EligibilityPanel({ organisation, wise, gaps: saved }: Props) {
  const { t, i18n } = useTranslation();
  const gaps = saved ?? [];
  const eligible = saved !== null && gaps.length === 0;
  const paused = gaps.length === 1 && gaps[0] === "CHANGED_SINCE_VERIFICATION";
  const vars = {
    percent: wise?.targetGroupStaffPercent ?? 0,
    date: wise?.measuredOn ? formatDay(wise.measuredOn, i18n.language) : "",
  };
  const color = eligible ? "success" : saved === null || gaps.includes("NOT_WISE") ? "info" : "warning";
  return (
    <section aria-labelledby="eligibility-heading" data-testid="eligibility">
      <Alert data-color={color}>
        <Heading level={2} data-size="xs" id="eligibility-heading">
          {t(`profiles.eligibility.${eligible ? "yes" : paused ? "paused" : "no"}`)}
        </Heading>
        <ul>
          {eligible && <li>{t("profiles.eligibility.eligible", vars)}</li>}
          {saved === null && <li>{t("profiles.eligibility.noProfile")}</li>}
          {gaps.map((g) =>
            g === "CHANGED_SINCE_VERIFICATION" ? (
              <li key={g}>
                <ChangedFigures organisation={organisation} wise={wise} />
              </li>
            ) : (
              <li key={g}>{t(`profiles.eligibility.${GAP_KEYS[g]}`, vars)}</li>
            ),
          )}
        </ul>
        <Paragraph data-size="sm">{t("profiles.eligibility.rule")}</Paragraph>
      </Alert>
    </section>
  );
}

/** The share or its date changed after verification: what was verified, what is stated now, and what happens next. */
function ChangedFigures({ organisation, wise }: Pick<Props, "organisation" | "wise">) {
  const { t, i18n } = useTranslation();
  const day = (d: string | null | undefined) => (d ? formatDay(d, i18n.language) : "");
  const figures = (percent: number | null | undefined, measuredOn: string | null | undefined) =>
    percent != null && measuredOn ? t("profiles.eligibility.figures", { percent, date: day(measuredOn) }) : t("profiles.eligibility.noFigures");
  const verified = organisation.verifiedWiseFigures;
  const changedOn = organisation.wiseFiguresChangedAt ? formatDate(organisation.wiseFiguresChangedAt, i18n.language) : "";
  return (
    <div className="stack eligibility-changed">
      <Paragraph>{t(verified ? "profiles.eligibility.changedSinceVerification" : "profiles.eligibility.statedSinceVerification", { date: changedOn })}</Paragraph>
      <dl className="facts" data-testid="eligibility-figures">
        <div>
          <dt>{t("profiles.eligibility.verifiedFigures", { date: organisation.verifiedAt ? formatDate(organisation.verifiedAt, i18n.language) : "" })}</dt>
          <dd>{figures(verified?.sharePercent, verified?.measuredOn)}</dd>
        </div>
        <div>
          <dt>{t("profiles.eligibility.nowFigures")}</dt>
          <dd>{figures(wise?.targetGroupStaffPercent, wise?.measuredOn)}</dd>
        </div>
      </dl>
      <Paragraph>{t("profiles.eligibility.reverification")}</Paragraph>
    </div>
  );
}
