// Requests from other public buyers to name an organisation as co-buyer of their need, for the
// organisation's admins: who asks, for which need, what accepting means, Accept or Decline. An
// answered request leaves the list at once (see coBuyers.ts); what was done is said in words.
import { Alert, Button, Card, Heading, Paragraph } from "@digdir/designsystemet-react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "react-router";
import { useMutation, useQuery } from "urql";
import { useFormErrors } from "../account/useForm";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { useNotificationArrivals } from "../app/notificationsLive";
import { graphql } from "../gql";
import type { CoBuyerRequestsQuery } from "../gql/graphql";
import { VerifiedLabel } from "../partners/VerifiedLabel";
import { CO_BUYER_REQUESTS_ANCHOR } from "./coBuyers";

const CoBuyerRequestsDocument = graphql(`
  query CoBuyerRequests($id: ID!) {
    organisation(id: $id) {
      id
      coBuyerRequests {
        needId
        title
        requestedAt
        buyer {
          id
          name
          verified
        }
      }
    }
  }
`);

/** The need as the asked organisation may see it: `null` while it is a draft. */
const RequestedNeedDocument = graphql(`
  query RequestedNeed($id: ID!) {
    need(id: $id) {
      id
      title
      language
    }
  }
`);

const AnswerCoBuyerRequestDocument = graphql(`
  mutation AnswerCoBuyerRequest($needId: ID!, $organisationId: ID!, $accept: Boolean!) {
    answerCoBuyerRequest(needId: $needId, organisationId: $organisationId, accept: $accept)
  }
`);

type Organisation = { id: string; name: string };
type Request = NonNullable<CoBuyerRequestsQuery["organisation"]>["coBuyerRequests"][number];

/** One section per organisation the person answers for; nothing when none is asked. */
export function CoBuyerRequests({ organisations }: { organisations: Organisation[] }) {
  // Arriving from the notification, say so even when every request has been answered.
  const asked = useLocation().hash === `#${CO_BUYER_REQUESTS_ANCHOR}`;
  if (organisations.length === 0) return null;
  return (
    <div id={CO_BUYER_REQUESTS_ANCHOR}>
      {organisations.map((o) => (
        <OrganisationRequests key={o.id} organisation={o} showEmpty={asked} />
      ))}
    </div>
  );
}

function OrganisationRequests({ organisation, showEmpty }: { organisation: Organisation; showEmpty: boolean }) {
  const { t } = useTranslation();
  const [{ data }, refetch] = useQuery({ query: CoBuyerRequestsDocument, variables: { id: organisation.id } });
  const [done, setDone] = useState<string | null>(null);
  // A new request comes with a notification: read the list again (new ones join at its end).
  const arrived = useNotificationArrivals();
  const seen = useRef(arrived);
  useEffect(() => {
    if (arrived === seen.current) return;
    seen.current = arrived;
    refetch({ requestPolicy: "network-only" });
  }, [arrived, refetch]);
  const requests = data?.organisation?.coBuyerRequests ?? [];
  if (!data || (requests.length === 0 && !showEmpty && !done)) return null;
  const headingId = `co-buyer-requests-${organisation.id}`;
  return (
    <section aria-labelledby={headingId} className="co-buyer-requests" data-testid="co-buyer-requests">
      <Heading level={2} data-size="md" id={headingId}>
        {t("buyer.coBuyerRequests.heading", { organisation: organisation.name })}
      </Heading>
      <div role="status">{done && <Alert data-color="success">{done}</Alert>}</div>
      {requests.length === 0 ? (
        <Paragraph>{t("buyer.coBuyerRequests.none", { organisation: organisation.name })}</Paragraph>
      ) : (
        <>
          <Paragraph>{t("buyer.coBuyerRequests.intro", { organisation: organisation.name })}</Paragraph>
          <ul className="desk-list">
            {requests.map((r) => (
              <li key={r.needId}>
                <RequestCard request={r} organisation={organisation} onAnswered={setDone} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

type CardProps = { request: Request; organisation: Organisation; onAnswered: (text: string) => void };

function RequestCard({ request, organisation, onAnswered }: CardProps) {
  const { t, i18n } = useTranslation();
  const form = useFormErrors();
  const [{ data }] = useQuery({ query: RequestedNeedDocument, variables: { id: request.needId } });
  const [{ fetching }, answer] = useMutation(AnswerCoBuyerRequestDocument);
  const need = data?.need;
  const words = { organisation: organisation.name, buyer: request.buyer.name, title: request.title };
  const onAnswer = async (accept: boolean) => {
    const result = await answer({ needId: request.needId, organisationId: organisation.id, accept });
    if (form.accept(result.error)) onAnswered(t(accept ? "buyer.coBuyerRequests.accepted" : "buyer.coBuyerRequests.declined", words));
  };
  const headingId = `co-buyer-request-${request.needId}-${organisation.id}`;
  return (
    <Card data-color="accent" asChild>
      <article aria-labelledby={headingId}>
        <Heading level={3} data-size="sm" id={headingId} lang={need?.language}>
          {need ? <Link to={`/needs/${encodeURIComponent(need.id)}`}>{need.title}</Link> : request.title}
        </Heading>
        <Paragraph>
          {t("buyer.coBuyerRequests.asks", words)} <VerifiedLabel verified={request.buyer.verified} />
        </Paragraph>
        <Paragraph data-size="sm" className="muted">
          {t("buyer.coBuyerRequests.askedAt", { when: formatDateTime(request.requestedAt, i18n.language) })}
        </Paragraph>
        {data && !need && <Paragraph>{t("buyer.coBuyerRequests.draft", words)}</Paragraph>}
        <Paragraph>{t("buyer.coBuyerRequests.ifAccept", words)}</Paragraph>
        <Paragraph>{t("buyer.coBuyerRequests.ifDecline", words)}</Paragraph>
        <ErrorSummary errors={form.errors} />
        <div className="row">
          <Button disabled={fetching} onClick={() => void onAnswer(true)}>
            {t("buyer.coBuyerRequests.accept", words)}
            <span className="visually-hidden">: {request.title}</span>
          </Button>
          <Button variant="secondary" disabled={fetching} onClick={() => void onAnswer(false)}>
            {t("buyer.coBuyerRequests.decline")}
            <span className="visually-hidden">: {request.title}</span>
          </Button>
        </div>
      </article>
    </Card>
  );
}
