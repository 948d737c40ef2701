// What a signed-in social enterprise or supplier can do on a need's page, for the organisation
// it acts for: mark interest per lot, ask questions and follow them, book a meeting slot, save
// a search for needs like this one, and bid together. Grouped here so the need page itself stays
// as every visitor sees it.
import { Heading, Paragraph } from "@digdir/designsystemet-react";
import { useTranslation } from "react-i18next";
import { useQuery } from "urql";
import { useSession } from "../app/session";
import { graphql } from "../gql";
import { StartOffer } from "../offers/StartOffer";
import { NeedPartners } from "../partners/NeedPartners";
import { AskQuestion } from "./AskQuestion";
import { InterestPanel } from "./InterestPanel";
import { ParticipantThreads } from "./ParticipantThreads";
import { SaveNeedSearch } from "./SaveNeedSearch";
import { SlotPicker } from "./SlotPicker";

const ParticipantNeedDocument = graphql(`
  query ParticipantNeed($id: ID!) {
    need(id: $id) {
      id
      title
      language
      status
      dialogueWindow {
        open
        opensOn
        closedOn
        lastDayForQuestions
      }
      hasReservedPart
      place {
        country
        nutsCode
        regionName
      }
      mainCpv {
        code
        label
      }
      lots {
        number
        title
      }
      viewerInterests {
        organisation {
          id
        }
        lotNumbers
        markedAt
      }
      questions {
        id
        status
        question
        answer
        answeredAt
        askedAt
        askingOrganisation {
          id
          name
        }
        privateReason
      }
      meetings {
        id
        kind
        title
        startsAt
        endsAt
        location
        placesLeft
        cancelledAt
        bookings {
          organisation {
            id
          }
          bookedAt
        }
      }
    }
  }
`);

const OPEN = ["ANNOUNCED", "IN_DIALOGUE", "TENDERING"];

export function ParticipantActions({ needId }: { needId: string }) {
  const { t } = useTranslation();
  const { me, activeOrganisation: org } = useSession();
  const enterprise = org && (org.kind === "WISE" || org.kind === "SUPPLIER") ? org : null;
  const [{ data }, refetch] = useQuery({ query: ParticipantNeedDocument, variables: { id: needId }, pause: !enterprise });
  const need = data?.need;
  if (!me || !enterprise || !need) return null;
  const reload = () => refetch({ requestPolicy: "network-only" });
  return (
    <div className="participant" data-testid="participant-actions">
      <section aria-labelledby="participant-heading">
        <Heading level={2} data-size="md" id="participant-heading">
          {t("participant.heading", { name: enterprise.name })}
        </Heading>
        <Paragraph className="muted">{t("participant.intro")}</Paragraph>
      </section>
      {OPEN.includes(need.status) && <InterestPanel need={need} organisation={enterprise} onChange={reload} />}
      {OPEN.includes(need.status) && <AskQuestion need={need} organisation={enterprise} onAsked={reload} />}
      {OPEN.includes(need.status) && <ParticipantThreads needId={need.id} language={need.language} organisation={enterprise} />}
      <SlotPicker need={need} organisation={enterprise} />
      <SaveNeedSearch need={need} />
      <NeedPartners needId={need.id} language={need.language} lots={need.lots} myOrgIds={me.memberships.map((m) => m.organisation.id)} />
      <StartOffer needId={needId} />
    </div>
  );
}
