//! The small things a probe found: one spelling per id and cursor, profile numbers and
//! languages in range, UNAUTHENTICATED before NOT_FOUND for an anonymous change, and a code on
//! the websocket's "too many operations" error; one root field per subscription; 1009 for an
//! oversized websocket message.

use crate::helpers::{Backend, TestApp};
use crate::on_both_databases;
use crate::operations::update_profile;
use crate::scenario::{Member, Scenario};
use crate::websocket_client::{closed_with, open, receive};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use futures_util::SinkExt;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

/// `Organisation:01`, `Organisation:+1` and `cursor:-1` are refused as BAD_USER_INPUT; the
/// id the API gave out works.
async fn one_spelling_per_id_and_cursor(backend: Backend) {
    let s = Scenario::start(backend).await;
    let Member {
        client: anna,
        org: id,
    } = s.buyer().await;
    let query = "query($id: ID!) { organisation(id: $id) { name } }";
    assert_eq!(
        anna.gql(query, json!({ "id": id }))
            .await
            .str("organisation.name"),
        "Göteborgs Stad"
    );
    for spelling in ["Organisation:01", "Organisation:+1", "Organisation: 1"] {
        let forged = URL_SAFE_NO_PAD.encode(spelling);
        let reply = anna.gql(query, json!({ "id": forged })).await;
        assert_eq!(reply.code(), "BAD_USER_INPUT", "{spelling}: {}", reply.body);
    }
    for cursor in ["cursor:-1", "cursor:01", "cursor:+0"] {
        let reply = anna
            .gql(
                "query($a: String) { organisations(first: 5, after: $a) { edges { node { id } } \
                 } }",
                json!({ "a": URL_SAFE_NO_PAD.encode(cursor) }),
            )
            .await;
        assert_eq!(
            (reply.code(), reply.field()),
            ("BAD_USER_INPUT", "after"),
            "{cursor}: {}",
            reply.body
        );
    }
}

/// A staff count of 2,147,483,647 and a language code `xx` are refused with the field; an
/// anonymous `updateJointOffer` is UNAUTHENTICATED.
async fn profile_ranges_and_anonymous_changes(backend: Backend) {
    let s = Scenario::start(backend).await;
    let Member { client: sara, org } = s.wise().await;
    let app = s.app;
    for (profile, field, why) in [
        (
            json!({ "capacity": { "staff": 2_147_483_647 } }),
            "capacity.staff",
            "OUT_OF_RANGE",
        ),
        (
            json!({ "languages": ["sv", "xx"] }),
            "languages[1]",
            "INVALID",
        ),
    ] {
        let reply = update_profile(&sara, &org, 0, profile).await;
        assert_eq!(
            (reply.code(), reply.field()),
            ("BAD_USER_INPUT", field),
            "{}",
            reply.body
        );
        assert_eq!(reply.body["errors"][0]["extensions"]["reason"], why);
    }
    let profile = json!({ "languages": ["sv", "nb", "en"], "capacity": { "staff": 40 } });
    update_profile(&sara, &org, 0, profile)
        .await
        .data("updateProfile");
    let offer = URL_SAFE_NO_PAD.encode("JointOffer:1");
    let anonymous = app
        .browser()
        .gql(
            "mutation($o: ID!) { updateJointOffer(offerId: $o, pitch: \"x\") { id } }",
            json!({ "o": offer }),
        )
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED", "{}", anonymous.body);
}

/// The 101st running operation on one websocket is refused with an error that has a code.
async fn too_many_operations_has_a_code(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut socket = open(&app, None).await;
    let query = "subscription { needEvents { kind } }";
    for i in 0..101 {
        let message =
            json!({ "type": "subscribe", "id": format!("s{i}"), "payload": { "query": query } });
        socket
            .send(Message::Text(message.to_string().into()))
            .await
            .unwrap();
    }
    let refused = receive(&mut socket).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(refused["id"], "s100");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "RATE_LIMITED",
        "{refused}"
    );
}

/// A subscription with two root fields is refused before it starts (over HTTP and websocket).
async fn a_subscription_has_one_root_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut socket = open(&app, None).await;
    let two = "subscription { needEvents { kind } other: needEvents { kind } }";
    let message = json!({ "type": "subscribe", "id": "two", "payload": { "query": two } });
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
    let refused = receive(&mut socket).await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "BAD_USER_INPUT",
        "{refused}"
    );
    let message = refused["payload"][0]["message"].as_str().unwrap();
    assert!(message.contains("exactly one field"), "{message}");

    let one = "subscription { needEvents { kind } }";
    let message = json!({ "type": "subscribe", "id": "one", "payload": { "query": one } });
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
    let ping = json!({ "type": "ping" });
    socket
        .send(Message::Text(ping.to_string().into()))
        .await
        .unwrap();
    assert_eq!(
        receive(&mut socket).await["type"],
        "pong",
        "one root field runs"
    );
}

/// A websocket message over the size limit closes the connection with 1009 (message too big),
/// so the client knows why.
async fn an_oversized_message_closes_with_1009(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut socket = open(&app, None).await;
    let huge = "x".repeat(2 * 1024 * 1024);
    let message = json!({ "type": "subscribe", "id": "big", "payload": { "query": huge } });
    // The server may close before the whole message is written; that is the point.
    let _ = socket.send(Message::Text(message.to_string().into())).await;
    assert_eq!(closed_with(&mut socket).await, 1009);
}

/// CPV codes in a profile and in need and partner search filters must be in the CPV list, as
/// need codes are: a well-formed code that is not is refused with the field and UNKNOWN.
async fn cpv_codes_are_checked_against_the_list(backend: Backend) {
    let s = Scenario::start(backend).await;
    let Member { client: sara, org } = s.wise().await;
    let unknown = update_profile(&sara, &org, 0, json!({ "cpv": ["90910000", "99990000"] })).await;
    assert_eq!(
        (unknown.code(), unknown.field()),
        ("BAD_USER_INPUT", "cpv[1]"),
        "{}",
        unknown.body
    );
    assert_eq!(unknown.body["errors"][0]["extensions"]["reason"], "UNKNOWN");
    update_profile(&sara, &org, 0, json!({ "cpv": ["90910000"] }))
        .await
        .data("updateProfile");
    let needs = sara
        .gql(
            "query($f: NeedFilterInput) { needs(first: 5, filter: $f) { edges { node { id } } } }",
            json!({ "f": { "cpv": ["99990000"] } }),
        )
        .await;
    assert_eq!(
        (needs.code(), needs.field()),
        ("BAD_USER_INPUT", "cpv"),
        "{}",
        needs.body
    );
    let partners = sara
        .gql(
            "{ searchPartners(filter: { cpv: \"99990000\" }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(
        (partners.code(), partners.field()),
        ("BAD_USER_INPUT", "cpv"),
        "{}",
        partners.body
    );
}

on_both_databases!(
    a_subscription_has_one_root_field,
    an_oversized_message_closes_with_1009,
    cpv_codes_are_checked_against_the_list,
    one_spelling_per_id_and_cursor,
    profile_ranges_and_anonymous_changes,
    too_many_operations_has_a_code
);
