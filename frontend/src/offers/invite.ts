// One hook per mutation: the lead invites an enterprise to the offer.
import { useMutation } from "urql";
import { graphql } from "../gql";

const InviteDocument = graphql(`
  mutation InviteToJointOffer($offerId: ID!, $organisationId: ID!, $role: JointOfferRole!, $message: String!) {
    inviteToJointOffer(offerId: $offerId, organisationId: $organisationId, role: $role, message: $message) {
      id
      ...OfferWorkspace
    }
  }
`);

export function useInvite() {
  return useMutation(InviteDocument);
}
