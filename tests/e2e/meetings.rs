//! Meetings: concurrent bookings never overbook, one one-to-one slot per organisation and
//! need, changes reach those who booked, and published minutes reach everyone.

use crate::dialogue::{dialogue, Dialogue};
use crate::helpers::{Backend, Client, Reply};
use crate::on_both_databases;
use crate::operations::{announce_meeting, book_meeting};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

const MEETINGS: &str = "query($id: ID!) { need(id: $id) { meetings { id title startsAt location \
                        placesLeft minutes cancelledAt bookings { organisation { name } } } } }";

fn slot(hours_from_now: i64, capacity: Option<i32>) -> Value {
    let starts = Utc::now() + Duration::hours(hours_from_now);
    json!({
        "title": "Supplier day at the city hall",
        "startsAt": starts.to_rfc3339(),
        "endsAt": (starts + Duration::hours(2)).to_rfc3339(),
        "location": "Stadshuset, Gustaf Adolfs torg 1",
        "capacity": capacity,
    })
}

impl Dialogue {
    async fn announce(&self, kind: &str, input: Value) -> Reply {
        announce_meeting(&self.anna, &self.need, kind, input).await
    }

    async fn meetings_seen_by(&self, client: &Client) -> Value {
        client
            .gql(MEETINGS, json!({ "id": self.need }))
            .await
            .data("need.meetings")
            .clone()
    }
}

/// Eight suppliers book a supplier day with three places at the same moment: exactly three
/// get in. One organisation grabbing two one-to-one slots at once gets exactly one.
async fn concurrent_bookings_never_overbook(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let day = d
        .announce("SUPPLIER_DAY", slot(48, Some(3)))
        .await
        .str("announceMeeting.id");
    let mut bookers = Vec::new();
    for i in 0..8 {
        let client = d.app.browser();
        client
            .register(&format!("booker{i}@firma.se"), &format!("Booker {i}"))
            .await;
        let org = client
            .create_org(
                "SUPPLIER",
                &format!("Firma {i}"),
                "GB",
                &format!("0{}", 1_234_560 + i),
            )
            .await
            .str("createOrganisation.id");
        bookers.push((client, org));
    }
    let attempts = bookers
        .iter()
        .map(|(client, org)| book_meeting(client, &day, org));
    let results = futures_util::future::join_all(attempts).await;
    let booked = results
        .iter()
        .filter(|r| r.body.get("errors").is_none())
        .count();
    assert_eq!(booked, 3, "{results:#?}");
    for refused in results.iter().filter(|r| r.body.get("errors").is_some()) {
        assert_eq!(refused.code(), "CONFLICT");
        assert!(
            refused.message().contains("fully booked"),
            "{}",
            refused.message()
        );
    }
    let seen = d.meetings_seen_by(&d.anna).await;
    assert_eq!(seen[0]["placesLeft"], 0);
    assert_eq!(
        seen[0]["bookings"].as_array().unwrap().len(),
        3,
        "the buyer sees every booking"
    );
    assert_eq!(
        d.meetings_seen_by(&d.erik).await[0]["bookings"],
        json!([]),
        "others see none"
    );

    let slots: Vec<String> =
        futures_util::future::join_all((0..2).map(|_| d.announce("ONE_TO_ONE", slot(72, None))))
            .await
            .iter()
            .map(|r| r.str("announceMeeting.id"))
            .collect();
    let grabs = slots.iter().map(|m| book_meeting(&d.sara, m, &d.wise));
    let grabs = futures_util::future::join_all(grabs).await;
    let held = grabs
        .iter()
        .filter(|r| r.body.get("errors").is_none())
        .count();
    assert_eq!(
        held, 1,
        "one one-to-one slot per organisation and need: {grabs:#?}"
    );
    let refused = grabs
        .iter()
        .find(|r| r.body.get("errors").is_some())
        .unwrap();
    assert!(
        refused.message().contains("already holds"),
        "{}",
        refused.message()
    );

    let again = book_meeting(&d.sara, &day, &d.wise).await;
    assert_eq!(again.code(), "CONFLICT", "a full meeting stays full");
}

