// Step 3: the description in Markdown, with a preview rendered by the server exactly as
// suppliers will see it, and why the need is bought.
import { Button, Card, Heading, Paragraph, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { StepProps } from "./types";

export function DescriptionStep({ form, set, error, saveNow }: StepProps) {
  const { t } = useTranslation();
  const [preview, setPreview] = useState<string | null>(null);
  const showPreview = async () => {
    const saved = await saveNow();
    if (saved) setPreview(saved.descriptionHtml);
  };
  return (
    <>
      <Textfield
        id="description"
        multiline
        rows={10}
        label={t("buyer.description.label")}
        description={t("buyer.description.help")}
        lang={form.language}
        value={form.description}
        onChange={(e) => {
          set({ description: e.target.value });
          setPreview(null);
        }}
        error={error("description")}
      />
      <div>
        <Button variant="secondary" type="button" onClick={showPreview}>
          {t("buyer.description.preview")}
        </Button>
      </div>
      {preview !== null && (
        <Card data-color="neutral" aria-labelledby="preview-heading">
          <Heading level={2} data-size="xs" id="preview-heading">
            {t("buyer.description.previewHeading")}
          </Heading>
          {preview ? (
            <div className="prose" lang={form.language} dangerouslySetInnerHTML={{ __html: preview }} />
          ) : (
            <Paragraph>{t("buyer.description.empty")}</Paragraph>
          )}
        </Card>
      )}
      <Textfield
        id="rationale"
        multiline
        rows={4}
        label={t("buyer.description.rationale")}
        description={t("buyer.description.rationaleHelp")}
        lang={form.language}
        value={form.rationale}
        onChange={(e) => set({ rationale: e.target.value })}
        error={error("rationale")}
      />
    </>
  );
}
