// Step 9: the engagement plan: how the market will be heard (request for information, supplier
// day, one-to-one meetings, consultation on draft documents), with dates and places.
import { Button, Field, Fieldset, Label, Paragraph, Select, Textfield } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { viewerTimeZone } from "../../app/format";
import type { EngagementKind } from "../../gql/graphql";
import { newKey, type ActivityForm } from "../needForm";
import type { StepProps } from "./types";

const KINDS: EngagementKind[] = ["REQUEST_FOR_INFORMATION", "SUPPLIER_DAY", "ONE_TO_ONE_MEETINGS", "DRAFT_CONSULTATION"];

export function EngagementStep({ form, set, error }: StepProps) {
  const { t } = useTranslation();
  const change = (i: number, patch: Partial<ActivityForm>) => set({ engagement: form.engagement.map((a, j) => (j === i ? { ...a, ...patch } : a)) });
  const add = () => set({ engagement: [...form.engagement, { key: newKey(), kind: "SUPPLIER_DAY", startsAt: "", place: "", description: "" }] });
  return (
    <>
      <Paragraph>{t("buyer.engagement.help")}</Paragraph>
      {form.engagement.map((a, i) => {
        const f = (name: string) => `engagement[${i}].${name}`;
        return (
          <Fieldset key={a.key} className="lot-fields">
            <Fieldset.Legend>{t("buyer.engagement.activity", { number: i + 1 })}</Fieldset.Legend>
            <Field>
              <Label htmlFor={f("kind")}>{t("buyer.engagement.kind")}</Label>
              <Select id={f("kind")} value={a.kind} onChange={(e) => change(i, { kind: e.target.value as EngagementKind })}>
                {KINDS.map((k) => (
                  <Select.Option key={k} value={k}>
                    {t(`buyer.engagement.kinds.${k}`)}
                  </Select.Option>
                ))}
              </Select>
            </Field>
            <Textfield id={f("startsAt")} type="datetime-local" label={t("buyer.engagement.startsAt")} description={t("buyer.dates.zone", { zone: viewerTimeZone() })} value={a.startsAt} onChange={(e) => change(i, { startsAt: e.target.value })} error={error(f("startsAt"))} />
            <Textfield id={f("place")} label={t("buyer.engagement.place")} lang={form.language} value={a.place} onChange={(e) => change(i, { place: e.target.value })} error={error(f("place"))} />
            <Textfield id={f("description")} multiline rows={2} label={t("buyer.engagement.description")} lang={form.language} value={a.description} onChange={(e) => change(i, { description: e.target.value })} error={error(f("description"))} />
            <div>
              <Button type="button" variant="tertiary" data-color="danger" data-size="sm" onClick={() => set({ engagement: form.engagement.filter((_, j) => j !== i) })}>
                {t("buyer.engagement.remove", { number: i + 1 })}
              </Button>
            </div>
          </Fieldset>
        );
      })}
      <div>
        <Button type="button" variant="secondary" onClick={add}>
          {t("buyer.engagement.add")}
        </Button>
      </div>
    </>
  );
}
