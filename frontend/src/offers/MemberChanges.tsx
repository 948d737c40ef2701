// Who is in the offer, changed: the lead hands the lead to an accepted member, and a member
// (not the lead) leaves. Each says what it does before the click and asks once more after it.
import { Button, Field, Heading, Label, Paragraph, Select } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ErrorSummary } from "../app/ErrorSummary";
import { useFormErrors } from "../account/useForm";
import { possibleLeads, type ContributorLike } from "./changes";
import { CheckStep } from "./CheckStep";
import { useHandOverLead, useLeaveOffer } from "./membership";

type Offer = { id: string; lead: { id: string; name: string }; members: ContributorLike[] };

export function HandOverLead({ offer, onDone }: { offer: Offer; onDone: (text: string) => void }) {
  const { t } = useTranslation();
  const candidates = possibleLeads(offer.members);
  const [to, setTo] = useState("");
  const [asking, setAsking] = useState(false);
  const form = useFormErrors();
  const [{ fetching }, handOver] = useHandOverLead();
  const chosen = candidates.find((m) => m.organisation.id === to);
  const onYes = async () => {
    if (!chosen) return;
    setAsking(false);
    const result = await handOver({ offerId: offer.id, organisationId: chosen.organisation.id });
    if (form.accept(result.error)) onDone(t("offers.handOver.done", { name: chosen.organisation.name }));
  };
  return (
    <section aria-labelledby="hand-over-heading" data-testid="hand-over">
      <Heading level={2} data-size="md" id="hand-over-heading">
        {t("offers.handOver.heading")}
      </Heading>
      <Paragraph id="hand-over-consequence">{t("offers.handOver.intro", { lead: offer.lead.name })}</Paragraph>
      <Paragraph className="muted">{t("offers.handOver.leadCannotLeave")}</Paragraph>
      <ErrorSummary errors={form.errors} />
      {candidates.length === 0 ? (
        <Paragraph>{t("offers.handOver.none")}</Paragraph>
      ) : (
        <div className="offer-row">
          <Field>
            <Label htmlFor="hand-over-to">{t("offers.handOver.to")}</Label>
            <Select id="hand-over-to" value={to} onChange={(e) => setTo(e.target.value)}>
              <Select.Option value="">{t("offers.handOver.choose")}</Select.Option>
              {candidates.map((m) => (
                <Select.Option key={m.organisation.id} value={m.organisation.id}>
                  {m.organisation.name}
                </Select.Option>
              ))}
            </Select>
          </Field>
          <Button variant="secondary" disabled={!chosen || fetching} aria-describedby="hand-over-consequence" onClick={() => setAsking(true)}>
            {t("offers.handOver.button")}
          </Button>
        </div>
      )}
      {asking && chosen && (
        <CheckStep
          question={t("offers.handOver.check", { name: chosen.organisation.name })}
          consequence={t("offers.handOver.checkHelp", { name: chosen.organisation.name, lead: offer.lead.name })}
          yes={t("offers.handOver.yes")}
          busy={fetching}
          onYes={onYes}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}

type LeaveProps = { offer: Offer & { need?: { title: string } | null }; member: ContributorLike };

export function LeaveOffer({ offer, member }: LeaveProps) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [asking, setAsking] = useState(false);
  const form = useFormErrors();
  const [{ fetching }, leave] = useLeaveOffer();
  const name = member.organisation.name;
  const consequenceId = `leave-consequence-${member.organisation.id}`;
  const onYes = async () => {
    setAsking(false);
    const result = await leave({ offerId: offer.id, organisationId: member.organisation.id });
    if (form.accept(result.error)) {
      navigate("/offers", { state: { notice: t("offers.leave.done", { name, need: offer.need?.title ?? "" }) } });
    }
  };
  return (
    <section aria-labelledby={`leave-heading-${member.organisation.id}`} data-testid="leave-offer">
      <Heading level={2} data-size="md" id={`leave-heading-${member.organisation.id}`}>
        {t("offers.leave.heading", { name })}
      </Heading>
      <Paragraph id={consequenceId}>{t("offers.leave.intro", { name })}</Paragraph>
      <ErrorSummary errors={form.errors} />
      <Button variant="secondary" data-color="danger" disabled={fetching} aria-describedby={consequenceId} onClick={() => setAsking(true)}>
        {t("offers.leave.button", { name })}
      </Button>
      {asking && (
        <CheckStep
          question={t("offers.leave.check", { name })}
          consequence={t("offers.leave.checkHelp", { name })}
          yes={t("offers.leave.yes")}
          busy={fetching}
          onYes={onYes}
          onCancel={() => setAsking(false)}
        />
      )}
    </section>
  );
}
