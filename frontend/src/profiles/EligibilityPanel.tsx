// Whether the organisation may bid for contracts reserved under Art. 20, and why (not), in plain
// words, from the saved profile and the administrator's verification.
import { Alert, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDay } from "../app/format";
import { eligibility } from "./profile";

type Props = {
  organisation: { kind: string; verified: boolean };
  wise: { integrationMainAim: boolean; targetGroupStaffPercent?: number | null; measuredOn?: string | null } | null | undefined;
  serverSaysEligible: boolean;
};

export function EligibilityPanel({ organisation, wise, serverSaysEligible }: Props) {
  const { t, i18n } = useTranslation();
  const reasons = eligibility(organisation, wise);
  const eligible = serverSaysEligible && !reasons.includes("measurementOld");
  const vars = {
    percent: wise?.targetGroupStaffPercent ?? 0,
    date: wise?.measuredOn ? formatDay(wise.measuredOn, i18n.language) : "",
  };
  return (
    <section aria-labelledby="eligibility-heading" data-testid="eligibility">
      <Alert data-color={eligible ? "success" : reasons.includes("notWise") ? "info" : "warning"}>
        <Heading level={2} data-size="xs" id="eligibility-heading">
          {eligible ? t("profiles.eligibility.yes") : t("profiles.eligibility.no")}
        </Heading>
        <ul>
          {reasons.map((r) => (
            <li key={r}>{t(`profiles.eligibility.${r}`, vars)}</li>
          ))}
        </ul>
        <Paragraph data-size="sm">{t("profiles.eligibility.rule")}</Paragraph>
      </Alert>
    </section>
  );
}
