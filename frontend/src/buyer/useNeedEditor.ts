// The editor's state across its steps: the working copy, the revision it was read at, and the
// saves (a draft also saves itself after a pause in typing). A save whose revision is stale
// comes back as CONFLICT: the working copy stays as typed and the need as someone else saved it
// is read for the "someone else saved first" screen.
import { useCallback, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useClient, useMutation } from "urql";
import { codeOf, describeErrors, type FieldError } from "../app/errors";
import { graphql } from "../gql";
import type { NeedEditorFieldsFragment } from "../gql/graphql";
import { fromNeed, toInput, type NeedForm } from "./needForm";

export const NeedEditorFieldsDoc = graphql(`
  fragment NeedEditorFields on Need {
    id
    revision
    status
    viewerCanEdit
    allowedTransitions
    title
    summary
    language
    description
    descriptionHtml
    rationale
    contractNature
    procedureType
    mainCpv {
      code
      label
    }
    additionalCpvs {
      code
      label
    }
    buyer {
      id
      name
      country
    }
    place {
      country
      nutsCode
      municipality
      regionName
    }
    coBuyers {
      id
      name
    }
    pendingCoBuyers {
      id
      name
    }
    estimatedValue {
      min
      max
      currency
    }
    lots {
      number
      title
      description
      reserved
      cpv {
        code
        label
      }
      nutsCode
      estimatedValue {
        min
        max
        currency
      }
      quantity {
        amount
        unit
      }
    }
    maxLotsPerBidder
    reserved
    flags {
      socialObjective
      innovative
      green
      smeSuitable
    }
    jointOffersWelcome
    subcontractingWelcome
    employmentRequirement {
      variant
      targetGroups
      volumeFullTimeMonths
      firstHireWithinMonths
      followUpBy
      reporting
    }
    engagementPlan {
      kind
      startsAt
      place
      description
    }
    dates {
      dialogueOpens
      dialogueCloses
      questionsDeadline
      expectedTenderPublication
      tenderDeadline
      contractStart
      contractDurationMonths
    }
    contact {
      name
      email
    }
  }
`);

export const NeedForEditorDocument = graphql(`
  query NeedForEditor($id: ID!) {
    need(id: $id) {
      ...NeedEditorFields
    }
  }
`);

const CreateNeedDocument = graphql(`
  mutation CreateNeed($input: CreateNeedInput!) {
    createNeed(input: $input) {
      ...NeedEditorFields
    }
  }
`);

const UpdateNeedDocument = graphql(`
  mutation UpdateNeed($input: UpdateNeedInput!) {
    updateNeed(input: $input) {
      ...NeedEditorFields
    }
  }
`);

export type Conflict = { theirs: NeedEditorFieldsFragment };

/** How a save is asked for: `quiet` (autosave) keeps field errors for the explicit save. */
type SaveOptions = { basedOn?: NeedEditorFieldsFragment; quiet?: boolean };

/** What a save would send, as text: equal snapshots need no save. */
const snapshot = (f: NeedForm) => JSON.stringify([toInput(f), f.coBuyerIds]);

export function useNeedEditor(initial: NeedEditorFieldsFragment | null, makeEmpty: () => NeedForm) {
  const { t } = useTranslation();
  const client = useClient();
  const [need, setNeed] = useState(initial);
  const [form, setForm] = useState<NeedForm>(() => (initial ? fromNeed(initial) : makeEmpty()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  // An autosave the server refused (a half-typed date, say): said, and retried on the next change.
  const [unsaved, setUnsaved] = useState(false);
  const [, create] = useMutation(CreateNeedDocument);
  const [, update] = useMutation(UpdateNeedDocument);
  // Saves run one after another, each on the revision the one before returned: an autosave in
  // flight when the buyer presses "Continue" must not make their own save look stale.
  const latest = useRef(initial);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const lastSent = useRef(snapshot(form));

  const saveNow = useCallback(
    async (current: NeedForm, buyerId: string, { basedOn, quiet = false }: SaveOptions): Promise<NeedEditorFieldsFragment | null> => {
      const base = basedOn ?? latest.current;
      setSaving(true);
      const input = toInput(current);
      const result = base
        ? await update({ input: { id: base.id, revision: base.revision ?? 0, coBuyerIds: current.coBuyerIds, need: input } })
        : await create({ input: { buyerId, coBuyerIds: current.coBuyerIds, need: input } });
      setSaving(false);
      if (codeOf(result.error) === "CONFLICT" && base) {
        const theirs = await client.query(NeedForEditorDocument, { id: base.id }, { requestPolicy: "network-only" }).toPromise();
        if (theirs.data?.need) {
          setConflict({ theirs: theirs.data.need });
          setErrors([]);
          return null;
        }
      }
      const found = describeErrors(result.error, t);
      if (!quiet || found.length === 0) setErrors(found);
      const saved = result.data && ("updateNeed" in result.data ? result.data.updateNeed : result.data.createNeed);
      setUnsaved(found.length > 0);
      if (found.length > 0 || !saved) return null;
      latest.current = saved;
      lastSent.current = snapshot(current);
      setNeed(saved);
      setConflict(null);
      setSavedAt(new Date());
      return saved;
    },
    [update, create, client, t],
  );

  /** Saves the working copy (creating the draft the first time); the need as saved, or null. */
  const save = useCallback(
    (current: NeedForm, buyerId: string, options: SaveOptions = {}): Promise<NeedEditorFieldsFragment | null> => {
      const run = queue.current.then(() => saveNow(current, buyerId, options));
      queue.current = run.catch(() => undefined);
      return run;
    },
    [saveNow],
  );

  /** Saves a draft after a pause in typing, when anything changed since the last save. */
  const autosave = useCallback(
    (current: NeedForm, buyerId: string) => {
      if (!latest.current || latest.current.status !== "DRAFT" || snapshot(current) === lastSent.current) return;
      lastSent.current = snapshot(current);
      void save(current, buyerId, { quiet: true });
    },
    [save],
  );

  /** Drops the working copy for the need as the other person saved it. */
  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    latest.current = conflict.theirs;
    setNeed(conflict.theirs);
    setForm(fromNeed(conflict.theirs));
    lastSent.current = snapshot(fromNeed(conflict.theirs));
    setConflict(null);
    setErrors([]);
  }, [conflict]);

  return { need, form, setForm, errors, setErrors, conflict, saving, savedAt, unsaved, save, autosave, takeTheirs };
}
