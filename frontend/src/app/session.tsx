// Who is signed in, and for which organisation they act. The session cookie is HttpOnly, so the
// page learns who it is from `me`; signing in or out starts a fresh client (new websocket with the
// new cookie, empty cache) so nothing of the previous person stays on screen.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import type { ReactNode } from "react";
import { Provider, useQuery } from "urql";
import { graphql } from "../gql";
import type { SessionQuery } from "../gql/graphql";
import { makeClient, type Connection } from "./client";

const SessionDocument = graphql(`
  query Session {
    me {
      id
      name
      email
      isPlatformAdmin
      unreadNotificationCount
      memberships {
        role
        organisation {
          id
          name
          kind
          verified
        }
      }
    }
  }
`);

export type Me = NonNullable<SessionQuery["me"]>;
export type MembershipInfo = Me["memberships"][number];

type Session = {
  me: Me | null;
  loading: boolean;
  /** The organisation the person acts for now (their choice, else their first). */
  activeOrganisation: MembershipInfo["organisation"] | null;
  chooseOrganisation: (id: string) => void;
  /** Call after signing in or out: a new client, cache and websocket. */
  restart: () => void;
  refetch: () => void;
};

const SessionContext = createContext<Session | null>(null);
const ORG_KEY = "samspill.organisation";

function SessionState({ restart, children }: { restart: () => void; children: ReactNode }) {
  const [{ data, fetching }, refetch] = useQuery({ query: SessionDocument });
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(ORG_KEY));
  const me = data?.me ?? null;
  const memberships = me?.memberships ?? [];
  const activeOrganisation =
    memberships.find((m) => m.organisation.id === chosen)?.organisation ??
    memberships[0]?.organisation ??
    null;
  const chooseOrganisation = useCallback((id: string) => {
    localStorage.setItem(ORG_KEY, id);
    setChosen(id);
  }, []);
  const value = useMemo(
    () => ({
      me,
      loading: fetching && !data,
      activeOrganisation,
      chooseOrganisation,
      restart,
      refetch: () => refetch({ requestPolicy: "network-only" }),
    }),
    [me, fetching, data, activeOrganisation, chooseOrganisation, restart, refetch],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [connection, setConnection] = useState<Connection>(() => makeClient());
  const [generation, setGeneration] = useState(0);
  useEffect(() => () => void connection.ws.dispose(), [connection]);
  const restart = useCallback(() => {
    setConnection(makeClient());
    setGeneration((g) => g + 1);
  }, []);
  return (
    <Provider value={connection.client}>
      <SessionState key={generation} restart={restart}>
        {children}
      </SessionState>
    </Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}
