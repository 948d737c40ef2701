//! Who sees a joint offer, on both databases: calls for partners and their visibility, who
//! sees what in every state, and the consortium thread's privacy through every path (queries,
//! `node`, writes, subscriptions).

use crate::helpers::{Backend, Client};
use crate::joint_offers::{confirm, market, node, CONFIRM, CONTRIBUTE, CREATE, NODE, OFFER};
use crate::on_both_databases;
use crate::operations::{api_token, post_message, start_thread};
use crate::websocket_client::{open, receive, subscribe_from_now};
use serde_json::{json, Value};

/// A call for partners shows the lead and the gaps to signed-in users, never the members; an
/// enterprise asks to join, the lead accepts. Every role sees what it should in every state.
async fn calls_for_partners_and_visibility(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer(&m.sara, &m.wise, 8).await;
    let call =
        "mutation($o: ID!, $t: String) { setPartnerCall(offerId: $o, text: $t) { partnerCall } }";
    assert_eq!(
        m.olle
            .gql(call, json!({ "o": offer, "t": "We need 12 more places" }))
            .await
            .code(),
        "NOT_FOUND"
    );
    let short = m.sara.gql(call, json!({ "o": offer, "t": "Hi" })).await;
    assert_eq!((short.code(), short.field()), ("BAD_USER_INPUT", "text"));
    m.sara
        .gql(
            call,
            json!({ "o": offer, "t": "We need 12 more work-training places in Göteborg." }),
        )
        .await
        .data("setPartnerCall");

    let calls = "query($n: ID) { partnerCalls(needId: $n) { offerId lead { name } lots text gaps \
                 { lot gaps { factor explanation } } } }";
    let listed = m.olle.gql(calls, json!({ "n": m.need })).await;
    assert_eq!(
        listed.data("partnerCalls"),
        &json!([{ "offerId": offer, "lead": { "name": "Returbutiken" }, "lots": [1], "text": "We need 12 more work-training places in Göteborg.",
            "gaps": [{ "lot": 1, "gaps": [{ "factor": "CAPACITY", "explanation": "12 more work-training places are needed." }] }] }])
    );
    assert_eq!(
        m.anonymous.gql(calls, json!({})).await.code(),
        "UNAUTHENTICATED"
    );
    // A call is not the offer: members and contributions stay hidden.
    for outsider in [&m.olle, &m.anna, &m.anonymous] {
        assert_eq!(m.seen_by(outsider, &offer).await, Value::Null);
        assert_eq!(node(outsider, &offer).await, Value::Null);
    }
    let offers_of_need = "query($id: ID!) { need(id: $id) { jointOffers { id } } }";
    assert_eq!(
        m.olle
            .gql(offers_of_need, json!({ "id": m.need }))
            .await
            .data("need.jointOffers"),
        &json!([])
    );
    assert_eq!(
        m.anna
            .gql(offers_of_need, json!({ "id": m.need }))
            .await
            .data("need.jointOffers"),
        &json!([])
    );

    let ask = "mutation($o: ID!, $org: ID!) { askToJoinJointOffer(offerId: $o, organisationId: \
               $org, message: \"We have 14 places\", contribution: { trainingPlaces: 12 }) { \
               status members { organisation { name } } } }";
    let asked = m
        .olle
        .gql(ask, json!({ "o": offer, "org": m.cleaner }))
        .await;
    assert_eq!(asked.str("askToJoinJointOffer.status"), "FORMING");
    assert_eq!(
        asked.data("askToJoinJointOffer.members"),
        &json!([]),
        "asking does not open the offer"
    );
    let requests = m.seen_by(&m.sara, &offer).await["members"].clone();
    assert_eq!(requests[1]["state"], "REQUESTED");
    let answer = "mutation($o: ID!, $org: ID!) { answerJoinRequest(offerId: $o, organisationId: \
                  $org, accept: true) { status } }";
    assert_eq!(
        m.olle
            .gql(answer, json!({ "o": offer, "org": m.cleaner }))
            .await
            .code(),
        "NOT_FOUND"
    );
    m.sara
        .gql(answer, json!({ "o": offer, "org": m.cleaner }))
        .await
        .data("answerJoinRequest");
    let member_view = m.seen_by(&m.olle, &offer).await;
    assert_eq!(member_view["coverage"][0]["gaps"], json!([]));
    assert!(member_view["thread"]["id"].is_string());

    let mine = m
        .olle
        .gql(
            "{ myJointOffers { id viewerIsMember viewerLeads } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine.data("myJointOffers"),
        &json!([{ "id": offer, "viewerIsMember": true, "viewerLeads": false }])
    );
    let wrong_lot = m
        .olle
        .gql(
            CONTRIBUTE,
            json!({ "o": offer, "org": m.cleaner, "c": { "lots": [2] } }),
        )
        .await;
    assert_eq!(
        (wrong_lot.code(), wrong_lot.field()),
        ("BAD_USER_INPUT", "contribution.lots")
    );
    let bad_region = m
        .olle
        .gql(
            CONTRIBUTE,
            json!({ "o": offer, "org": m.cleaner, "c": { "regions": ["XX999"] } }),
        )
        .await;
    assert_eq!(bad_region.code(), "BAD_USER_INPUT");
    let no_lot = m
        .kim
        .gql(
            CREATE,
            json!({ "i": { "needId": m.need, "organisationId": m.caterer, "lots": [7] } }),
        )
        .await;
    assert_eq!((no_lot.code(), no_lot.field()), ("BAD_USER_INPUT", "lots"));
    let by_buyer = m
        .anna
        .gql(
            CREATE,
            json!({ "i": { "needId": m.need, "organisationId": m.buyer } }),
        )
        .await;
    assert_eq!(
        by_buyer.code(),
        "BAD_USER_INPUT",
        "municipalities do not form joint offers"
    );
}

