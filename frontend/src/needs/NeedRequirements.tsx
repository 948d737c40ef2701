// What the need's legal and strategic markers mean, in plain words.
import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { graphql } from "../gql";
import type { NeedRequirementsFragment } from "../gql/graphql";

export const NeedRequirementsFragmentDoc = graphql(`
  fragment NeedRequirements on Need {
    reserved
    hasReservedPart
    lots {
      number
      reserved
    }
    flags {
      socialObjective
      innovative
      green
      smeSuitable
    }
    employmentRequirement {
      variant
      targetGroups
      volumeFullTimeMonths
      firstHireWithinMonths
      followUpBy
    }
    jointOffersWelcome
    subcontractingWelcome
  }
`);

export function NeedRequirements({ need }: { need: NeedRequirementsFragment }) {
  const { t } = useTranslation();
  const reservedLots = need.lots.filter((l) => l.reserved).map((l) => l.number);
  const req = need.employmentRequirement;
  const flags = (["socialObjective", "innovative", "green", "smeSuitable"] as const).filter(
    (f) => need.flags[f],
  );
  return (
    <section aria-labelledby="requirements-heading">
      <Heading level={2} data-size="md" id="requirements-heading">
        {t("need.requirements.heading")}
      </Heading>
      {need.reserved !== "NONE" && (
        <Paragraph>{t(`need.requirements.reserved.${need.reserved}`)}</Paragraph>
      )}
      {need.reserved === "NONE" && reservedLots.length > 0 && (
        <Paragraph>{t("need.requirements.reservedLots", { lots: reservedLots.join(", ") })}</Paragraph>
      )}
      {!need.hasReservedPart && <Paragraph>{t("need.requirements.notReserved")}</Paragraph>}
      {req && (
        <Paragraph>
          {t(`need.requirements.employment.${req.variant}`, {
            groups: req.targetGroups.map((g) => t(`targetGroup.${g}`)).join(", "),
          })}{" "}
          {req.volumeFullTimeMonths ? t("need.requirements.volume", { count: req.volumeFullTimeMonths }) : ""}{" "}
          {req.firstHireWithinMonths
            ? t("need.requirements.firstHire", { count: req.firstHireWithinMonths })
            : ""}{" "}
          {req.followUpBy ? t("need.requirements.followUpBy", { who: req.followUpBy }) : ""}
        </Paragraph>
      )}
      {flags.length > 0 && (
        <ul>
          {flags.map((f) => (
            <li key={f}>{t(`need.flags.${f}`)}</li>
          ))}
        </ul>
      )}
      <Paragraph>
        {need.jointOffersWelcome ? t("need.jointOffersWelcome") : t("need.jointOffersNotMentioned")}{" "}
        {need.subcontractingWelcome ? t("need.subcontractingWelcome") : ""}
      </Paragraph>
    </section>
  );
}
