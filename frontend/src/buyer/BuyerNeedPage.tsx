// The buyer's desk for one need: where it stands and what it can move to, the questions and
// threads of its market dialogue, and its meetings.
import { Heading, Link as DsLink, Paragraph, Spinner, Tag } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useQuery } from "urql";
import { usePageTitle } from "../app/Layout";
import { useStickyData } from "../app/useStickyData";
import { useDialogueLive } from "../dialogue/live";
import { MeetingsPlanner } from "../dialogue/MeetingsPlanner";
import { QuestionDesk } from "../dialogue/QuestionDesk";
import { ThreadsDesk } from "../dialogue/ThreadsDesk";
import { graphql } from "../gql";
import { CoBuyerStatus } from "./CoBuyerStatus";
import { StatusChange } from "./StatusChange";
import "./buyer.css";
import { NotYourNeed } from "./NotYourNeed";

const BuyerNeedDocument = graphql(`
  query BuyerNeed($id: ID!) {
    need(id: $id) {
      id
      title
      language
      status
      viewerCanEdit
      ...CoBuyerStatus
      ...StatusChange
      ...QuestionDesk
      ...MeetingsPlanner
      ...ThreadsDesk
    }
  }
`);

export function BuyerNeedPage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const after = useDialogueLive(id);
  const [{ data, fetching }] = useQuery({ query: BuyerNeedDocument, variables: { id } });
  // While a live event refetches the need, keep the page (and the forms' state) as it was.
  const kept = useStickyData(data?.need);
  const need = kept?.id === id ? kept : data?.need;
  usePageTitle(need?.title ?? t("buyer.desk.title"));
  if (fetching && !need) return <Spinner aria-label={t("common.loading")} />;
  if (!need || !need.viewerCanEdit) return <NotYourNeed />;
  const base = `/buyer/needs/${encodeURIComponent(need.id)}`;
  return (
    <div className="buyer-need">
      <DsLink asChild>
        <Link to="/buyer">{t("buyer.desk.back")}</Link>
      </DsLink>
      <Tag data-color="neutral">{t(`needStatus.${need.status}`)}</Tag>
      <Heading level={1} data-size="lg" tabIndex={-1} lang={need.language}>
        {need.title}
      </Heading>
      <CoBuyerStatus need={need} />
      <ul className="inline-list buyer-need__links">
        <li>
          <DsLink asChild>
            <Link to={`${base}/check`}>{t("buyer.desk.edit")}</Link>
          </DsLink>
        </li>
        <li>
          <DsLink asChild>
            <Link to={`/needs/${encodeURIComponent(need.id)}`}>{t("buyer.desk.public")}</Link>
          </DsLink>
        </li>
        <li>
          <DsLink asChild>
            <Link to={`${base}/market`}>{t("buyer.market.link")}</Link>
          </DsLink>
        </li>
      </ul>
      <QuestionDesk need={need} />
      <ThreadsDesk need={need} />
      <MeetingsPlanner need={need} />
      <StatusChange need={need} />
      {!after && <Paragraph data-size="sm">{t("need.liveConnecting")}</Paragraph>}
    </div>
  );
}
