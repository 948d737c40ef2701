// "Someone else saved first": what differs between the buyer's working copy and the need as
// saved by a colleague, side by side, and line by line for long texts. Nothing typed is lost:
// keep yours (saved over theirs, on their revision) or take theirs.
import { Alert, Button, Heading, Paragraph, Table } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { usePageTitle } from "../app/Layout";
import type { NeedEditorFieldsFragment } from "../gql/graphql";
import { fromNeed, type NeedForm } from "./needForm";
import { isMultiline, lineDiff } from "./lineDiff";
import { changedParts } from "./needRules";

/** A part of the working copy in a few words, for the comparison table. */
export function partText(value: unknown): string {
  if (value === null || value === undefined || value === "") return "–";
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "–" : value.map(partText).join("; ");
  const record = value as Record<string, unknown>;
  if ("code" in record) return String(record.code);
  if ("title" in record) return String(record.title);
  return Object.entries(record)
    .filter(([k, v]) => k !== "key" && v !== "" && v !== false && v !== null)
    .map(([k, v]) => `${k}: ${partText(v)}`)
    .join(", ") || "–";
}

type Props = { mine: NeedForm; theirs: NeedEditorFieldsFragment; onKeepMine: () => void; onTakeTheirs: () => void };

export function ConflictScreen({ mine, theirs, onKeepMine, onTakeTheirs }: Props) {
  const { t } = useTranslation();
  usePageTitle(t("buyer.conflict.title"));
  const other = fromNeed(theirs);
  const parts = changedParts(mine, other);
  return (
    <div className="editor" data-testid="conflict">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("buyer.conflict.title")}
      </Heading>
      <Alert data-color="warning">{t("buyer.conflict.explain")}</Alert>
      <Table>
        <caption>{t("buyer.conflict.caption", { count: parts.length })}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t("buyer.conflict.part")}</Table.HeaderCell>
            <Table.HeaderCell>{t("buyer.conflict.theirs")}</Table.HeaderCell>
            <Table.HeaderCell>{t("buyer.conflict.mine")}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {parts.map((p) => (
            <Table.Row key={p}>
              <Table.HeaderCell scope="row">{t(`buyer.parts.${p}`)}</Table.HeaderCell>
              <Table.Cell lang={theirs.language}>{partText(other[p])}</Table.Cell>
              <Table.Cell lang={mine.language} data-testid={`mine-${p}`}>
                {partText(mine[p])}
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
      {parts
        .filter((p) => isMultiline(other[p], mine[p]))
        .map((p) => (
          <LineComparison key={p} part={p} theirs={String(other[p] ?? "")} mine={String(mine[p] ?? "")} language={mine.language} />
        ))}
      <Paragraph>{t("buyer.conflict.choose")}</Paragraph>
      <div className="row">
        <Button onClick={onKeepMine}>{t("buyer.conflict.keepMine")}</Button>
        <Button variant="secondary" onClick={onTakeTheirs}>
          {t("buyer.conflict.takeTheirs")}
        </Button>
      </div>
    </div>
  );
}

/** A long text line by line: lines only the colleague's version has, and lines only yours has. */
function LineComparison({ part, theirs, mine, language }: { part: string; theirs: string; mine: string; language: string }) {
  const { t } = useTranslation();
  const id = `lines-${part}`;
  return (
    <section aria-labelledby={id}>
      <Heading level={2} data-size="xs" id={id}>
        {t("buyer.conflict.lines", { part: t(`buyer.parts.${part}`) })}
      </Heading>
      <ol className="line-diff" lang={language} data-testid={id}>
        {lineDiff(theirs, mine).map((line, i) => (
          <li key={i} className={`line-diff__${line.kind}`}>
            {line.kind === "theirs" && (
              <del>
                <span className="visually-hidden">{t("buyer.conflict.onlyTheirs")} </span>
                {line.text || "\u00a0"}
              </del>
            )}
            {line.kind === "mine" && (
              <ins>
                <span className="visually-hidden">{t("buyer.conflict.onlyMine")} </span>
                {line.text || "\u00a0"}
              </ins>
            )}
            {line.kind === "same" && (line.text || "\u00a0")}
          </li>
        ))}
      </ol>
    </section>
  );
}
