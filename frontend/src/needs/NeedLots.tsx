// The lots: what each covers, its value and size, and whether it is reserved.
import { Heading, Table, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { formatMoney, formatNumber } from "../app/format";
import { graphql } from "../gql";
import type { NeedLotsFragment } from "../gql/graphql";
import { ScrollTable } from "../app/ScrollTable";

export const NeedLotsFragmentDoc = graphql(`
  fragment NeedLots on Need {
    language
    maxLotsPerBidder
    estimatedValue {
      min
      max
      currency
    }
    lots {
      number
      title
      description
      reserved
      cpv {
        code
        label
      }
      estimatedValue {
        min
        max
        currency
      }
      quantity {
        amount
        unit
      }
    }
  }
`);

type Value = { min?: number | null; max?: number | null; currency: string } | null | undefined;

export function useValueText() {
  const { i18n } = useTranslation();
  return (v: Value) => {
    if (!v || (v.min == null && v.max == null)) return "";
    const money = (n: number) => formatMoney(n, v.currency, i18n.language);
    if (v.min != null && v.max != null && v.min !== v.max) return `${money(v.min)}–${money(v.max)}`;
    return money((v.max ?? v.min) as number);
  };
}

export function NeedLots({ need }: { need: NeedLotsFragment }) {
  const { t } = useTranslation();
  const value = useValueText();
  return (
    <section aria-labelledby="lots-heading">
      <Heading level={2} data-size="md" id="lots-heading">
        {t("need.lots.heading", { count: need.lots.length })}
      </Heading>
      {need.estimatedValue && <p>{t("need.estimatedValue", { value: value(need.estimatedValue) })}</p>}
      {need.maxLotsPerBidder && <p>{t("need.lots.maxPerBidder", { count: need.maxLotsPerBidder })}</p>}
      {need.lots.length === 0 ? <p>{t("need.lots.none")}</p> : <LotTable need={need} />}
    </section>
  );
}

function LotTable({ need }: { need: NeedLotsFragment }) {
  const { t, i18n } = useTranslation();
  const value = useValueText();
  return (
    <ScrollTable label={t("need.lots.caption")} className="lots-table">
      <caption className="visually-hidden">{t("need.lots.caption")}</caption>
      <Table.Head>
        <Table.Row>
          <Table.HeaderCell>{t("need.lots.number")}</Table.HeaderCell>
          <Table.HeaderCell>{t("need.lots.what")}</Table.HeaderCell>
          <Table.HeaderCell>{t("need.lots.cpv")}</Table.HeaderCell>
          <Table.HeaderCell>{t("need.lots.quantity")}</Table.HeaderCell>
          <Table.HeaderCell>{t("need.lots.value")}</Table.HeaderCell>
        </Table.Row>
      </Table.Head>
      <Table.Body>
        {need.lots.map((lot) => (
          <Table.Row key={lot.number}>
            <Table.Cell>{lot.number}</Table.Cell>
            <Table.Cell>
              <span lang={need.language}>{lot.title}</span>
              {lot.reserved && (
                <>
                  {" "}
                  <Tag data-color="brand1" data-size="sm">
                    {t("need.reservedTag")}
                  </Tag>
                </>
              )}
              {lot.description && (
                <p className="muted" lang={need.language}>
                  {lot.description}
                </p>
              )}
            </Table.Cell>
            <Table.Cell>{lot.cpv ? `${lot.cpv.code} ${lot.cpv.label ?? ""}` : ""}</Table.Cell>
            <Table.Cell>
              {lot.quantity ? `${formatNumber(lot.quantity.amount, i18n.language)} ${lot.quantity.unit}` : ""}
            </Table.Cell>
            <Table.Cell>{value(lot.estimatedValue)}</Table.Cell>
          </Table.Row>
        ))}
      </Table.Body>
    </ScrollTable>
  );
}
