// Joint offers, live: every change to an offer the viewer may see arrives with the offer as it
// now stands (members, contributions, coverage), so the normalised cache updates each panel
// showing it; consortium messages arrive as MESSAGE events.
import { useSubscription } from "urql";
import { useLiveCursor } from "../app/useLive";
import { graphql } from "../gql";
import type { OfferLiveSubscription } from "../gql/graphql";

const OfferLiveDocument = graphql(`
  subscription OfferLive($after: String) {
    jointOfferEvents(after: $after) {
      cursor
      kind
      change
      offer {
        id
        ...OfferWorkspace
      }
      message {
        id
        threadId
      }
    }
  }
`);

export type OfferEvent = OfferLiveSubscription["jointOfferEvents"];

/**
 * Subscribes from the moment the page is read; `onEvent` hears each event once. Returns the
 * cursor, or `null` while connecting.
 */
export function useOfferLive(onEvent?: (event: OfferEvent) => void): string | null {
  const after = useLiveCursor();
  useSubscription({ query: OfferLiveDocument, variables: { after }, pause: !after }, (_prev, event) => {
    onEvent?.(event.jointOfferEvents);
    return event;
  });
  return after;
}
