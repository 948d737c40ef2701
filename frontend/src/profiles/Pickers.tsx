// Pickers for codes: CPV services (found by words or digits) and NUTS/ITL regions, each shown as
// removable chips with our own labels.
import { Button, Chip, Field, Label, Paragraph, Select, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useRegionName } from "../app/reference";
import { graphql } from "../gql";
import "./profiles.css";

const CpvSearchDocument = graphql(`
  query ProfileCpvSearch($query: String!) {
    cpvCodes(query: $query, first: 10) {
      code
      label
    }
  }
`);

const RegionListDocument = graphql(`
  query RegionList {
    se: regions(country: SE) {
      code
      level
      name
    }
    no: regions(country: NO) {
      code
      level
      name
    }
    gb: regions(country: GB) {
      code
      level
      name
    }
  }
`);

type Props = { value: string[]; onChange: (codes: string[]) => void; id: string; error?: string };

export function CpvPicker({ value, onChange, id, error }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [query, setQuery] = useState<string | null>(null);
  const [{ data }] = useQuery({ query: CpvSearchDocument, variables: { query: query ?? "" }, pause: !query });
  const [{ data: chosen }] = useQuery({ query: CpvSearchDocument, variables: { query: value[value.length - 1] ?? "" }, pause: value.length === 0 });
  const labelOf = (code: string) => [...(data?.cpvCodes ?? []), ...(chosen?.cpvCodes ?? [])].find((c) => c.code === code)?.label;
  return (
    <div className="stack">
      <ul className="chips" aria-label={t("profiles.services.chosen")}>
        {value.map((code) => (
          <li key={code}>
            <Chip.Removable aria-label={t("profiles.remove", { item: code })} onClick={() => onChange(value.filter((c) => c !== code))}>
              {code}
            </Chip.Removable>
          </li>
        ))}
      </ul>
      <div className="picker-row">
        <Textfield
          id={id}
          label={t("profiles.services.find")}
          description={t("profiles.services.findHelp")}
          value={text}
          error={error}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              setQuery(text.trim());
            }
          }}
        />
        <Button type="button" variant="secondary" onClick={() => setQuery(text.trim())}>
          {t("profiles.services.findButton")}
        </Button>
      </div>
      {query && data && (
        <ul className="code-results" aria-label={t("profiles.services.results")} data-testid="cpv-results">
          {data.cpvCodes.length === 0 && <li>{t("profiles.services.noResults")}</li>}
          {data.cpvCodes.map((c) => (
            <li key={c.code}>
              <span lang="en">
                {c.code} {c.label}
              </span>{" "}
              {value.includes(c.code) ? (
                <span className="muted">{t("profiles.added")}</span>
              ) : (
                <Button type="button" variant="tertiary" data-size="sm" onClick={() => onChange([...value, c.code])}>
                  {t("profiles.add", { item: c.code })}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {value.length > 0 && labelOf(value[value.length - 1]!) && (
        <Paragraph data-size="sm" className="muted" lang="en">
          {value[value.length - 1]} {labelOf(value[value.length - 1]!)}
        </Paragraph>
      )}
    </div>
  );
}

export function RegionPicker({ value, onChange, id, error }: Props) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const [{ data }] = useQuery({ query: RegionListDocument });
  const [pick, setPick] = useState("");
  const groups = data ? ([["SE", data.se], ["NO", data.no], ["GB", data.gb]] as const) : [];
  return (
    <div className="stack">
      <ul className="chips" aria-label={t("profiles.regions.chosen")}>
        {value.map((code) => (
          <li key={code}>
            <Chip.Removable aria-label={t("profiles.remove", { item: regionName(code) })} onClick={() => onChange(value.filter((c) => c !== code))}>
              {regionName(code)}
            </Chip.Removable>
          </li>
        ))}
      </ul>
      <div className="picker-row">
        <Field>
          <Label htmlFor={id}>{t("profiles.regions.pick")}</Label>
          <Select id={id} value={pick} onChange={(e) => setPick(e.target.value)} aria-invalid={error ? true : undefined}>
            <Select.Option value="">{t("profiles.regions.choose")}</Select.Option>
            {groups.map(([country, regions]) => (
              <optgroup key={country} label={t(`country.${country}`)}>
                {regions
                  .filter((r) => r.level >= 1 && !value.includes(r.code))
                  .map((r) => (
                    <Select.Option key={r.code} value={r.code}>
                      {`${"– ".repeat(r.level - 1)}${r.name} (${r.code})`}
                    </Select.Option>
                  ))}
              </optgroup>
            ))}
          </Select>
          {error && <ValidationMessage>{error}</ValidationMessage>}
        </Field>
        <Button
          type="button"
          variant="secondary"
          disabled={!pick}
          onClick={() => {
            onChange([...value, pick]);
            setPick("");
          }}
        >
          {t("profiles.regions.add")}
        </Button>
      </div>
    </div>
  );
}
