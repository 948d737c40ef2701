//! Joint offers through the API on both databases: forming an offer (invite, accept, decline,
//! leave, hand over), per-lot coverage worked out by hand and the one-offer-per-lot rule under
//! concurrent joins. Who sees what is in `joint_offer_privacy`.

use crate::helpers::{Backend, Client, Reply, TestApp};
use crate::on_both_databases;
use crate::operations::invite_to_joint_offer;
use crate::scenario::{
    enterprise, Member, Organisation, Scenario, RETURBUTIKEN, SKOLMAT, STADBOLAGET,
};
use serde_json::{json, Value};

pub(crate) const CREATE: &str = "mutation($i: CreateJointOfferInput!) { createJointOffer(input: \
                                 $i) { id status lots thread { id kind } } }";
pub(crate) const ANSWER: &str = "mutation($o: ID!, $org: ID!, $yes: Boolean!) { \
                                 answerJointOfferInvitation(offerId: $o, organisationId: $org, \
                                 accept: $yes) { status } }";
pub(crate) const CONTRIBUTE: &str = "mutation($o: ID!, $org: ID!, $c: ContributionInput!) { \
                                     setJointOfferContribution(offerId: $o, organisationId: $org, \
                                     contribution: $c) { status } }";
pub(crate) const CONFIRM: &str = "mutation($o: ID!, $org: ID!) { confirmJointOffer(offerId: $o, \
                                  organisationId: $org) { status } }";
pub(crate) const OFFER: &str = "query($id: ID!) { jointOffer(id: $id) { id status lead { name } \
                                lots pitch submittedAt warnings
    members { organisation { name } role state contribution { trainingPlaces } confirmedAt }
    coverage { lot title cpv cpvCovered region regionCovered measure required covered reserved reservedCovered
      gaps { factor explanation }
      reservedShares { organisation { name } verified targetGroupStaffPercent qualifies }
      competition { clearlyFine explanation capableAlone { name } } }
    thread { id } history { kind status detail organisation { name } } } }";
pub(crate) const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";

/// Göteborg's need (lot 1: reserved cleaning in SE232, 20 work-training places; lot 2: school
/// meals), open to joint offers and subcontracting; Returbutiken (a verified WISE, 8 places),
/// Städbolaget Väst (a supplier, 14 places) and Skolmat Väst (meals), each with one person.
pub(crate) struct Market {
    pub(crate) app: TestApp,
    pub(crate) anna: Client,
    pub(crate) buyer: String,
    pub(crate) need: String,
    pub(crate) sara: Client,
    pub(crate) wise: String,
    pub(crate) olle: Client,
    pub(crate) cleaner: String,
    pub(crate) kim: Client,
    pub(crate) caterer: String,
    pub(crate) anonymous: Client,
}

pub(crate) async fn market(backend: Backend) -> Market {
    let s = Scenario::with_codes(backend).await;
    let (anna, buyer) = s.buyer().await.parts();
    let mut need = crate::matching::need();
    need["jointOffersWelcome"] = json!(true);
    need["subcontractingWelcome"] = json!(true);
    let (need, _) = crate::need_search::create(&anna, &buyer, need, true).await;
    let Member { client: sara, org: wise } = s.enterprise(RETURBUTIKEN, json!({
        "cpv": ["90911200"], "regionsServed": ["SE232"], "targetGroups": ["NEWLY_ARRIVED"],
        "takesEmploymentRequirements": true, "capacity": { "trainingPlaces": 8 },
        "wise": { "integrationMainAim": true, "targetGroupStaffPercent": 40, "measuredOn": crate::helpers::recent_day(), "evidence": "Annual report 2025" },
    })).await;
    let Member { client: olle, org: cleaner } = s.enterprise(STADBOLAGET,
        json!({ "cpv": ["90910000"], "regionsServed": ["SE2"], "capacity": { "staff": 40, "trainingPlaces": 14 } }),
    )
    .await;
    let Member {
        client: kim,
        org: caterer,
    } = s
        .enterprise(
            SKOLMAT,
            json!({ "cpv": ["55520000"], "regionsServed": ["SE232"] }),
        )
        .await;
    s.app.verify_organisation(&wise).await;
    Market {
        anonymous: s.anonymous(),
        app: s.app,
        anna,
        buyer,
        need,
        sara,
        wise,
        olle,
        cleaner,
        kim,
        caterer,
    }
}

