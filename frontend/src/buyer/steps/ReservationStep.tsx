// Step 7: reserved participation in plain words (Art. 20 for WISE, Art. 77 for public-service
// organisations, refused ahead for codes outside the social, health and cultural services),
// the strategic aims, and whether joint offers and subcontracting are welcome.
import { Checkbox, Fieldset, Radio, ValidationMessage } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import type { ReservedParticipation } from "../../gql/graphql";
import { publicServiceBlocker } from "../needRules";
import type { StepProps } from "./types";

const OPTIONS: ReservedParticipation[] = ["NONE", "RES_WS", "RES_PUB_SER"];
const FLAGS = ["socialObjective", "innovative", "green", "smeSuitable"] as const;

export function ReservationStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  const blocker = publicServiceBlocker(form);
  const reservedLots = form.lots.filter((l) => l.reserved).length;
  return (
    <>
      <Fieldset id="reserved">
        <Fieldset.Legend>{t("buyer.reservation.legend")}</Fieldset.Legend>
        <Fieldset.Description>
          {reservedLots > 0 ? t("buyer.reservation.lotsReserved", { count: reservedLots }) : t("buyer.reservation.help")}
        </Fieldset.Description>
        {OPTIONS.map((o) => (
          <Radio
            key={o}
            name="reserved"
            value={o}
            label={t(`buyer.reservation.${o}`)}
            description={o === "RES_PUB_SER" && blocker ? `${t("buyer.reservation.RES_PUB_SER_help")} ${t("buyer.rules.pubSer", { code: blocker })}` : t(`buyer.reservation.${o}_help`)}
            checked={form.reserved === o}
            onChange={() => set({ reserved: o })}
          />
        ))}
        {error("reserved") && <ValidationMessage>{error("reserved")}</ValidationMessage>}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("buyer.flags.legend")}</Fieldset.Legend>
        {FLAGS.map((f) => (
          <Checkbox key={f} label={t(`buyer.flags.${f}`)} checked={form.flags[f]} onChange={(e) => set({ flags: { ...form.flags, [f]: e.target.checked } })} />
        ))}
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>{t("buyer.flags.together")}</Fieldset.Legend>
        <Checkbox label={t("buyer.flags.jointOffersWelcome")} description={t("buyer.flags.jointOffersHelp")} checked={form.jointOffersWelcome} onChange={(e) => set({ jointOffersWelcome: e.target.checked })} />
        <Checkbox label={t("buyer.flags.subcontractingWelcome")} checked={form.subcontractingWelcome} onChange={(e) => set({ subcontractingWelcome: e.target.checked })} />
      </Fieldset>
    </>
  );
}
