// On a need's page, for a social enterprise or supplier: its joint offers for this need, and
// starting a new one for chosen lots with what it brings itself.
import { Button, Fieldset, Heading, Paragraph, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useMutation, useQuery } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { useSession } from "../app/session";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { OfferCard } from "./OfferCard";
import { wholeNumber } from "./words";
import "./offers.css";
import { LotCheckboxes } from "./LotCheckboxes";

const NeedOffersDocument = graphql(`
  query NeedOffers($id: ID!) {
    need(id: $id) {
      id
      status
      language
      jointOffersWelcome
      lots {
        number
        title
        reserved
      }
      jointOffers {
        id
        ...OfferCard
      }
    }
  }
`);

const CreateOfferDocument = graphql(`
  mutation CreateJointOffer($input: CreateJointOfferInput!) {
    createJointOffer(input: $input) {
      id
    }
  }
`);

const OPEN = ["ANNOUNCED", "IN_DIALOGUE", "TENDERING"];

export function StartOffer({ needId }: { needId: string }) {
  const { t } = useTranslation();
  const { me, activeOrganisation } = useSession();
  const [{ data }] = useQuery({ query: NeedOffersDocument, variables: { id: needId }, pause: !me });
  const need = data?.need;
  const enterprise = activeOrganisation && ["WISE", "SUPPLIER"].includes(activeOrganisation.kind) ? activeOrganisation : null;
  if (!me || !need || !enterprise) return null;
  const myOrgIds = me.memberships.map((m) => m.organisation.id);
  return (
    <section aria-labelledby="joint-offers-heading" data-testid="start-offer">
      <Heading level={2} data-size="md" id="joint-offers-heading">
        {t("offers.start.heading")}
      </Heading>
      {need.jointOffers.length > 0 && (
        <ul className="offer-list">
          {need.jointOffers.map((o) => (
            <li key={o.id}>
              <OfferCard offer={o} myOrgIds={myOrgIds} />
            </li>
          ))}
        </ul>
      )}
      {OPEN.includes(need.status) && need.jointOffersWelcome ? (
        <StartForm need={need} organisation={enterprise} />
      ) : (
        <Paragraph>{t("offers.start.closed")}</Paragraph>
      )}
    </section>
  );
}

type Need = { id: string; language: string; lots: { number: number; title: string; reserved: boolean }[] };

function StartForm({ need, organisation }: { need: Need; organisation: { id: string; name: string } }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [lots, setLots] = useState<number[]>([]);
  const [pitch, setPitch] = useState("");
  const [places, setPlaces] = useState("");
  const [staff, setStaff] = useState("");
  const form = useFormErrors();
  const [{ fetching }, create] = useMutation(CreateOfferDocument);
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const trainingPlaces = wholeNumber(places);
    const staffCount = wholeNumber(staff);
    const wrong = [
      trainingPlaces === "invalid" ? { field: "contribution.trainingPlaces", message: t("offers.contributionForm.wholeNumber") } : null,
      staffCount === "invalid" ? { field: "contribution.staff", message: t("offers.contributionForm.wholeNumber") } : null,
    ].filter((x) => x !== null);
    if (wrong.length > 0) return form.set(wrong);
    const result = await create({
      input: {
        needId: need.id,
        organisationId: organisation.id,
        lots,
        pitch,
        contribution: { trainingPlaces: trainingPlaces as number | null, staff: staffCount as number | null },
      },
    });
    if (form.accept(result.error) && result.data) navigate(`/offers/${encodeURIComponent(result.data.createJointOffer.id)}`);
  };
  return (
    <>
      <Paragraph>{t("offers.start.intro", { name: organisation.name })}</Paragraph>
      <ErrorSummary
        errors={form.errors}
        fieldIds={{ lots: "start-lots", pitch: "start-pitch", "contribution.trainingPlaces": "start-places", "contribution.staff": "start-staff" }}
      />
      <form className="stack narrow" onSubmit={onSubmit} noValidate>
        {need.lots.length > 0 && (
          <Fieldset id="start-lots">
            <Fieldset.Legend>{t("offers.start.lots")}</Fieldset.Legend>
            <Fieldset.Description>{t("offers.start.lotsHelp")}</Fieldset.Description>
            <LotCheckboxes lots={need.lots} language={need.language} chosen={lots} onChange={setLots} />
            {form.field("lots") && <ValidationMessage>{form.field("lots")}</ValidationMessage>}
          </Fieldset>
        )}
        <Textfield id="start-places" label={t("offers.start.places")} inputMode="numeric" value={places} onChange={(e) => setPlaces(e.target.value)} error={form.field("contribution.trainingPlaces")} />
        <Textfield id="start-staff" label={t("offers.start.staff")} inputMode="numeric" value={staff} onChange={(e) => setStaff(e.target.value)} error={form.field("contribution.staff")} />
        <Textfield id="start-pitch" multiline rows={3} label={t("offers.start.pitch")} description={t("offers.start.pitchHelp")} value={pitch} onChange={(e) => setPitch(e.target.value)} error={form.field("pitch")} />
        <Button type="submit" disabled={fetching}>
          {t("offers.start.submit")}
        </Button>
      </form>
    </>
  );
}
