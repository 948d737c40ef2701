// The public profile as others will see it once saved: what the partner search and the
// organisation page show.
import { Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDay } from "../app/format";
import { useRegionName } from "../app/reference";
import type { Draft } from "./profile";

export function ProfilePreview({ name, draft }: { name: string; draft: Draft }) {
  const { t, i18n } = useTranslation();
  const regionName = useRegionName();
  const rows: [string, string][] = [
    [t("organisation.services"), draft.cpv.join(", ")],
    [t("organisation.regionsServed"), draft.regionsServed.map(regionName).join(", ")],
    [t("organisation.staff"), draft.staff],
    [t("organisation.trainingPlaces"), [draft.trainingPlaces, draft.trainingPeriod].filter(Boolean).join(" / ")],
    [t("organisation.targetGroups"), draft.targetGroups.map((g) => t(`targetGroup.${g}`)).join(", ")],
    [t("profiles.capacity.languages"), draft.languages.map((l) => t(`profiles.language.${l}`)).join(", ")],
  ];
  if (draft.wise?.percent) {
    rows.push([
      t("organisation.targetGroupShare"),
      draft.wise.measuredOn
        ? t("organisation.percentMeasured", { percent: draft.wise.percent, date: formatDay(draft.wise.measuredOn, i18n.language) })
        : `${draft.wise.percent} %`,
    ]);
  }
  return (
    <section aria-labelledby="preview-heading">
      <Heading level={2} data-size="sm" id="preview-heading">
        {t("profiles.preview.heading")}
      </Heading>
      <Paragraph className="muted">{t(`profiles.preview.${draft.visibility}`)}</Paragraph>
      <Card data-color="neutral" data-testid="profile-preview">
        <Heading level={3} data-size="xs">
          {name}
        </Heading>
        {draft.servicesDescription && <Paragraph>{draft.servicesDescription}</Paragraph>}
        <dl className="facts">
          {rows
            .filter(([, value]) => value)
            .map(([label, value]) => (
              <div key={label}>
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
        </dl>
      </Card>
    </section>
  );
}
