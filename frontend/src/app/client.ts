// The GraphQL client: a normalised cache (graphcache) over one websocket (graphql-ws) for
// queries, mutations and subscriptions, on the same origin as the page. The session cookie rides
// on the websocket handshake, so signing in or out makes a new client (see session.tsx).
import { cacheExchange, type UpdatesConfig } from "@urql/exchange-graphcache";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";
import { Client, fetchExchange, subscriptionExchange } from "urql";
import schema from "../gql/introspection.json";
import { coBuyerUpdates } from "../buyer/coBuyers";
import { dialogueUpdates } from "../dialogue/live";
import { resumable } from "./live";
import { LiveLists } from "./liveLists";

type IntrospectionType = { kind: string; name: string; fields?: { name: string }[] | null };
type Introspection = { __schema: { queryType: { name: string }; types: IntrospectionType[] } };

/** Object types without an `id` are values inside their parent, not cache entities. */
function embeddedTypes(): Record<string, () => null> {
  const types = (schema as unknown as Introspection).__schema.types;
  return Object.fromEntries(
    types
      .filter(
        (t) =>
          t.kind === "OBJECT" &&
          !t.name.startsWith("__") &&
          !(t.fields ?? []).some((f) => f.name === "id"),
      )
      .map((t) => [t.name, () => null]),
  );
}

/** The query type's name, which graphcache uses as the key of the root entity. */
const queryRoot = (schema as unknown as Introspection).__schema.queryType.name;

function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss" : "ws"}://${host}/graphql`;
}

/** Rooms' updaters together; two rooms may both update fields of one type (`Mutation`, say). */
function mergeUpdates(...configs: UpdatesConfig[]): UpdatesConfig {
  const merged: UpdatesConfig = {};
  for (const config of configs) {
    for (const [type, fields] of Object.entries(config)) {
      merged[type] = { ...merged[type], ...fields };
    }
  }
  return merged;
}

export type Connection = { client: Client; ws: WsClient };

export function makeClient(): Connection {
  const ws = createWsClient({
    url: websocketUrl(),
    lazy: true,
    // Keep trying: a laptop lid, a train tunnel, a server restart.
    retryAttempts: Infinity,
    shouldRetry: () => true,
  });
  const client = new Client({
    url: "/graphql",
    exchanges: [
      cacheExchange({
        schema: schema as never,
        keys: embeddedTypes(),
        updates: mergeUpdates(dialogueUpdates(new LiveLists()), coBuyerUpdates(queryRoot)),
      }),
      subscriptionExchange({
        forwardSubscription(request) {
          // A copy: the resume cursor moves in it, never in urql's own operation.
          const input = {
            ...request,
            query: request.query ?? "",
            variables: { ...request.variables },
          };
          return {
            subscribe(sink) {
              const next = resumable(input.variables, (v) =>
                sink.next(v as never),
              );
              const dispose = ws.subscribe(input, { ...sink, next });
              return { unsubscribe: dispose };
            },
          };
        },
      }),
      fetchExchange,
    ],
    fetchOptions: { credentials: "same-origin" },
    requestPolicy: "cache-and-network",
  });
  return { client, ws };
}