/// The buyer's changes reach those who booked; capacity cannot drop below the bookings;
/// cancelling a booking frees the place; bad input is refused clearly.
async fn changes_cancellations_and_bad_input(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let day = d
        .announce("SUPPLIER_DAY", slot(24, Some(2)))
        .await
        .str("announceMeeting.id");
    book_meeting(&d.sara, &day, &d.wise)
        .await
        .data("bookMeeting");
    book_meeting(&d.erik, &day, &d.supplier)
        .await
        .data("bookMeeting");

    let change = "mutation($m: ID!, $i: MeetingInput!) { changeMeeting(meetingId: $m, input: $i) \
                  { location capacity } }";
    let mut moved = slot(25, Some(1));
    let too_small = d.anna.gql(change, json!({ "m": day, "i": moved })).await;
    assert_eq!(too_small.code(), "BAD_USER_INPUT");
    assert_eq!(too_small.field(), "capacity");
    moved["capacity"] = json!(5);
    moved["location"] = json!("https://meet.example.org/supplier-day");
    let changed = d.anna.gql(change, json!({ "m": day, "i": moved })).await;
    assert_eq!(changed.data("changeMeeting.capacity"), 5);
    let not_buyer = d.erik.gql(change, json!({ "m": day, "i": moved })).await;
    assert_eq!(not_buyer.code(), "FORBIDDEN");

    let kinds = |client: &Client| {
        let client = client.clone();
        async move {
            client
                .gql(
                    "{ me { notifications(first: 10) { edges { node { kind message } } } } }",
                    json!({}),
                )
                .await
                .data("me.notifications.edges")
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["node"]["kind"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        kinds(&d.anna).await,
        vec!["MEETING_BOOKED", "MEETING_BOOKED"]
    );
    assert_eq!(
        kinds(&d.bo).await,
        vec!["MEETING_CHANGED"],
        "Sara's colleague hears of the change"
    );

    let cancel_booking = "mutation($m: ID!, $o: ID!) { cancelBooking(meetingId: $m, \
                          organisationId: $o) { placesLeft } }";
    let freed = d
        .erik
        .gql(cancel_booking, json!({ "m": day, "o": d.supplier }))
        .await;
    assert_eq!(freed.data("cancelBooking.placesLeft"), 4);
    let not_booked = d
        .erik
        .gql(cancel_booking, json!({ "m": day, "o": d.supplier }))
        .await;
    assert_eq!(not_booked.code(), "NOT_FOUND");

    let cancel = "mutation($m: ID!) { cancelMeeting(meetingId: $m) { cancelledAt placesLeft } }";
    let cancelled = d.anna.gql(cancel, json!({ "m": day })).await;
    assert_eq!(cancelled.data("cancelMeeting.placesLeft"), 0);
    assert_eq!(kinds(&d.sara).await[0], "MEETING_CHANGED");
    let late = book_meeting(&d.erik, &day, &d.supplier).await;
    assert_eq!(late.code(), "CONFLICT");

    let past = d.announce("SUPPLIER_DAY", slot(-1, Some(3))).await;
    assert_eq!(past.field(), "startsAt");
    let crowded_slot = d.announce("ONE_TO_ONE", slot(5, Some(3))).await;
    assert_eq!(crowded_slot.field(), "capacity");
    let no_capacity = d.announce("SUPPLIER_DAY", slot(5, None)).await;
    assert_eq!(no_capacity.field(), "capacity");
    let mut backwards = slot(5, Some(3));
    backwards["endsAt"] = backwards["startsAt"].clone();
    assert_eq!(
        d.announce("SUPPLIER_DAY", backwards).await.field(),
        "endsAt"
    );
    let by_supplier = announce_meeting(&d.erik, &d.need, "SUPPLIER_DAY", slot(5, Some(3))).await;
    assert_eq!(by_supplier.code(), "FORBIDDEN");
}

/// Minutes of a one-to-one meeting, once published, are read by everyone who sees the need,
/// and the interested organisations are told.
async fn published_minutes_reach_everyone(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let future = d
        .announce("ONE_TO_ONE", slot(3, None))
        .await
        .str("announceMeeting.id");
    let publish = "mutation($m: ID!, $t: String!) { publishMeetingMinutes(meetingId: $m, minutes: \
                   $t) { minutes minutesHtml } }";
    let early = d
        .anna
        .gql(
            publish,
            json!({ "m": future, "t": "Nothing yet, too early." }),
        )
        .await;
    assert_eq!(early.code(), "CONFLICT");

    // A meeting that has already taken place: written through the store, since the API only
    // announces meetings in the future.
    let need_id = decode_id(&d.need);
    let started = Utc::now() - Duration::hours(2);
    let held = d
        .app
        .store
        .create_meeting(
            need_id,
            samspill::domain::dialogue::MeetingKind::OneToOne,
            &samspill::store::MeetingDetails {
                title: "One-to-one with Returbutiken".into(),
                starts_at: started,
                ends_at: started + Duration::hours(1),
                location: "Room 3".into(),
                capacity: 1,
            },
            decode_id(&d.anna.me_id().await),
            Utc::now(),
        )
        .await
        .unwrap();
    let held_id = encode_meeting(held.id);
    let not_buyer = d
        .sara
        .gql(
            publish,
            json!({ "m": held_id, "t": "We said a lot of things." }),
        )
        .await;
    assert_eq!(not_buyer.code(), "FORBIDDEN");
    let minutes = "We discussed **lot sizes**: two lots suit small enterprises.";
    let published = d
        .anna
        .gql(publish, json!({ "m": held_id, "t": minutes }))
        .await;
    assert!(published
        .str("publishMeetingMinutes.minutesHtml")
        .contains("<strong>lot sizes</strong>"));
    for reader in [&d.erik, &d.anonymous] {
        let seen = d.meetings_seen_by(reader).await;
        let held = seen
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == held_id)
            .unwrap();
        assert_eq!(held["minutes"], minutes);
    }
    let erik_notified = d
        .erik
        .gql(
            "{ me { notifications(first: 5) { edges { node { kind message } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        erik_notified.data("me.notifications.edges")[0]["node"]["kind"],
        "MEETING_CHANGED"
    );
}

fn decode_id(id: &str) -> i64 {
    use base64::Engine;
    let text = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .unwrap();
    String::from_utf8(text)
        .unwrap()
        .split_once(':')
        .unwrap()
        .1
        .parse()
        .unwrap()
}

fn encode_meeting(id: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("Meeting:{id}"))
}

