// The GOV.UK error summary: a list of what went wrong at the top of the form, each linking to its
// field. It takes focus when it appears so a screen reader says it at once.
import { ErrorSummary as DsErrorSummary } from "@digdir/designsystemet-react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { FieldError } from "./errors";

type Props = {
  errors: FieldError[];
  /** Maps a server field name to the id of its input on this page. */
  fieldIds?: Record<string, string>;
};

export function ErrorSummary({ errors, fieldIds = {} }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    if (errors.length > 0) ref.current?.focus();
  }, [errors]);
  if (errors.length === 0) return null;
  return (
    <DsErrorSummary ref={ref as never} tabIndex={-1} data-testid="error-summary">
      <DsErrorSummary.Heading>{t("errors.summaryHeading")}</DsErrorSummary.Heading>
      <DsErrorSummary.List>
        {errors.map((e, i) => {
          const target = e.field ? (fieldIds[e.field] ?? e.field) : null;
          return (
            <DsErrorSummary.Item key={i}>
              {target ? (
                <DsErrorSummary.Link href={`#${target}`}>{e.message}</DsErrorSummary.Link>
              ) : (
                e.message
              )}
            </DsErrorSummary.Item>
          );
        })}
      </DsErrorSummary.List>
    </DsErrorSummary>
  );
}
