// GraphQL errors as people read them. The server sends a stable `extensions.code` (and for bad
// input the `field` and a `reason`); the words come from our catalogue in the viewer's language,
// with the server's English sentence as the fallback.
import type { CombinedError } from "urql";
import type { TFunction } from "i18next";

export type FieldError = { field: string | null; message: string };

type Extensions = { code?: string; field?: string; reason?: string };

/** Every error in a failed operation, translated; a lost connection is one error too. */
export function describeErrors(error: CombinedError | undefined, t: TFunction): FieldError[] {
  if (!error) return [];
  if (error.networkError && error.graphQLErrors.length === 0) {
    return [{ field: null, message: t("errors.network") }];
  }
  return error.graphQLErrors.map((e) => {
    const ext = (e.extensions ?? {}) as Extensions;
    const field = ext.field ?? null;
    // Some reasons concern no single field (an invitation for another address, say).
    const byReason = ext.reason ? t(`errors.reason.${ext.reason}`, { defaultValue: "" }) : "";
    const byCode = ext.code ? t(`errors.code.${ext.code}`, { defaultValue: "" }) : "";
    // A field error keeps the server's specific sentence unless we have words for its reason.
    const message = byReason || (field ? e.message : byCode || e.message);
    return { field, message };
  });
}

/** The first error for a field, for the message under it. */
export function errorFor(errors: FieldError[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}

export function codeOf(error: CombinedError | undefined): string | undefined {
  return (error?.graphQLErrors[0]?.extensions as Extensions | undefined)?.code;
}

/** The first error's `extensions.reason`, for a page that does more than show the message. */
export function reasonOf(error: CombinedError | undefined): string | undefined {
  return (error?.graphQLErrors[0]?.extensions as Extensions | undefined)?.reason;
}
