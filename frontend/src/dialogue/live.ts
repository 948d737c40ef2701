// A need's market dialogue, live: published answers and meeting changes reach an open page
// without a reload. Events land in the normalised cache (see `dialogueUpdates`), so every
// component showing a question or a meeting updates itself.
import type { UpdatesConfig } from "@urql/exchange-graphcache";
import { useSubscription } from "urql";
import type { LiveLists } from "../app/liveLists";
import { useLiveCursor } from "../app/useLive";
import { graphql } from "../gql";

// The meeting carries everything the planner shows (`PlannerMeeting` holds the lists' fields),
// so a new meeting is complete in the cache and no list has to be fetched again for it.
const DialogueLiveDocument = graphql(`
  subscription DialogueLive($needId: ID!, $after: String) {
    dialogueEvents(needId: $needId, after: $after) {
      cursor
      kind
      question {
        ...DeskQuestion
      }
      meeting {
        ...PlannerMeeting
      }
    }
  }
`);

/** Subscribes to the need's dialogue from the moment the page is read; the cursor, once known. */
export function useDialogueLive(needId: string): string | null {
  const after = useLiveCursor();
  useSubscription({ query: DialogueLiveDocument, variables: { needId, after }, pause: !after });
  return after;
}

type Linkable = { __typename?: string; id?: string | null } | null | undefined;

/**
 * New published answers and new meetings join their need's lists, once each, at the end, and
 * stay there when a need read from before the event arrives after it (see `LiveLists`).
 */
export function dialogueUpdates(lists: LiveLists): UpdatesConfig {
  return {
    Need: {
      questionsAndAnswers: lists.keep("questionsAndAnswers"),
      questions: lists.keep("questions"),
      meetings: lists.keep("meetings"),
    },
    Subscription: {
      dialogueEvents(result, args, cache) {
        const event = (result as { dialogueEvents?: Record<string, unknown> }).dialogueEvents;
        const needKey = cache.keyOfEntity({ __typename: "Need", id: args.needId as string });
        if (!event || !needKey) return;
        if (event.kind === "ANSWER_PUBLISHED") lists.append(cache, needKey, "questionsAndAnswers", event.question as Linkable);
        // The buyer's desk lists every question; a new one joins at the end (no reordering).
        if (event.kind === "QUESTION_ASKED") lists.append(cache, needKey, "questions", event.question as Linkable);
        if (event.kind === "MEETING_ANNOUNCED") lists.append(cache, needKey, "meetings", event.meeting as Linkable);
      },
    },
    Mutation: {
      // The buyer's own new meeting shows at once, whether or not its event came first.
      announceMeeting(result, args, cache) {
        const needKey = cache.keyOfEntity({ __typename: "Need", id: args.needId as string });
        const meeting = (result as { announceMeeting?: Linkable }).announceMeeting;
        if (needKey) lists.append(cache, needKey, "meetings", meeting);
      },
    },
  };
}