impl Market {
    /// `lead` starts an offer for lot 1, bringing `places` work-training places.
    pub(crate) async fn offer(&self, lead: &Client, org: &str, places: u32) -> String {
        lead.gql(
            CREATE,
            json!({ "i": { "needId": self.need, "organisationId": org, "lots": [1], "pitch": "Cleaning with work training",
                "contribution": { "trainingPlaces": places } } }),
        )
        .await
        .str("createJointOffer.id")
    }

    /// Invites `org` and has `admin` accept.
    pub(crate) async fn join(
        &self,
        lead: &Client,
        offer: &str,
        admin: &Client,
        org: &str,
        role: &str,
    ) {
        invite_to_joint_offer(lead, offer, org, role, "Join us?")
            .await
            .data("inviteToJointOffer");
        admin
            .gql(ANSWER, json!({ "o": offer, "org": org, "yes": true }))
            .await
            .data("answerJointOfferInvitation");
    }

    pub(crate) async fn seen_by(&self, client: &Client, offer: &str) -> Value {
        client
            .gql(OFFER, json!({ "id": offer }))
            .await
            .data("jointOffer")
            .clone()
    }
}

/// `node(id)` as the client sees it (`null` when hidden).
pub(crate) async fn node(client: &Client, id: &str) -> Value {
    client
        .gql(NODE, json!({ "id": id }))
        .await
        .data("node")
        .clone()
}

/// An admin confirms for `org`; the offer's status after it.
pub(crate) async fn confirm(admin: &Client, offer: &str, org: &str) -> String {
    let reply = admin.gql(CONFIRM, json!({ "o": offer, "org": org })).await;
    status(&reply, "confirmJointOffer")
}

pub(crate) fn status(reply: &Reply, field: &str) -> String {
    reply.str(&format!("{field}.status"))
}

