// One need, as every visitor sees it: overview, deadlines first, lots, what the requirements mean,
// the published questions and answers and the meetings (both live), and its history.
import { Alert, Heading, Link as DsLink, Paragraph, Spinner, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { usePageTitle } from "../app/Layout";
import { useDialogueLive } from "../dialogue/live";
import { MeetingsList } from "../dialogue/MeetingsList";
import { ParticipantActions } from "../dialogue/ParticipantActions";
import { QuestionsAndAnswers } from "../dialogue/QuestionsAndAnswers";
import { graphql } from "../gql";
import { VerifiedLabel } from "../partners/VerifiedLabel";
import { useQuery } from "urql";
import { NeedDates } from "./NeedDates";
import { NeedHistory } from "./NeedHistory";
import { NeedLots } from "./NeedLots";
import { NeedRequirements } from "./NeedRequirements";

const NeedPageDocument = graphql(`
  query NeedPage($id: ID!) {
    need(id: $id) {
      id
      title
      summary
      language
      descriptionHtml
      rationale
      status
      buyer {
        id
        name
        verified
      }
      coBuyers {
        id
        name
        verified
      }
      place {
        country
        regionName
        municipality
      }
      contact {
        name
        email
      }
      ...NeedDates
      ...NeedLots
      ...NeedRequirements
      ...NeedHistory
      ...QuestionsAndAnswers
      ...MeetingsList
    }
  }
`);

export function NeedPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const after = useDialogueLive(id);
  const [{ data, fetching }] = useQuery({ query: NeedPageDocument, variables: { id } });
  const need = data?.need;
  usePageTitle(need?.title ?? t("need.title"));
  if (fetching && !data) return <Spinner aria-label={t("common.loading")} />;
  if (!need) {
    return (
      <>
        <Heading level={1} data-size="lg" tabIndex={-1}>
          {t("need.notFound")}
        </Heading>
        <Paragraph>{t("need.notFoundHelp")}</Paragraph>
      </>
    );
  }
  const place = [need.place.municipality, need.place.regionName, t(`country.${need.place.country}`)]
    .filter(Boolean)
    .join(", ");
  return (
    <article className="need-page">
      <header className="need-page__head">
        <Tag data-color="neutral">{t(`needStatus.${need.status}`)}</Tag>
        <Heading level={1} data-size="lg" lang={need.language} tabIndex={-1}>
          {need.title}
        </Heading>
        <Paragraph>
          <DsLink asChild>
            <Link to={`/organisations/${encodeURIComponent(need.buyer.id)}`}>{need.buyer.name}</Link>
          </DsLink>{" "}
          <VerifiedLabel verified={need.buyer.verified} />
          {need.coBuyers.length > 0 && (
            <>
              {" "}
              {t("need.withCoBuyers", { names: need.coBuyers.map((c) => c.name).join(", ") })}
            </>
          )}
          {" · "}
          {place}
        </Paragraph>
        <Paragraph data-size="lg" lang={need.language}>
          {need.summary}
        </Paragraph>
      </header>
      <NeedDates need={need} />
      <section aria-labelledby="about-heading">
        <Heading level={2} data-size="md" id="about-heading">
          {t("need.about")}
        </Heading>
        <div lang={need.language} className="prose" dangerouslySetInnerHTML={{ __html: need.descriptionHtml }} />
        {need.rationale && (
          <>
            <Heading level={3} data-size="xs">
              {t("need.rationale")}
            </Heading>
            <Paragraph lang={need.language}>{need.rationale}</Paragraph>
          </>
        )}
      </section>
      <NeedRequirements need={need} />
      <NeedLots need={need} />
      <ParticipantActions needId={need.id} />
      <QuestionsAndAnswers need={need} />
      <MeetingsList need={need} />
      {!after && <Alert data-color="info">{t("need.liveConnecting")}</Alert>}
      <NeedHistory need={need} />
      <section aria-labelledby="contact-heading">
        <Heading level={2} data-size="md" id="contact-heading">
          {t("need.contactAndData")}
        </Heading>
        {need.contact && (
          <Paragraph>
            {need.contact.name} · <DsLink href={`mailto:${need.contact.email}`}>{need.contact.email}</DsLink>
          </Paragraph>
        )}
        <Paragraph>
          <DsLink href={`/ocds/needs/${encodeURIComponent(need.id)}`}>{t("need.ocdsLink")}</DsLink>
        </Paragraph>
      </section>
    </article>
  );
}
