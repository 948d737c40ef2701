// Picks CPV codes by words or by code, broader codes first: an empty search lists the
// divisions, "narrower codes" opens a branch. Plain buttons in a list, so it works by keyboard
// and screen reader without a custom widget.
import { Button, Fieldset, Paragraph, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { graphql } from "../gql";
import type { Cpv } from "./needForm";
import { useDebounced } from "./useDebounced";

const CpvSearchDocument = graphql(`
  query CpvSearch($query: String!) {
    cpvCodes(query: $query, first: 15) {
      code
      label
    }
  }
`);

/** The digits that stand for a code's branch: `85300000` -> `853`. */
export function branchOf(code: string): string {
  const digits = code.slice(0, 8).replace(/0+$/, "");
  return digits.length < 2 ? code.slice(0, 2) : digits;
}

type Props = {
  id: string;
  legend: string;
  description?: string;
  chosen: Cpv[];
  multiple?: boolean;
  onChange: (next: Cpv[]) => void;
  error?: string;
};

export function CpvPicker({ id, legend, description, chosen, multiple = false, onChange, error }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [browse, setBrowse] = useState(false);
  const query = useDebounced(text.trim());
  // Nothing listed until the person searches or asks to browse, so a page of lots stays short.
  const active = query !== "" || browse;
  const [{ data, fetching }] = useQuery({ query: CpvSearchDocument, variables: { query }, pause: !active });
  const results = active ? (data?.cpvCodes ?? []).filter((c) => c.code !== query) : [];
  const isChosen = (code: string) => chosen.some((c) => c.code === code);
  const choose = (c: Cpv) => onChange(multiple ? [...chosen, c] : [c]);
  return (
    <Fieldset className="picker" aria-describedby={error ? `${id}-error` : undefined}>
      <Fieldset.Legend>{legend}</Fieldset.Legend>
      {description && <Fieldset.Description>{description}</Fieldset.Description>}
      {chosen.length > 0 ? (
        <ul className="picker__chosen" aria-label={t("buyer.cpv.chosen")}>
          {chosen.map((c) => (
            <li key={c.code}>
              <span>
                <strong>{c.code}</strong> {c.label}
              </span>
              {multiple && (
                <Button type="button" variant="tertiary" data-size="sm" onClick={() => onChange(chosen.filter((x) => x.code !== c.code))}>
                  {t("buyer.cpv.remove")} <span className="visually-hidden">{c.code}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Paragraph data-size="sm">{t("buyer.cpv.noneChosen")}</Paragraph>
      )}
      {error && <ValidationMessage id={`${id}-error`}>{error}</ValidationMessage>}
      <Textfield
        id={id}
        type="search"
        autoComplete="off"
        label={t("buyer.cpv.search")}
        description={t("buyer.cpv.searchHelp")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
      />
      <p role="status" aria-live="polite" className="muted">
        {!active || (fetching && !data) ? "" : query ? t("buyer.cpv.found", { count: results.length }) : t("buyer.cpv.divisions")}
      </p>
      {!active && (
        <div>
          <Button type="button" variant="tertiary" data-size="sm" onClick={() => setBrowse(true)}>
            {t("buyer.cpv.browse")}
          </Button>
        </div>
      )}
      <ul className="picker__results">
        {results.map((c) => (
          <li key={c.code}>
            <span>
              <strong>{c.code}</strong> {c.label}
            </span>
            <span className="picker__actions">
              <Button type="button" data-size="sm" variant="secondary" disabled={isChosen(c.code)} onClick={() => choose(c)}>
                {isChosen(c.code) ? t("buyer.cpv.isChosen") : t("buyer.cpv.choose")} <span className="visually-hidden">{c.code}</span>
              </Button>
              <Button type="button" data-size="sm" variant="tertiary" onClick={() => setText(branchOf(c.code))}>
                {t("buyer.cpv.narrower")} <span className="visually-hidden">{c.code}</span>
              </Button>
            </span>
          </li>
        ))}
      </ul>
    </Fieldset>
  );
}