/// 8 + 12 of 20 places: the gap closes; the supplier does not qualify for the reserved lot and
/// is told so; nobody could meet the lot alone; readiness follows confirmations; submission
/// shows the offer to the buyer, who records the award; every change is in the history.
async fn coverage_readiness_and_submission(backend: Backend) {
    let m = market(backend).await;
    let created = m
        .sara
        .gql(
            CREATE,
            json!({ "i": { "needId": m.need, "organisationId": m.wise, "lots": [1], "contribution": { "trainingPlaces": 8 } } }),
        )
        .await;
    assert_eq!(
        created.str("createJointOffer.status"),
        "FORMING",
        "the lead has not confirmed yet"
    );
    assert_eq!(created.data("createJointOffer.lots"), &json!([1]));
    assert_eq!(created.str("createJointOffer.thread.kind"), "CONSORTIUM");
    let offer = created.str("createJointOffer.id");

    let alone = m.seen_by(&m.sara, &offer).await;
    let lot = &alone["coverage"][0];
    assert_eq!(lot["lot"], 1);
    assert_eq!(lot["title"], "Cleaning team");
    assert_eq!(lot["measure"], "TRAINING_PLACES");
    assert_eq!(
        (lot["required"].as_f64(), lot["covered"].as_f64()),
        (Some(20.0), Some(8.0))
    );
    assert_eq!(
        lot["gaps"],
        json!([{ "factor": "CAPACITY", "explanation": "12 more work-training places are needed." }])
    );

    m.join(&m.sara, &offer, &m.olle, &m.cleaner, "PARTNER")
        .await;
    let joined = m.seen_by(&m.sara, &offer).await;
    assert_eq!(
        joined["status"], "FORMING",
        "the new member has not confirmed"
    );
    assert_eq!(
        joined["coverage"][0]["covered"].as_f64(),
        Some(22.0),
        "8 stated + 14 from the profile"
    );
    let reply = m
        .olle
        .gql(
            CONTRIBUTE,
            json!({ "o": offer, "org": m.cleaner, "c": { "trainingPlaces": 12 } }),
        )
        .await;
    assert_eq!(status(&reply, "setJointOfferContribution"), "FORMING");

    let full = m.seen_by(&m.sara, &offer).await;
    let lot = &full["coverage"][0];
    assert_eq!(lot["covered"].as_f64(), Some(20.0));
    assert_eq!(lot["gaps"], json!([]));
    assert_eq!(
        (
            lot["cpvCovered"].as_bool(),
            lot["regionCovered"].as_bool(),
            lot["reservedCovered"].as_bool()
        ),
        (Some(true), Some(true), Some(true))
    );
    assert_eq!(
        lot["reservedShares"],
        json!([
            { "organisation": { "name": "Returbutiken" }, "verified": true, "targetGroupStaffPercent": 40, "qualifies": true },
            { "organisation": { "name": "Städbolaget Väst" }, "verified": false, "targetGroupStaffPercent": null, "qualifies": false },
        ])
    );
    assert_eq!(lot["competition"]["clearlyFine"], true);
    assert_eq!(lot["competition"]["capableAlone"], json!([]));
    let warnings: Vec<&str> = full["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("Städbolaget Väst does not qualify for this reserved lot")),
        "{warnings:?}"
    );

    // Submitting before everyone confirmed is refused with the reason.
    let early = m
        .sara
        .gql(
            "mutation($o: ID!) { submitJointOffer(offerId: $o) { status } }",
            json!({ "o": offer }),
        )
        .await;
    assert_eq!(early.code(), "CONFLICT");
    assert!(early.message().contains("confirm"), "{}", early.message());

    assert_eq!(confirm(&m.sara, &offer, &m.wise).await, "FORMING");
    assert_eq!(confirm(&m.olle, &offer, &m.cleaner).await, "READY");
    // A change of contribution unsettles the offer until everyone confirms again.
    let reply = m.olle.gql(CONTRIBUTE, json!({ "o": offer, "org": m.cleaner, "c": { "trainingPlaces": 12, "note": "Autumn term" } })).await;
    assert_eq!(status(&reply, "setJointOfferContribution"), "FORMING");
    confirm(&m.sara, &offer, &m.wise).await;
    assert_eq!(confirm(&m.olle, &offer, &m.cleaner).await, "READY");

    // The buyer sees nothing before submission.
    assert_eq!(m.seen_by(&m.anna, &offer).await, Value::Null);
    let submit = m
        .olle
        .gql(
            "mutation($o: ID!) { submitJointOffer(offerId: $o) { status } }",
            json!({ "o": offer }),
        )
        .await;
    assert_eq!(submit.code(), "FORBIDDEN", "only the lead submits");
    let submitted = m
        .sara
        .gql(
            "mutation($o: ID!) { submitJointOffer(offerId: $o) { status } }",
            json!({ "o": offer }),
        )
        .await;
    assert_eq!(status(&submitted, "submitJointOffer"), "SUBMITTED");

    let buyer_view = m.seen_by(&m.anna, &offer).await;
    assert_eq!(buyer_view["status"], "SUBMITTED");
    assert_eq!(buyer_view["members"].as_array().unwrap().len(), 2);
    assert_eq!(buyer_view["coverage"][0]["covered"].as_f64(), Some(20.0));
    assert_eq!(
        buyer_view["thread"],
        Value::Null,
        "the consortium thread is the members' alone"
    );
    assert_eq!(buyer_view["history"], Value::Null);
    assert_eq!(buyer_view["warnings"], json!([]));
    let listed = m
        .anna
        .gql(
            "query($id: ID!) { need(id: $id) { jointOffers { id status } } }",
            json!({ "id": m.need }),
        )
        .await;
    assert_eq!(
        listed.data("need.jointOffers"),
        &json!([{ "id": offer, "status": "SUBMITTED" }])
    );

    // After submission the composition is fixed.
    let late = m
        .olle
        .gql(
            CONTRIBUTE,
            json!({ "o": offer, "org": m.cleaner, "c": { "trainingPlaces": 1 } }),
        )
        .await;
    assert_eq!(late.code(), "CONFLICT");
    let decide =
        "mutation($o: ID!, $a: Boolean!) { decideJointOffer(offerId: $o, awarded: $a) { status } }";
    assert_eq!(
        m.sara
            .gql(decide, json!({ "o": offer, "a": true }))
            .await
            .code(),
        "NOT_FOUND"
    );
    let awarded = m.anna.gql(decide, json!({ "o": offer, "a": true })).await;
    assert_eq!(status(&awarded, "decideJointOffer"), "AWARDED");

    let history = m.seen_by(&m.sara, &offer).await["history"].clone();
    let kinds: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "CREATED",
            "INVITED",
            "JOINED",
            "CONTRIBUTION_CHANGED",
            "CONFIRMED",
            "CONFIRMED",
            "CONTRIBUTION_CHANGED",
            "CONFIRMED",
            "CONFIRMED",
            "STATUS_CHANGED",
            "STATUS_CHANGED"
        ]
    );
    let last = history.as_array().unwrap().last().unwrap();
    assert_eq!(
        (last["status"].as_str(), last["detail"].as_str()),
        (Some("AWARDED"), Some("Awarded"))
    );
}

