// One hook per mutation: a member leaves, the lead hands over the lead, the lead changes the
// lots or the pitch.
import { useMutation } from "urql";
import { graphql } from "../gql";

// Having left, the organisation no longer sees the offer: ask only for what it still may.
const LeaveDocument = graphql(`
  mutation LeaveJointOffer($offerId: ID!, $organisationId: ID!) {
    leaveJointOffer(offerId: $offerId, organisationId: $organisationId) {
      id
      status
    }
  }
`);

const HandOverDocument = graphql(`
  mutation HandOverJointOfferLead($offerId: ID!, $organisationId: ID!) {
    handOverJointOfferLead(offerId: $offerId, organisationId: $organisationId) {
      id
      ...OfferWorkspace
    }
  }
`);

const UpdateDocument = graphql(`
  mutation UpdateJointOffer($offerId: ID!, $lots: [Int!], $pitch: String) {
    updateJointOffer(offerId: $offerId, lots: $lots, pitch: $pitch) {
      id
      ...OfferWorkspace
    }
  }
`);

export function useLeaveOffer() {
  return useMutation(LeaveDocument);
}

export function useHandOverLead() {
  return useMutation(HandOverDocument);
}

export function useUpdateOffer() {
  return useMutation(UpdateDocument);
}
