// What every form here does with a failed mutation: translated errors for the summary and for
// each field.
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CombinedError } from "urql";
import { describeErrors, errorFor, type FieldError } from "../app/errors";

export function useFormErrors() {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldError[]>([]);
  return {
    errors,
    /** Shows the errors of a result; true when there were none. */
    accept(error: CombinedError | undefined): boolean {
      const found = describeErrors(error, t);
      setErrors(found);
      return found.length === 0;
    },
    /** Errors found in the page before sending (a missing field, say). */
    set: setErrors,
    field: (name: string) => errorFor(errors, name),
  };
}
