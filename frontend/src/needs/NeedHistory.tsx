// Every published version and status change: what changed and when.
import { Details, Heading } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "../app/format";
import { graphql } from "../gql";
import type { NeedHistoryFragment } from "../gql/graphql";

export const NeedHistoryFragmentDoc = graphql(`
  fragment NeedHistory on Need {
    versions {
      version
      editedAt
      changedFields
    }
    statusHistory {
      from
      to
      at
    }
  }
`);

export function NeedHistory({ need }: { need: NeedHistoryFragment }) {
  const { t, i18n } = useTranslation();
  const entries = [
    ...need.versions.map((v) => ({
      at: v.editedAt,
      text:
        v.version === 1
          ? t("need.history.firstVersion")
          : t("need.history.version", { version: v.version, fields: v.changedFields.join(", ") }),
    })),
    ...need.statusHistory.map((s) => ({
      at: s.at,
      text: t("need.history.status", { from: t(`needStatus.${s.from}`), to: t(`needStatus.${s.to}`) }),
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <section aria-labelledby="history-heading">
      <Heading level={2} data-size="md" id="history-heading">
        {t("need.history.heading")}
      </Heading>
      <Details>
        <Details.Summary>{t("need.history.show", { count: entries.length })}</Details.Summary>
        <Details.Content>
          <ol>
            {entries.map((e, i) => (
              <li key={i}>
                {formatDateTime(e.at, i18n.language)}: {e.text}
              </li>
            ))}
          </ol>
        </Details.Content>
      </Details>
    </section>
  );
}