/// The consortium thread reaches the members and nobody else, by every path: thread lists,
/// `node`, writes, `dialogueEvents` and `jointOfferEvents`; a joint-offer change reaches the
/// members live.
async fn consortium_thread_privacy(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer(&m.sara, &m.wise, 8).await;
    m.join(&m.sara, &offer, &m.olle, &m.cleaner, "PARTNER")
        .await;
    let thread = m.seen_by(&m.sara, &offer).await["thread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let dialogue = format!(
        "subscription($after: String) {{ dialogueEvents(needId: \"{}\", after: $after) {{ kind \
         thread {{ kind }} message {{ body }} }} }}",
        m.need
    );
    let offers = "subscription($after: String) { jointOfferEvents(after: $after) { kind change \
                  offer { id status } message { body } } }";
    let url = m.app.url("/graphql");
    let mut olle_dialogue = open(&m.app, Some(&api_token(&m.olle, "ws").await.token)).await;
    subscribe_from_now(&mut olle_dialogue, &url, "1", &dialogue).await;
    let mut olle_offers = open(&m.app, Some(&api_token(&m.olle, "ws").await.token)).await;
    subscribe_from_now(&mut olle_offers, &url, "1", offers).await;
    let anna_token = api_token(&m.anna, "ws").await.token;
    let mut anna_dialogue = open(&m.app, Some(&anna_token)).await;
    subscribe_from_now(&mut anna_dialogue, &url, "1", &dialogue).await;
    let mut kim_offers = open(&m.app, Some(&api_token(&m.kim, "ws").await.token)).await;
    subscribe_from_now(&mut kim_offers, &url, "1", offers).await;

    let posted = post_message(&m.sara, &thread, "Our price is 12 SEK per m².").await;
    let message = posted.str("postMessage.id");

    let seen = receive(&mut olle_dialogue).await;
    assert_eq!(
        seen["payload"]["data"]["dialogueEvents"]["thread"]["kind"],
        "CONSORTIUM"
    );
    let live = receive(&mut olle_offers).await;
    assert_eq!(
        live["payload"]["data"]["jointOfferEvents"]["kind"],
        "MESSAGE"
    );
    assert_eq!(
        live["payload"]["data"]["jointOfferEvents"]["message"]["body"],
        "Our price is 12 SEK per m²."
    );
    let threads = "query($id: ID!) { need(id: $id) { threads { id kind } } }";
    let olle_threads = m.olle.gql(threads, json!({ "id": m.need })).await;
    assert_eq!(
        olle_threads.data("need.threads"),
        &json!([{ "id": thread, "kind": "CONSORTIUM" }])
    );

    for outsider in [&m.anna, &m.kim, &m.anonymous] {
        assert_eq!(node(outsider, &thread).await, Value::Null);
        assert_eq!(node(outsider, &message).await, Value::Null);
    }
    assert_eq!(
        m.anna
            .gql(threads, json!({ "id": m.need }))
            .await
            .data("need.threads"),
        &json!([])
    );
    assert_eq!(
        m.kim
            .gql(threads, json!({ "id": m.need }))
            .await
            .data("need.threads"),
        &json!([])
    );
    let intrusion = post_message(&m.anna, &thread, "Let me read along").await;
    assert_eq!(intrusion.code(), "NOT_FOUND");

    // A change the members hear of live; the stranger's subscription stays silent (the next
    // thing it receives is about its own offer).
    m.olle
        .gql(CONFIRM, json!({ "o": offer, "org": m.cleaner }))
        .await
        .data("confirmJointOffer");
    let change = receive(&mut olle_offers).await;
    assert_eq!(
        change["payload"]["data"]["jointOfferEvents"]["change"],
        "CONFIRMED"
    );

    let own = m.offer(&m.kim, &m.caterer, 0).await;
    let first_for_kim = receive(&mut kim_offers).await;
    assert_eq!(
        first_for_kim["payload"]["data"]["jointOfferEvents"]["offer"]["id"],
        own.as_str(),
        "{first_for_kim}"
    );

    // The buyer hears the public dialogue, never the consortium message before it.
    let started = start_thread(
        &m.anna,
        &m.need,
        "PUBLIC",
        "Site visits",
        "Visits are on Mondays.",
        None,
    )
    .await;
    started.data("startThread");
    let first_for_anna = receive(&mut anna_dialogue).await;
    assert_eq!(
        first_for_anna["payload"]["data"]["dialogueEvents"]["message"]["body"],
        "Visits are on Mondays.",
        "{first_for_anna}"
    );

    // After the offer is withdrawn its thread is read-only.
    m.sara
        .gql(
            "mutation($o: ID!) { withdrawJointOffer(offerId: $o) { status } }",
            json!({ "o": offer }),
        )
        .await
        .data("withdrawJointOffer");
    let closed = post_message(&m.sara, &thread, "Anyone?").await;
    assert_eq!(closed.code(), "CONFLICT");
}

