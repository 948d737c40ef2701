// The editor's state across its steps: the working copy, the revision it was read at, and the
// saves. A save whose revision is stale comes back as CONFLICT: the working copy stays as typed
// and the need as someone else saved it is read for the "someone else saved first" screen.
import { useCallback, useState } from "react";
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

export function useNeedEditor(initial: NeedEditorFieldsFragment | null, makeEmpty: () => NeedForm) {
  const { t } = useTranslation();
  const client = useClient();
  const [need, setNeed] = useState(initial);
  const [form, setForm] = useState<NeedForm>(() => (initial ? fromNeed(initial) : makeEmpty()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const [, create] = useMutation(CreateNeedDocument);
  const [, update] = useMutation(UpdateNeedDocument);

  /** Saves the working copy (creating the draft the first time); true when it was saved. */
  const save = useCallback(
    async (current: NeedForm, buyerId: string, revision?: number): Promise<NeedEditorFieldsFragment | null> => {
      setSaving(true);
      const input = toInput(current);
      const result = need
        ? await update({ input: { id: need.id, revision: revision ?? need.revision ?? 0, coBuyerIds: current.coBuyerIds, need: input } })
        : await create({ input: { buyerId, coBuyerIds: current.coBuyerIds, need: input } });
      setSaving(false);
      if (codeOf(result.error) === "CONFLICT" && need) {
        const latest = await client.query(NeedForEditorDocument, { id: need.id }, { requestPolicy: "network-only" }).toPromise();
        if (latest.data?.need) {
          setConflict({ theirs: latest.data.need });
          setErrors([]);
          return null;
        }
      }
      const found = describeErrors(result.error, t);
      setErrors(found);
      const saved = result.data && ("updateNeed" in result.data ? result.data.updateNeed : result.data.createNeed);
      if (found.length > 0 || !saved) return null;
      setNeed(saved);
      setConflict(null);
      return saved;
    },
    [need, update, create, client, t],
  );

  /** Drops the working copy for the need as the other person saved it. */
  const takeTheirs = useCallback(() => {
    if (!conflict) return;
    setNeed(conflict.theirs);
    setForm(fromNeed(conflict.theirs));
    setConflict(null);
    setErrors([]);
  }, [conflict]);

  return { need, form, setForm, errors, setErrors, conflict, saving, save, takeTheirs };
}
