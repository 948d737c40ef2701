// What a signed-in social enterprise or supplier can do on a need's page, grouped in one place
// so the need page itself stays as every visitor sees it.
import { StartOffer } from "../offers/StartOffer";

export function ParticipantActions({ needId }: { needId: string }) {
  return (
    <>
      <StartOffer needId={needId} />
    </>
  );
}