/// Decline, invite again and accept, hand over the lead, leave: each by the right person only,
/// with clear refusals for the rest, and the invited organisation told in-app.
async fn invite_decline_leave_and_hand_over(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer(&m.sara, &m.wise, 8).await;
    invite_to_joint_offer(&m.sara, &offer, &m.cleaner, "PARTNER", "Join us?")
        .await
        .data("inviteToJointOffer");

    let notes = m
        .olle
        .gql(
            "{ me { notifications(first: 5) { edges { node { kind message } } } } }",
            json!({}),
        )
        .await;
    let first = &notes.data("me.notifications.edges")[0]["node"];
    assert_eq!(first["kind"], "JOINT_OFFER_INVITATION");
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("Städbolaget Väst invited as partner"),
        "{first}"
    );

    // The invitee sees the offer it is invited to; a stranger does not.
    assert_eq!(
        m.seen_by(&m.olle, &offer).await["members"][1]["state"],
        "INVITED"
    );
    assert_eq!(m.seen_by(&m.kim, &offer).await, Value::Null);
    // Nobody answers for another organisation; the lead cannot accept its own invitation.
    let forged = m
        .sara
        .gql(ANSWER, json!({ "o": offer, "org": m.cleaner, "yes": true }))
        .await;
    assert_eq!(forged.code(), "FORBIDDEN");
    let stranger = m
        .kim
        .gql(ANSWER, json!({ "o": offer, "org": m.cleaner, "yes": true }))
        .await;
    assert_eq!(stranger.code(), "NOT_FOUND");

    let declined = m
        .olle
        .gql(
            ANSWER,
            json!({ "o": offer, "org": m.cleaner, "yes": false }),
        )
        .await;
    assert_eq!(status(&declined, "answerJointOfferInvitation"), "FORMING");
    let again = m
        .olle
        .gql(ANSWER, json!({ "o": offer, "org": m.cleaner, "yes": true }))
        .await;
    assert_eq!(
        again.code(),
        "NOT_FOUND",
        "once declined, the offer is out of sight and cannot be accepted"
    );
    m.join(&m.sara, &offer, &m.olle, &m.cleaner, "PARTNER")
        .await;
    let twice = invite_to_joint_offer(&m.sara, &offer, &m.cleaner, "PARTNER", "Join us?").await;
    assert_eq!(twice.code(), "CONFLICT");
    let as_lead = invite_to_joint_offer(&m.sara, &offer, &m.caterer, "LEAD", "Join us?").await;
    assert_eq!(as_lead.code(), "CONFLICT");

    // The lead cannot leave; it hands over first.
    let leave = "mutation($o: ID!, $org: ID!) { leaveJointOffer(offerId: $o, organisationId: \
                 $org) { status members { organisation { name } role state } } }";
    let refused = m
        .sara
        .gql(leave, json!({ "o": offer, "org": m.wise }))
        .await;
    assert_eq!(refused.code(), "CONFLICT");
    assert!(
        refused.message().contains("hand over"),
        "{}",
        refused.message()
    );
    let hand = "mutation($o: ID!, $org: ID!) { handOverJointOfferLead(offerId: $o, \
                organisationId: $org) { lead { name } members { organisation { name } role } } }";
    assert_eq!(
        m.olle
            .gql(hand, json!({ "o": offer, "org": m.cleaner }))
            .await
            .code(),
        "FORBIDDEN"
    );
    let handed = m
        .sara
        .gql(hand, json!({ "o": offer, "org": m.cleaner }))
        .await;
    assert_eq!(
        handed.str("handOverJointOfferLead.lead.name"),
        "Städbolaget Väst"
    );
    assert_eq!(
        handed.data("handOverJointOfferLead.members"),
        &json!([{ "organisation": { "name": "Städbolaget Väst" }, "role": "LEAD" }, { "organisation": { "name": "Returbutiken" }, "role": "PARTNER" }])
    );
    let left = m
        .sara
        .gql(leave, json!({ "o": offer, "org": m.wise }))
        .await;
    left.data("leaveJointOffer");
    assert_eq!(
        m.seen_by(&m.sara, &offer).await,
        Value::Null,
        "a former member no longer sees the offer"
    );
    let members = m.seen_by(&m.olle, &offer).await["members"].clone();
    assert_eq!(members[1]["state"], "LEFT");
    assert_eq!(m.seen_by(&m.anonymous, &offer).await, Value::Null);
}

