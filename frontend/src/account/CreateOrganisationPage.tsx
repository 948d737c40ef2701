// A new organisation, with the signed-in person as its admin. The organisation number is checked
// against the country's register format and check digit; the error says so on the field.
import { Button, Heading, Paragraph, Radio, Fieldset, Select, Field, Label, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import type { Country, OrganisationKind } from "../gql/graphql";
import { useFormErrors } from "./useForm";

const CreateOrganisationDocument = graphql(`
  mutation CreateOrganisation($input: CreateOrganisationInput!) {
    createOrganisation(input: $input) {
      id
    }
  }
`);

const KINDS: OrganisationKind[] = ["MUNICIPALITY", "WISE", "SUPPLIER"];
const COUNTRIES: Country[] = ["SE", "NO", "GB", "DK", "FI"];

export function CreateOrganisationPage() {
  const { t } = useTranslation();
  usePageTitle(t("organisation.create.title"));
  const navigate = useNavigate();
  const { me, refetch, chooseOrganisation } = useSession();
  const [kind, setKind] = useState<OrganisationKind>("WISE");
  const [country, setCountry] = useState<Country>("SE");
  const [name, setName] = useState("");
  const [number, setNumber] = useState("");
  const [description, setDescription] = useState("");
  const form = useFormErrors();
  const [{ fetching }, create] = useMutation(CreateOrganisationDocument);
  if (!me) return <SignInFirst />;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result = await create({
      input: { kind, country, name, organisationNumber: number, description: description || null },
    });
    if (form.accept(result.error) && result.data) {
      chooseOrganisation(result.data.createOrganisation.id);
      refetch();
      navigate(`/organisations/${encodeURIComponent(result.data.createOrganisation.id)}`);
    }
  };
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("organisation.create.title")}
      </Heading>
      <Paragraph>{t("organisation.create.intro")}</Paragraph>
      <ErrorSummary errors={form.errors} />
      <form onSubmit={onSubmit} className="stack" noValidate>
        <Fieldset id="kind">
          <Fieldset.Legend>{t("organisation.create.kind")}</Fieldset.Legend>
          {KINDS.map((k) => (
            <Radio
              key={k}
              name="kind"
              value={k}
              label={t(`organisationKind.${k}`)}
              description={t(`organisationKindHelp.${k}`)}
              checked={kind === k}
              onChange={() => setKind(k)}
            />
          ))}
        </Fieldset>
        <Field>
          <Label htmlFor="country">{t("organisation.create.country")}</Label>
          <Select id="country" value={country} onChange={(e) => setCountry(e.target.value as Country)}>
            {COUNTRIES.map((c) => (
              <Select.Option key={c} value={c}>
                {t(`country.${c}`)}
              </Select.Option>
            ))}
          </Select>
          {form.field("country") && <ValidationMessage>{form.field("country")}</ValidationMessage>}
        </Field>
        <Textfield id="name" label={t("organisation.create.name")} value={name} onChange={(e) => setName(e.target.value)} error={form.field("name")} />
        <Textfield
          id="organisationNumber"
          label={t("organisation.create.number")}
          description={t(`organisation.create.numberHelp.${country}`)}
          value={number}
          onChange={(e) => setNumber(e.target.value)}
          error={form.field("organisationNumber")}
        />
        <Textfield
          id="description"
          multiline
          rows={3}
          label={t("organisation.create.description")}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={form.field("description")}
        />
        <Button type="submit" disabled={fetching}>
          {t("organisation.create.submit")}
        </Button>
      </form>
    </div>
  );
}

export function SignInFirst() {
  const { t } = useTranslation();
  const next = encodeURIComponent(window.location.pathname + window.location.search + window.location.hash);
  return (
    <div className="narrow">
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("account.signInFirst.title")}
      </Heading>
      <Paragraph>
        <a href={`/sign-in?next=${next}`}>{t("shell.signIn")}</a> · <a href={`/register?next=${next}`}>{t("shell.register")}</a>
      </Paragraph>
    </div>
  );
}