/// A meeting's calendar file: `text/calendar` with its time and place, for anyone who may see
/// the need; an unknown, malformed or suffix-less id answers 404.
async fn meeting_calendar_file(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let id = d
        .announce("SUPPLIER_DAY", slot(48, Some(3)))
        .await
        .str("announceMeeting.id");
    let res = d
        .anonymous
        .http
        .get(d.app.url(&format!("/meetings/{id}.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let content_type = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/calendar"), "{content_type}");
    let body = res.text().await.unwrap();
    assert!(body.starts_with("BEGIN:VCALENDAR\r\n"), "{body}");
    assert!(
        body.contains("SUMMARY:Supplier day at the city hall\r\n"),
        "{body}"
    );
    assert!(
        body.contains("LOCATION:Stadshuset\\, Gustaf Adolfs torg 1\r\n"),
        "{body}"
    );
    assert!(body.contains("STATUS:CONFIRMED\r\n"), "{body}");
    assert!(body.ends_with("END:VCALENDAR\r\n"), "{body}");
    for path in [
        "/meetings/TWVldGluZzo5OTk5OTk.ics".to_owned(),
        "/meetings/nonsense.ics".to_owned(),
        format!("/meetings/{id}"),
    ] {
        let res = d.anna.http.get(d.app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
}

on_both_databases!(
    concurrent_bookings_never_overbook,
    changes_cancellations_and_bad_input,
    published_minutes_reach_everyone,
    meeting_calendar_file,
);
