// An organisation's public page: who they are, whether they are verified, and their capability
// profile when they have one.
import { Heading, Link as DsLink, Paragraph, Spinner, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { formatDay, formatNumber } from "../app/format";
import { usePageTitle } from "../app/Layout";
import { useRegionName } from "../app/reference";
import { graphql } from "../gql";
import { VerifiedLabel } from "./VerifiedLabel";

const OrganisationPageDocument = graphql(`
  query OrganisationPage($id: ID!) {
    organisation(id: $id) {
      id
      name
      kind
      country
      organisationNumber
      region
      website
      description
      verified
      verifiedAt
      viewerRole
      profile {
        reservedContractEligible
        content {
          cpv
          servicesDescription
          keywords
          regionsServed
          targetGroups
          languages
          capacity {
            staff
            trainingPlaces
            trainingPeriod
          }
          wise {
            integrationMainAim
            targetGroupStaffPercent
            measuredOn
            certification
          }
        }
      }
    }
  }
`);

export function OrganisationPage() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const [{ data, fetching }] = useQuery({ query: OrganisationPageDocument, variables: { id } });
  const regionName = useRegionName();
  const org = data?.organisation;
  usePageTitle(org?.name ?? t("organisation.title"));
  if (fetching && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!org) {
    return (
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {t("organisation.notFound")}
      </Heading>
    );
  }
  const p = org.profile?.content;
  return (
    <article>
      <Heading level={1} data-size="lg" tabIndex={-1}>
        {org.name}
      </Heading>
      <Paragraph>
        {t(`organisationKind.${org.kind}`)} · {t(`country.${org.country}`)} · {org.organisationNumber}{" "}
        <VerifiedLabel verified={org.verified} />
      </Paragraph>
      {!org.verified && <Paragraph className="muted">{t("organisation.unverifiedHelp")}</Paragraph>}
      {org.description && <Paragraph>{org.description}</Paragraph>}
      {org.website && (
        <Paragraph>
          <DsLink href={org.website} rel="noopener noreferrer">
            {org.website}
          </DsLink>
        </Paragraph>
      )}
      {org.viewerRole === "ADMIN" && (
        <Paragraph>
          <Link to={`/organisations/${encodeURIComponent(org.id)}/members`}>{t("organisation.manageMembers")}</Link>
        </Paragraph>
      )}
      {p && (
        <section aria-labelledby="profile-heading">
          <Heading level={2} data-size="md" id="profile-heading">
            {t("organisation.profile")}
          </Heading>
          {org.profile?.reservedContractEligible && <Tag data-color="brand1">{t("partners.reservedEligible")}</Tag>}
          <Paragraph>{p.servicesDescription}</Paragraph>
          <dl className="facts">
            <div>
              <dt>{t("organisation.services")}</dt>
              <dd>{p.cpv.join(", ")}</dd>
            </div>
            <div>
              <dt>{t("organisation.regionsServed")}</dt>
              <dd>{p.regionsServed.map(regionName).join(", ")}</dd>
            </div>
            {p.capacity.staff != null && (
              <div>
                <dt>{t("organisation.staff")}</dt>
                <dd>{formatNumber(p.capacity.staff, i18n.language)}</dd>
              </div>
            )}
            {p.capacity.trainingPlaces != null && (
              <div>
                <dt>{t("organisation.trainingPlaces")}</dt>
                <dd>
                  {formatNumber(p.capacity.trainingPlaces, i18n.language)} {p.capacity.trainingPeriod ?? ""}
                </dd>
              </div>
            )}
            {p.targetGroups.length > 0 && (
              <div>
                <dt>{t("organisation.targetGroups")}</dt>
                <dd>{p.targetGroups.map((g) => t(`targetGroup.${g}`)).join(", ")}</dd>
              </div>
            )}
            {p.wise?.targetGroupStaffPercent != null && (
              <div>
                <dt>{t("organisation.targetGroupShare")}</dt>
                <dd>
                  {t("organisation.percentMeasured", {
                    percent: p.wise.targetGroupStaffPercent,
                    date: p.wise.measuredOn ? formatDay(p.wise.measuredOn, i18n.language) : "–",
                  })}
                </dd>
              </div>
            )}
          </dl>
        </section>
      )}
    </article>
  );
}
