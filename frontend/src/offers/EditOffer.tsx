// The lead changes which lots the offer bids for and its pitch. What saving does is said before
// the click: every confirmation is cleared, and a lot a member works on cannot be left out.
import { Button, Fieldset, Heading, Paragraph, Textfield, ValidationMessage } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorSummary } from "../app/ErrorSummary";
import { useFormErrors } from "../account/useForm";
import { confirmations, lotChange, type ContributorLike } from "./changes";
import { useUpdateOffer } from "./membership";
import { lotList } from "./words";
import { LotCheckboxes } from "./LotCheckboxes";

type Lot = { number: number; title: string; reserved: boolean };
type Props = {
  offer: { id: string; lots: number[]; pitch: string; members: ContributorLike[] };
  need: { language: string; lots: Lot[]; maxLotsPerBidder?: number | null };
  onSaved: (text: string) => void;
};

export function EditOffer({ offer, need, onSaved }: Props) {
  const { t } = useTranslation();
  const [lots, setLots] = useState<number[]>(offer.lots);
  const [pitch, setPitch] = useState(offer.pitch);
  const form = useFormErrors();
  const [{ fetching }, update] = useUpdateOffer();
  const change = lotChange(offer.lots, lots, offer.members);
  const cleared = confirmations(offer.members);
  const blockedText = change.blocked.map((b) => t("offers.edit.blocked", { name: b.name, lots: lotList(b.lots) }));
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    const lotsChanged = change.added.length + change.removed.length > 0;
    if (!lotsChanged && pitch.trim() === offer.pitch.trim()) return form.set([{ field: null, message: t("offers.edit.unchanged") }]);
    if (need.lots.length > 0 && lots.length === 0) return form.set([{ field: "lots", message: t("offers.edit.noLots") }]);
    const max = need.maxLotsPerBidder;
    if (max != null && lots.length > max) return form.set([{ field: "lots", message: t("offers.edit.maxLots", { count: max }) }]);
    if (blockedText.length > 0) return form.set(blockedText.map((message) => ({ field: "lots", message })));
    const result = await update({ offerId: offer.id, lots: lotsChanged ? lots : null, pitch });
    if (form.accept(result.error)) onSaved(t("offers.edit.saved"));
  };
  return (
    <section aria-labelledby="edit-offer-heading" data-testid="edit-offer">
      <Heading level={2} data-size="md" id="edit-offer-heading">
        {t("offers.edit.heading")}
      </Heading>
      <Paragraph className="muted">{t("offers.edit.intro")}</Paragraph>
      <ErrorSummary errors={form.errors} fieldIds={{ lots: "edit-lots", pitch: "edit-pitch" }} />
      <form className="stack narrow" onSubmit={onSubmit} noValidate>
        {need.lots.length > 0 && (
          <Fieldset id="edit-lots">
            <Fieldset.Legend>{t("offers.edit.lots")}</Fieldset.Legend>
            <Fieldset.Description>
              {need.maxLotsPerBidder != null && `${t("offers.edit.maxLots", { count: need.maxLotsPerBidder })} `}
              {t("offers.edit.lotsHelp")}
            </Fieldset.Description>
            <LotCheckboxes lots={need.lots} language={need.language} chosen={lots} onChange={setLots} />
            {blockedText.map((text) => (
              <ValidationMessage key={text} data-color="warning">
                {text}
              </ValidationMessage>
            ))}
            {form.field("lots") && blockedText.length === 0 && <ValidationMessage>{form.field("lots")}</ValidationMessage>}
          </Fieldset>
        )}
        <Textfield
          id="edit-pitch"
          multiline
          rows={3}
          label={t("offers.edit.pitch")}
          description={t("offers.edit.pitchHelp")}
          value={pitch}
          onChange={(e) => setPitch(e.target.value)}
          error={form.field("pitch")}
        />
        <Paragraph id="edit-offer-consequence" data-testid="edit-offer-consequence">
          {cleared > 0 ? t("offers.edit.clears", { count: cleared }) : t("offers.edit.clearsNone")}
        </Paragraph>
        <div className="actions">
          <Button type="submit" disabled={fetching} aria-describedby="edit-offer-consequence">
            {t("offers.edit.save")}
          </Button>
        </div>
      </form>
    </section>
  );
}
