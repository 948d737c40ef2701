// A submitted joint offer as the buyer sees it: who is in it and whether each member was eligible
// for reserved lots on the day of submission, what it covers per lot, the warnings, and the award
// decision.
import { Button, Card, Heading, Paragraph, Table, Tag } from "@digdir/designsystemet-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation } from "urql";
import { describeErrors } from "../app/errors";
import { graphql } from "../gql";
import type { JointOfferCardFragment } from "../gql/graphql";
import { ScrollTable } from "../app/ScrollTable";
import { SubmittedEligibility } from "./SubmittedEligibility";

export const JointOfferCardFragmentDoc = graphql(`
  fragment JointOfferCard on JointOffer {
    id
    status
    submittedAt
    lead {
      id
      name
    }
    members {
      role
      state
      organisation {
        id
        name
      }
      eligibilityAtSubmission {
        ...SubmittedEligibility
      }
    }
    coverage {
      lot
      title
      cpvCovered
      regionCovered
      reserved
      reservedCovered
      required
      covered
      gaps {
        factor
        explanation
      }
    }
    warnings
  }
`);

const DecideDocument = graphql(`
  mutation DecideJointOffer($id: ID!, $awarded: Boolean!) {
    decideJointOffer(offerId: $id, awarded: $awarded) {
      id
      status
    }
  }
`);

export function JointOfferCard({ offer, language }: { offer: JointOfferCardFragment; language: string }) {
  const { t } = useTranslation();
  const [error, setError] = useState("");
  const [{ fetching }, decide] = useMutation(DecideDocument);
  const yesNo = (b: boolean) => (b ? t("buyer.check.yes") : t("buyer.check.no"));
  const onDecide = async (awarded: boolean) => {
    const result = await decide({ id: offer.id, awarded });
    setError(describeErrors(result.error, t).map((e) => e.message).join(" "));
  };
  return (
    <Card data-color="neutral" data-testid={`offer-${offer.id}`}>
      <Heading level={3} data-size="xs">
        {t("buyer.market.offerBy", { lead: offer.lead.name })}
      </Heading>
      <Tag data-size="sm">{t(`buyer.market.offerStatus.${offer.status}`)}</Tag>
      <Heading level={4} data-size="2xs">
        {t("buyer.market.members")}
      </Heading>
      <ul className="member-list" data-testid={`offer-members-${offer.id}`}>
        {offer.members.map((m) => (
          <li key={m.organisation.id}>
            <Paragraph data-size="sm">{`${m.organisation.name} (${t(`buyer.market.role.${m.role}`)})`}</Paragraph>
            <SubmittedEligibility eligibility={m.eligibilityAtSubmission} accepted={m.state === "ACCEPTED"} testId={`eligibility-${m.organisation.id}`} />
          </li>
        ))}
      </ul>
      <ScrollTable label={t("buyer.market.coverage")} data-size="sm">
        <caption>{t("buyer.market.coverage")}</caption>
        <Table.Head>
          <Table.Row>
            <Table.HeaderCell>{t("buyer.market.lot")}</Table.HeaderCell>
            <Table.HeaderCell>{t("buyer.market.cpvCovered")}</Table.HeaderCell>
            <Table.HeaderCell>{t("buyer.market.regionCovered")}</Table.HeaderCell>
            <Table.HeaderCell>{t("buyer.market.capacity")}</Table.HeaderCell>
            <Table.HeaderCell>{t("buyer.market.reserved")}</Table.HeaderCell>
          </Table.Row>
        </Table.Head>
        <Table.Body>
          {offer.coverage.map((c) => (
            <Table.Row key={c.lot ?? 0}>
              <Table.HeaderCell scope="row">
                <span lang={language}>{c.lot ? `${c.lot}. ${c.title ?? ""}` : t("buyer.market.whole")}</span>
              </Table.HeaderCell>
              <Table.Cell>{yesNo(c.cpvCovered)}</Table.Cell>
              <Table.Cell>{yesNo(c.regionCovered)}</Table.Cell>
              <Table.Cell>{c.required != null ? `${c.covered ?? 0} / ${c.required}` : "–"}</Table.Cell>
              <Table.Cell>{c.reserved ? yesNo(c.reservedCovered) : "–"}</Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </ScrollTable>
      {offer.warnings.map((w) => (
        <Paragraph key={w} data-size="sm" lang="en">
          {w}
        </Paragraph>
      ))}
      {offer.status === "SUBMITTED" && (
        <div className="stack">
          <Paragraph data-size="sm">{t("buyer.market.decideConsequence")}</Paragraph>
          <div className="row">
            <Button disabled={fetching} onClick={() => onDecide(true)}>
              {t("buyer.market.award")}
            </Button>
            <Button variant="secondary" disabled={fetching} onClick={() => onDecide(false)}>
              {t("buyer.market.notAward")}
            </Button>
          </div>
        </div>
      )}
      {error && <Paragraph data-color="danger">{error}</Paragraph>}
    </Card>
  );
}
