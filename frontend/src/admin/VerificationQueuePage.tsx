// For platform administrators: organisations not yet verified, oldest first, with what they
// say about themselves; verify with a note of what was checked. A verified WISE that states new
// figures (share of staff from target groups, measurement date) is back here with both.
import { Alert, Button, Card, Heading, Paragraph, Tag, Textfield } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation, useQuery } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { describeErrors } from "../app/errors";
import { formatDate } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { useSession } from "../app/session";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import { ChangedFigures } from "./ChangedFigures";

const QueueDocument = graphql(`
  query VerificationQueue {
    organisations(first: 100, verified: false) {
      nodes {
        id
        name
        kind
        country
        organisationNumber
        description
        website
        createdAt
        wiseFiguresChangedAt
      }
    }
  }
`);

const VerifyDocument = graphql(`
  mutation VerifyOrganisation($input: SetOrganisationVerificationInput!) {
    setOrganisationVerification(input: $input) {
      id
      verified
      verifiedAt
      wiseFiguresChangedAt
    }
  }
`);

export function VerificationQueuePage() {
  const { t, i18n } = useTranslation();
  usePageTitle(t("admin.queue.title"));
  const { me } = useSession();
  const [{ data, error }, refetch] = useQuery({ query: QueueDocument, requestPolicy: "network-only", pause: !me?.isPlatformAdmin });
  if (!me?.isPlatformAdmin) {
    return (
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("admin.onlyAdmins")}
      </Heading>
    );
  }
  const queue = data?.organisations.nodes ?? [];
  return (
    <div>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("admin.queue.title")}
      </Heading>
      <Paragraph>{t("admin.queue.intro")}</Paragraph>
      {error && <Alert data-color="danger">{describeErrors(error, t).map((e) => e.message).join(" ")}</Alert>}
      {data && queue.length === 0 && <Paragraph>{t("admin.queue.empty")}</Paragraph>}
      <ul className="need-list">
        {queue.map((o) => (
          <li key={o.id}>
            <Card data-color="neutral">
              <Heading level={2} data-size="xs">
                <Link to={`/organisations/${encodeURIComponent(o.id)}`}>{o.name}</Link>
              </Heading>
              {o.wiseFiguresChangedAt && (
                <Tag data-color="warning" data-size="sm">
                  {t("admin.queue.changedTag")}
                </Tag>
              )}
              <Paragraph data-size="sm">
                {t(`organisationKind.${o.kind}`)} · {t(`country.${o.country}`)} · {o.organisationNumber} ·{" "}
                {t("admin.queue.since", { date: formatDate(o.wiseFiguresChangedAt ?? o.createdAt, i18n.language) })}
              </Paragraph>
              {o.wiseFiguresChangedAt && <ChangedFigures organisationId={o.id} />}
              {o.description && <Paragraph>{o.description}</Paragraph>}
              <VerifyForm organisationId={o.id} name={o.name} again={!!o.wiseFiguresChangedAt} onDone={() => refetch({ requestPolicy: "network-only" })} />
            </Card>
          </li>
        ))}
      </ul>
    </div>
  );
}

type VerifyProps = { organisationId: string; name: string; again: boolean; onDone: () => void };

/** Verifies (or, for changed figures, verifies again) with a note of what was checked. */
function VerifyForm({ organisationId, name, again, onDone }: VerifyProps) {
  const { t } = useTranslation();
  const [evidence, setEvidence] = useState("");
  const form = useFormErrors();
  const [{ fetching }, verify] = useMutation(VerifyDocument);
  const id = `evidence-${organisationId.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const onSubmit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (form.accept((await verify({ input: { organisationId, verified: true, evidence } })).error)) onDone();
  };
  return (
    <form onSubmit={onSubmit} className="stack" noValidate>
      <ErrorSummary errors={form.errors} fieldIds={{ evidence: id }} />
      <Textfield
        id={id}
        label={t("admin.queue.evidence", { name })}
        description={t("admin.queue.evidenceHelp")}
        value={evidence}
        onChange={(e) => setEvidence(e.target.value)}
        error={form.field("evidence")}
      />
      <Button type="submit" disabled={fetching}>
        {t(again ? "admin.queue.verifyAgain" : "admin.queue.verify")}
      </Button>
    </form>
  );
}
