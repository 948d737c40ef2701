// The signed-in person's notifications, live: one subscription for the whole app (the bell
// counts from it, pages such as /home refresh on it), over the one websocket every live view
// shares. Consumers read a running count of arrivals and act on its changes.
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { useSubscription } from "urql";
import { graphql } from "../gql";
import { useSession } from "./session";
import { useLiveCursor } from "./useLive";

const NotificationLiveDocument = graphql(`
  subscription NotificationLive($after: String) {
    notifications(after: $after) {
      cursor
      notification {
        id
      }
    }
  }
`);

const Arrivals = createContext(0);

export function NotificationLive({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const [arrived, setArrived] = useState(0);
  const onArrive = useCallback(() => setArrived((n) => n + 1), []);
  return (
    <Arrivals.Provider value={arrived}>
      {me && <NotificationFeed key={me.id} onArrive={onArrive} />}
      {children}
    </Arrivals.Provider>
  );
}

/** Subscribes from the moment a person is signed in (the cursor is read then). */
function NotificationFeed({ onArrive }: { onArrive: () => void }) {
  const after = useLiveCursor();
  useSubscription({ query: NotificationLiveDocument, variables: { after }, pause: !after }, (_prev, event) => {
    onArrive();
    return event;
  });
  return null;
}

/** How many notifications have arrived live since the app started; only its changes matter. */
export function useNotificationArrivals(): number {
  return useContext(Arrivals);
}
