// "Tell me about needs like this one": a saved search built from this need's region, reserved
// part and CPV division; new matching needs then ring the bell.
import { Button, Checkbox, Fieldset, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { useCpvName, useRegionName } from "../app/reference";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { criteriaFor, needFilter } from "./participant";

const SaveSearchDocument = graphql(`
  mutation SaveNeedSearch($input: SaveSearchInput!) {
    saveSearch(input: $input) {
      id
      name
    }
  }
`);

type Props = { need: { place: { nutsCode?: string | null }; hasReservedPart: boolean; mainCpv: { code: string } } };

export function SaveNeedSearch({ need }: Props) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const cpvName = useCpvName("");
  const criteria = criteriaFor(need);
  const [keep, setKeep] = useState({ region: !!criteria.region, reserved: criteria.reserved, cpv: false });
  const [name, setName] = useState("");
  const [saved, setSaved] = useState<string | null>(null);
  const form = useFormErrors();
  const [{ fetching }, save] = useMutation(SaveSearchDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return form.set([{ field: "name", message: t("errors.reason.REQUIRED") }]);
    const result = await save({ input: { name, filter: needFilter(criteria, keep) } });
    if (form.accept(result.error) && result.data) {
      setSaved(result.data.saveSearch.name);
      setName("");
    }
  };
  const toggle = (key: keyof typeof keep) => (e: React.ChangeEvent<HTMLInputElement>) => setKeep({ ...keep, [key]: e.target.checked });
  return (
    <section aria-labelledby="save-search-heading">
      <Heading level={3} data-size="sm" id="save-search-heading">
        {t("participant.save.heading")}
      </Heading>
      <Paragraph>{t("participant.save.intro")}</Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={{ name: "save-search-name" }} />
      <form className="stack narrow" onSubmit={onSubmit} noValidate>
        <Fieldset>
          <Fieldset.Legend>{t("participant.save.criteria")}</Fieldset.Legend>
          {criteria.region && <Checkbox label={t("participant.save.region", { region: regionName(criteria.region) })} checked={keep.region} onChange={toggle("region")} />}
          {criteria.reserved && <Checkbox label={t("participant.save.reserved")} checked={keep.reserved} onChange={toggle("reserved")} />}
          {criteria.cpv && <Checkbox label={t("participant.save.cpv", { cpv: cpvName(criteria.cpv) })} checked={keep.cpv} onChange={toggle("cpv")} />}
        </Fieldset>
        <Textfield id="save-search-name" label={t("participant.save.name")} value={name} onChange={(e) => setName(e.target.value)} error={form.field("name")} />
        <div className="actions">
          <Button type="submit" disabled={fetching}>
            {t("participant.save.submit")}
          </Button>
          <span role="status">{saved ? t("participant.save.saved", { name: saved }) : ""}</span>
        </div>
      </form>
    </section>
  );
}
