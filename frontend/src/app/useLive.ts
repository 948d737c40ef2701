// Start of every live view: the event log's position before the page data is read, so that a
// subscription `after` it misses nothing that happens while the page loads.
import { useQuery } from "urql";
import { graphql } from "../gql";

const LiveCursorDocument = graphql(`
  query LiveCursor {
    liveCursor
  }
`);

/** The cursor to subscribe after, read fresh when the view mounts; `null` until known. */
export function useLiveCursor(): string | null {
  const [{ data }] = useQuery({ query: LiveCursorDocument, requestPolicy: "network-only" });
  return data?.liveCursor ?? null;
}