/// Who sees an offer, state by state: members always; another enterprise and the anonymous
/// never; the buyer side from submission on (also once it is withdrawn or decided), never an
/// offer withdrawn before submission.
async fn visibility_in_every_state(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer(&m.sara, &m.wise, 8).await;
    let early = m.offer(&m.kim, &m.caterer, 0).await;
    let sees = |client: &Client, id: String| {
        let client = client.clone();
        async move {
            let direct = client.gql(OFFER, json!({ "id": id })).await;
            let node = client.gql(NODE, json!({ "id": id })).await;
            let seen = !direct.data("jointOffer").is_null();
            assert_eq!(
                seen,
                !node.data("node").is_null(),
                "jointOffer and node disagree"
            );
            seen
        }
    };
    let check = |state: &'static str, buyer: bool| {
        let (sara, olle, anna, anonymous, offer) = (
            m.sara.clone(),
            m.olle.clone(),
            m.anna.clone(),
            m.anonymous.clone(),
            offer.clone(),
        );
        async move {
            assert!(sees(&sara, offer.clone()).await, "the member, {state}");
            assert!(
                !sees(&olle, offer.clone()).await,
                "another enterprise, {state}"
            );
            assert!(!sees(&anonymous, offer.clone()).await, "anonymous, {state}");
            assert_eq!(
                sees(&anna, offer.clone()).await,
                buyer,
                "the buyer, {state}"
            );
        }
    };
    check("FORMING", false).await;
    assert_eq!(confirm(&m.sara, &offer, &m.wise).await, "READY");
    check("READY", false).await;
    let submit = "mutation($o: ID!) { submitJointOffer(offerId: $o) { status } }";
    m.sara
        .gql(submit, json!({ "o": offer }))
        .await
        .data("submitJointOffer");
    check("SUBMITTED", true).await;
    let decide = "mutation($o: ID!) { decideJointOffer(offerId: $o, awarded: false) { status } }";
    assert_eq!(
        m.anna
            .gql(decide, json!({ "o": offer }))
            .await
            .str("decideJointOffer.status"),
        "NOT_AWARDED"
    );
    check("NOT_AWARDED", true).await;

    let withdraw = "mutation($o: ID!) { withdrawJointOffer(offerId: $o) { status } }";
    m.kim
        .gql(withdraw, json!({ "o": early }))
        .await
        .data("withdrawJointOffer");
    assert!(sees(&m.kim, early.clone()).await);
    assert!(
        !sees(&m.anna, early.clone()).await,
        "withdrawn before submission: never the buyer's"
    );
    let listed = m
        .anna
        .gql(
            "query($id: ID!) { need(id: $id) { jointOffers { id status } } }",
            json!({ "id": m.need }),
        )
        .await;
    assert_eq!(
        listed.data("need.jointOffers"),
        &json!([{ "id": offer, "status": "NOT_AWARDED" }])
    );
}

on_both_databases!(
    calls_for_partners_and_visibility,
    consortium_thread_privacy,
    visibility_in_every_state,
);
