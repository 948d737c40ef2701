// A member's eligibility for reserved lots as recorded on the day its joint offer was submitted
// (the day the law reads it), in words for the buyer: never today's profile.
import { Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDay, locale } from "../app/format";
import { graphql } from "../gql";
import type { SubmittedEligibilityFragment } from "../gql/graphql";
import { GAP_KEYS } from "../profiles/profile";

export const SubmittedEligibilityFragmentDoc = graphql(`
  fragment SubmittedEligibility on SubmittedEligibility {
    on
    eligible
    verified
    sharePercent
    measuredOn
    gaps
  }
`);

type Props = {
  eligibility: SubmittedEligibilityFragment | null | undefined;
  /** Only an accepted member's eligibility is recorded; for the others there is nothing to say. */
  accepted: boolean;
  testId?: string;
};

export function SubmittedEligibility({ eligibility: e, accepted, testId }: Props) {
  const { t, i18n } = useTranslation();
  if (!e) return accepted ? <Paragraph data-size="sm" data-testid={testId}>{t("buyer.market.eligibility.notRecorded")}</Paragraph> : null;
  const vars = {
    on: formatDay(e.on, i18n.language),
    percent: e.sharePercent ?? 0,
    measured: e.measuredOn ? formatDay(e.measuredOn, i18n.language) : "",
  };
  const text = e.eligible
    ? t(e.measuredOn ? "buyer.market.eligibility.eligible" : "buyer.market.eligibility.eligibleUndated", vars)
    : t("buyer.market.eligibility.notEligible", {
        ...vars,
        reasons: new Intl.ListFormat(locale(i18n.language), { type: "conjunction" }).format(
          e.gaps.map((g) => t(`buyer.market.eligibility.${GAP_KEYS[g]}`, vars)),
        ),
      });
  return (
    <Paragraph data-size="sm" data-testid={testId}>
      {text}
    </Paragraph>
  );
}
