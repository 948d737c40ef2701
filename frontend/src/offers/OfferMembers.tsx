// Who is in the offer, with each member's role, standing and what it brings per lot; the lead
// answers requests to join here.
import { Button, Heading, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { ErrorSummary } from "../app/ErrorSummary";
import { formatDateTime } from "../app/format";
import { useRegionName } from "../app/reference";
import { useFormErrors } from "../account/useForm";
import { graphql } from "../gql";
import type { OfferMembersFragment } from "../gql/graphql";
import { VerifiedLabel } from "../partners/VerifiedLabel";
import { lotList } from "./words";
import { ScrollTable } from "../app/ScrollTable";

export const OfferMembersFragmentDoc = graphql(`
  fragment OfferMembers on JointOffer {
    id
    status
    lots
    viewerLeads
    members {
      organisation {
        id
        name
        kind
        verified
      }
      role
      state
      confirmedAt
      message
      updatedAt
      contribution {
        lots
        regions
        trainingPlaces
        staff
        cpv
        note
      }
    }
  }
`);

const AnswerRequestDocument = graphql(`
  mutation AnswerJoinRequest($offerId: ID!, $organisationId: ID!, $accept: Boolean!) {
    answerJoinRequest(offerId: $offerId, organisationId: $organisationId, accept: $accept) {
      id
      ...OfferWorkspace
    }
  }
`);

type Member = OfferMembersFragment["members"][number];

export function OfferMembers({ offer }: { offer: OfferMembersFragment }) {
  const { t } = useTranslation();
  const shown = offer.members.filter((m) => ["ACCEPTED", "INVITED", "REQUESTED"].includes(m.state));
  return (
    <section aria-labelledby="members-heading">
      <Heading level={2} data-size="md" id="members-heading">
        {t("offers.members.heading")}
      </Heading>
      <ScrollTable label={t("offers.members.caption")} data-testid="offer-members">
        <caption className="visually-hidden">{t("offers.members.caption")}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t("offers.members.organisation")}</Table.HeaderCell>
            <Table.HeaderCell>{t("offers.members.role")}</Table.HeaderCell>
            <Table.HeaderCell>{t("offers.members.contribution")}</Table.HeaderCell>
            <Table.HeaderCell>{t("offers.members.confirmed")}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {shown.map((m) => (
            <MemberRow key={m.organisation.id} member={m} offer={offer} />
          ))}
        </Table.Body>
      </ScrollTable>
      {offer.viewerLeads && offer.members.some((m) => m.state === "REQUESTED") && <Requests offer={offer} />}
    </section>
  );
}

function MemberRow({ member: m, offer }: { member: Member; offer: OfferMembersFragment }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.Row>
      <Table.Cell>
        {m.organisation.name} <VerifiedLabel verified={m.organisation.verified} />
      </Table.Cell>
      <Table.Cell>
        {t(`offers.role.${m.role}`)}
        {m.state !== "ACCEPTED" && (
          <>
            {" "}
            <Tag data-color="warning" data-size="sm">
              {t(`offers.memberState.${m.state}`)}
            </Tag>
          </>
        )}
      </Table.Cell>
      <Table.Cell>
        <Contribution contribution={m.contribution} offerLots={offer.lots} />
      </Table.Cell>
      <Table.Cell>
        {m.confirmedAt
          ? t("offers.members.confirmedAt", { when: formatDateTime(m.confirmedAt, i18n.language) })
          : t("offers.members.notConfirmed")}
      </Table.Cell>
    </Table.Row>
  );
}

/** A member's contribution in words: lots, places, staff, regions and services. */
export function Contribution({ contribution: c, offerLots }: { contribution: Member["contribution"]; offerLots: number[] }) {
  const { t } = useTranslation();
  const regionName = useRegionName();
  const lots = lotList(c.lots.length > 0 ? c.lots : offerLots);
  const parts = [
    lots ? t("offers.contribution.lots", { lots }) : t("offers.contribution.wholeNeed"),
    c.trainingPlaces != null ? t("offers.contribution.trainingPlaces", { count: c.trainingPlaces }) : null,
    c.staff != null ? t("offers.contribution.staff", { count: c.staff }) : null,
    c.trainingPlaces == null && c.staff == null ? t("offers.contribution.profileCapacity") : null,
    c.regions.length > 0
      ? t("offers.contribution.regions", { regions: c.regions.map(regionName).join(", ") })
      : t("offers.contribution.profileRegions"),
    c.cpv.length > 0 ? t("offers.contribution.cpv", { codes: c.cpv.join(", ") }) : t("offers.contribution.profileCpv"),
  ].filter(Boolean);
  return (
    <>
      <span>{parts.join(" · ")}</span>
      {c.note && <Paragraph data-size="sm">{c.note}</Paragraph>}
    </>
  );
}

function Requests({ offer }: { offer: OfferMembersFragment }) {
  const { t } = useTranslation();
  const form = useFormErrors();
  const [{ fetching }, answer] = useMutation(AnswerRequestDocument);
  const requests = offer.members.filter((m) => m.state === "REQUESTED");
  return (
    <div>
      <Heading level={3} data-size="xs">
        {t("offers.requests.heading")}
      </Heading>
      <ErrorSummary errors={form.errors} />
      <ul className="member-list">
        {requests.map((m) => (
          <li key={m.organisation.id}>
            <Paragraph>
              {t("offers.requests.asks", { name: m.organisation.name, role: t(`offers.role.${m.role}`) })}
            </Paragraph>
            {m.message && <Paragraph className="muted">“{m.message}”</Paragraph>}
            <div className="actions">
              {[true, false].map((accept) => (
                <Button
                  key={String(accept)}
                  variant={accept ? "primary" : "secondary"}
                  disabled={fetching}
                  onClick={async () =>
                    form.accept(
                      (await answer({ offerId: offer.id, organisationId: m.organisation.id, accept })).error,
                    )
                  }
                >
                  {t(accept ? "offers.requests.accept" : "offers.requests.refuse", { name: m.organisation.name })}
                </Button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
