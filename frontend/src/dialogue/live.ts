// A need's market dialogue, live: published answers and meeting changes reach an open page
// without a reload. Events land in the normalised cache (see `dialogueUpdates`), so every
// component showing a question or a meeting updates itself.
import type { UpdatesConfig } from "@urql/exchange-graphcache";
import { useSubscription } from "urql";
import { useLiveCursor } from "../app/useLive";
import { graphql } from "../gql";

const DialogueLiveDocument = graphql(`
  subscription DialogueLive($needId: ID!, $after: String) {
    dialogueEvents(needId: $needId, after: $after) {
      cursor
      kind
      question {
        ...DeskQuestion
      }
      meeting {
        ...MeetingItem
        bookings {
          bookedAt
          organisation {
            id
            name
          }
        }
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

/** New published answers and new meetings join their need's lists, once each, at the end. */
export const dialogueUpdates: UpdatesConfig = {
  Subscription: {
    dialogueEvents(result, args, cache) {
      const event = (result as { dialogueEvents?: Record<string, unknown> }).dialogueEvents;
      if (!event) return;
      const needKey = cache.keyOfEntity({ __typename: "Need", id: args.needId as string });
      if (!needKey) return;
      const append = (field: string, item: Linkable) => {
        const key = item ? cache.keyOfEntity(item as never) : null;
        if (!key) return;
        const current = cache.resolve(needKey, field);
        if (!Array.isArray(current) || (current as string[]).includes(key)) return;
        cache.link(needKey, field, [...(current as string[]), key] as never);
      };
      if (event.kind === "ANSWER_PUBLISHED") append("questionsAndAnswers", event.question as Linkable);
      // The buyer's desk lists every question; a new one joins at the end (no reordering).
      if (event.kind === "QUESTION_ASKED") append("questions", event.question as Linkable);
      if (event.kind === "MEETING_ANNOUNCED") append("meetings", event.meeting as Linkable);
    },
  },
};