/// An organisation bids in at most one joint offer per lot: a second acceptance is refused
/// with the lot named, also when four acceptances race; subcontracting in several is allowed,
/// and both leads are warned.
async fn one_bidding_offer_per_lot(backend: Backend) {
    let m = market(backend).await;
    let first = m.offer(&m.sara, &m.wise, 8).await;
    let second = m.offer(&m.kim, &m.caterer, 0).await;
    invite_to_joint_offer(&m.kim, &second, &m.wise, "PARTNER", "Join us?")
        .await
        .data("inviteToJointOffer");
    let refused = m
        .sara
        .gql(ANSWER, json!({ "o": second, "org": m.wise, "yes": true }))
        .await;
    assert_eq!(refused.code(), "CONFLICT");
    assert!(
        refused.message().contains("another joint offer for lot 1"),
        "{}",
        refused.message()
    );
    assert_eq!(
        m.seen_by(&m.sara, &second).await["members"][1]["state"],
        "INVITED",
        "nothing changed"
    );

    // Four leads invite Städbolaget at once; its admin accepts all four at the same moment.
    let mut offers = Vec::new();
    for (i, number) in ["10000001", "10000002", "10000003", "10000004"]
        .into_iter()
        .enumerate()
    {
        let name = format!("Lead {i}");
        let lead_org = Organisation {
            kind: "SUPPLIER",
            name: &name,
            country: "GB",
            number,
        };
        let Member { client: lead, org } =
            enterprise(&m.app, lead_org, json!({ "cpv": ["90911200"] })).await;
        let offer = m.offer(&lead, &org, 1).await;
        invite_to_joint_offer(&lead, &offer, &m.cleaner, "PARTNER", "Join us?")
            .await
            .data("inviteToJointOffer");
        offers.push(offer);
    }
    let answers = futures_util::future::join_all(offers.iter().map(|o| {
        m.olle
            .gql(ANSWER, json!({ "o": o, "org": m.cleaner, "yes": true }))
    }))
    .await;
    let accepted = answers
        .iter()
        .filter(|a| a.body.get("errors").is_none())
        .count();
    assert_eq!(accepted, 1, "exactly one acceptance may win: {answers:?}");
    assert!(answers
        .iter()
        .filter(|a| a.body.get("errors").is_some())
        .all(|a| a.code() == "CONFLICT"));

    // As a subcontractor it may sit in the first offer too; both leads see a warning.
    m.join(&m.sara, &first, &m.olle, &m.cleaner, "SUBCONTRACTOR")
        .await;
    let winner = offers
        .iter()
        .zip(&answers)
        .find(|(_, a)| a.body.get("errors").is_none())
        .unwrap()
        .0;
    let here = m.seen_by(&m.sara, &first).await["warnings"].clone();
    assert!(
        here.as_array().unwrap().iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("Städbolaget Väst also bids in another joint offer for lot 1")),
        "{here}"
    );
    let lead_of_winner = m.seen_by(&m.olle, winner).await["warnings"].clone();
    assert!(
        lead_of_winner
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().starts_with(
                "Städbolaget Väst also subcontracts in another joint offer for lot 1"
            )),
        "{lead_of_winner}"
    );

    // Withdrawing an offer frees its places: Skolmat Väst may lead another offer for lot 1.
    let blocked = m
        .kim
        .gql(
            CREATE,
            json!({ "i": { "needId": m.need, "organisationId": m.caterer, "lots": [1] } }),
        )
        .await;
    assert_eq!(blocked.code(), "CONFLICT");
    m.kim
        .gql(
            "mutation($o: ID!) { withdrawJointOffer(offerId: $o) { status } }",
            json!({ "o": second }),
        )
        .await
        .data("withdrawJointOffer");
    let third = m.offer(&m.kim, &m.caterer, 0).await;
    m.join(&m.kim, &third, &m.sara, &m.wise, "SUBCONTRACTOR")
        .await;
}
on_both_databases!(
    coverage_readiness_and_submission,
    invite_decline_leave_and_hand_over,
    one_bidding_offer_per_lot,
);
