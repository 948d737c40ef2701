// What every step of the need editor gets: the working copy, a way to change part of it, the
// error for a field (the field names are the server's), and the need as last saved.
import type { NeedEditorFieldsFragment } from "../../gql/graphql";
import type { NeedForm } from "../needForm";

export type StepProps = {
  form: NeedForm;
  set: (patch: Partial<NeedForm>) => void;
  error: (field: string) => string | undefined;
  need: NeedEditorFieldsFragment | null;
  /** Saves the working copy now (the description preview needs the server's rendering). */
  saveNow: () => Promise<NeedEditorFieldsFragment | null>;
};

export const STEPS = [
  "about",
  "classification",
  "description",
  "place",
  "value",
  "lots",
  "reservation",
  "employment",
  "engagement",
  "dates",
  "contact",
] as const;

export type Step = (typeof STEPS)[number];

export function isStep(s: string | undefined): s is Step {
  return (STEPS as readonly string[]).includes(s ?? "");
}
