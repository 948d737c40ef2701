// The race behind a lost meeting: an event appends to a cached list, then a need read from
// before the event arrives and writes the shorter list back. Real urql client and graphcache;
// the server is a fake fetch (answers with a fixed list) and a hand-fed subscription.
import { cacheExchange } from "@urql/exchange-graphcache";
import { Client, fetchExchange, gql, subscriptionExchange, type ExecutionResult } from "urql";
import { describe, expect, it } from "vitest";
import { dialogueUpdates } from "../dialogue/live";
import { LiveLists } from "./liveLists";

const NeedMeetings = gql`
  query LiveListsNeedMeetings($id: ID!) {
    need(id: $id) {
      id
      meetings {
        id
      }
    }
  }
`;

const DialogueLive = gql`
  subscription LiveListsDialogue($needId: ID!) {
    dialogueEvents(needId: $needId) {
      cursor
      kind
      question {
        id
      }
      meeting {
        id
      }
    }
  }
`;

type Sink = { next: (value: ExecutionResult) => void };

/** A client whose server always lists `listed` as the need's meetings. */
function world(listed: () => string[]) {
  let events: Sink | null = null;
  const fetch = async () =>
    new Response(
      JSON.stringify({
        data: {
          need: { __typename: "Need", id: "n1", meetings: listed().map((id) => ({ __typename: "Meeting", id })) },
        },
      }),
      { headers: { "content-type": "application/json" } },
    );
  const client = new Client({
    url: "http://test/graphql",
    fetch,
    exchanges: [
      cacheExchange({ keys: { DialogueEvent: () => null }, updates: dialogueUpdates(new LiveLists()) }),
      subscriptionExchange({
        forwardSubscription: () => ({
          subscribe(sink) {
            events = sink;
            return { unsubscribe: () => {} };
          },
        }),
      }),
      fetchExchange,
    ],
  });
  client.subscription(DialogueLive, { needId: "n1" }).subscribe(() => {});
  const announced = (id: string, cursor: string) =>
    events!.next({
      data: {
        dialogueEvents: {
          __typename: "DialogueEvent",
          cursor,
          kind: "MEETING_ANNOUNCED",
          question: null,
          meeting: { __typename: "Meeting", id },
        },
      },
    });
  const fetchNeed = () => client.query(NeedMeetings, { id: "n1" }, { requestPolicy: "network-only" }).toPromise();
  const cached = async () => {
    const result = await client.query(NeedMeetings, { id: "n1" }, { requestPolicy: "cache-only" }).toPromise();
    return (result.data?.need?.meetings ?? []).map((m: { id: string }) => m.id);
  };
  return { announced, fetchNeed, cached };
}

describe("lists that live events add to", () => {
  it("keep a meeting an event added when an older read of the need arrives after it", async () => {
    const w = world(() => ["1", "2", "3"]);
    await w.fetchNeed();
    w.announced("4", "10");
    expect(await w.cached()).toEqual(["1", "2", "3", "4"]);
    await w.fetchNeed(); // answered by the server before meeting 4 was committed
    expect(await w.cached()).toEqual(["1", "2", "3", "4"]);
  });

  it("append once, then let the server's list decide once it holds the meeting", async () => {
    let listed = ["1"];
    const w = world(() => listed);
    await w.fetchNeed();
    w.announced("2", "10");
    w.announced("2", "11");
    expect(await w.cached()).toEqual(["1", "2"]);
    listed = ["2", "1"];
    await w.fetchNeed();
    expect(await w.cached()).toEqual(["2", "1"]);
    listed = ["1"]; // settled: a later list without it is the server's word
    await w.fetchNeed();
    expect(await w.cached()).toEqual(["1"]);
  });

  it("leave a list alone that no event added to", async () => {
    let listed = ["1", "2"];
    const w = world(() => listed);
    await w.fetchNeed();
    listed = ["2"];
    await w.fetchNeed();
    expect(await w.cached()).toEqual(["2"]);
  });
});
