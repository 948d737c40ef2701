//! Dialogue threads: private threads never reach anyone but the buyer and the one enterprise,
//! through any path (lists, `node`, writes, live events); edits keep history, deletes leave
//! tombstones, the buyer moderates public threads, and read markers count what is new.

use crate::dialogue::{dialogue, Dialogue};
use crate::helpers::{Backend, Client, Reply};
use crate::on_both_databases;
use crate::operations::{api_token, post_message, start_thread, try_change_status};
use crate::websocket_client::{open, receive, subscribe_from_now};
use serde_json::{json, Value};

const THREADS: &str = "query($id: ID!) { need(id: $id) { threads { id kind title unreadCount \
                       organisation { name } messages { edges { node { id body } } } } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id } }";

impl Dialogue {
    async fn start(
        &self,
        client: &Client,
        kind: &str,
        title: &str,
        body: &str,
        org: Option<&str>,
    ) -> Reply {
        start_thread(client, &self.need, kind, title, body, org).await
    }

    async fn threads_seen_by(&self, client: &Client) -> Value {
        client
            .gql(THREADS, json!({ "id": self.need }))
            .await
            .data("need.threads")
            .clone()
    }
}

async fn node(client: &Client, id: &str) -> Value {
    client
        .gql(NODE, json!({ "id": id }))
        .await
        .data("node")
        .clone()
}

/// A private thread is seen by the buyer and the enterprise's current members, and by nobody
/// else, whichever way they ask.
async fn private_threads_never_leak(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let started = d
        .start(
            &d.anna,
            "PRIVATE",
            "Your prices",
            "Can you share your **unit prices**?",
            Some(&d.wise),
        )
        .await;
    let thread = started.str("startThread.thread.id");
    let first = started.str("startThread.message.id");
    let reply = post_message(&d.sara, &thread, "Our trade secret: 12 SEK per m².").await;
    assert_eq!(
        reply.data("postMessage.authorOrganisation.name"),
        "Returbutiken"
    );
    let reply_id = reply.str("postMessage.id");

    for insider in [&d.anna, &d.sara, &d.bo] {
        let threads = d.threads_seen_by(insider).await;
        assert_eq!(threads.as_array().unwrap().len(), 1);
        assert_eq!(threads[0]["organisation"]["name"], "Returbutiken");
        assert_eq!(threads[0]["messages"]["edges"].as_array().unwrap().len(), 2);
    }
    for outsider in [&d.erik, &d.anonymous] {
        assert_eq!(d.threads_seen_by(outsider).await, json!([]));
        for id in [&thread, &first, &reply_id] {
            assert_eq!(node(outsider, id).await, Value::Null, "node({id}) leaked");
        }
    }
    let intrusion = post_message(&d.erik, &thread, "Let me in").await;
    assert_eq!(
        intrusion.code(),
        "NOT_FOUND",
        "a write must not confirm the thread exists"
    );
    let edit = d
        .erik
        .gql(
            "mutation($id: ID!) { editMessage(id: $id, body: \"x\") { id } }",
            json!({ "id": reply_id }),
        )
        .await;
    assert_eq!(edit.code(), "NOT_FOUND");

    // Erik's subscription hears the public thread but never the private one.
    let subscription = format!(
        "subscription($after: String) {{ dialogueEvents(needId: \"{}\", after: $after) {{ kind \
         thread {{ kind }} message {{ body }} }} }}",
        d.need
    );
    let mut bo_socket = open(&d.app, Some(&api_token(&d.bo, "ws").await.token)).await;
    subscribe_from_now(&mut bo_socket, &d.app.url("/graphql"), "1", &subscription).await;
    let mut erik_socket = open(&d.app, Some(&api_token(&d.erik, "ws").await.token)).await;
    subscribe_from_now(&mut erik_socket, &d.app.url("/graphql"), "1", &subscription).await;

    post_message(&d.anna, &thread, "Thanks, noted.")
        .await
        .data("postMessage");
    let seen = receive(&mut bo_socket).await;
    assert_eq!(
        seen["payload"]["data"]["dialogueEvents"]["message"]["body"],
        "Thanks, noted."
    );

    // Bo leaves the WISE: from then on neither reads nor live events reach him.
    let bo_id = d.bo.me_id().await;
    d.sara
        .gql(
            "mutation($o: ID!, $u: ID!) { removeMember(input: {organisationId: $o, userId: $u}) }",
            json!({ "o": d.wise, "u": bo_id }),
        )
        .await
        .data("removeMember");
    post_message(&d.sara, &thread, "Bo must not see this.")
        .await
        .data("postMessage");
    assert_eq!(node(&d.bo, &thread).await, Value::Null);
    assert_eq!(d.threads_seen_by(&d.bo).await, json!([]));

    let public = d
        .start(
            &d.anna,
            "PUBLIC",
            "Site visits",
            "Visits are on Mondays.",
            None,
        )
        .await;
    public.data("startThread");
    for socket in [&mut erik_socket, &mut bo_socket] {
        let event = receive(socket).await;
        let data = &event["payload"]["data"]["dialogueEvents"];
        assert_eq!(
            data["thread"]["kind"], "PUBLIC",
            "a private event leaked first: {event}"
        );
        assert_eq!(data["message"]["body"], "Visits are on Mondays.");
    }
}

/// Edits keep the earlier text; deletes leave a tombstone; the buyer removes messages from
/// public threads; only authors edit; Markdown is rendered without scripts.
async fn edits_deletes_and_moderation(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let started = d
        .start(
            &d.erik,
            "PUBLIC",
            "Opening hours",
            "Do the schools open at 7?",
            Some(&d.supplier),
        )
        .await;
    let thread = started.str("startThread.thread.id");
    let erik_message = started.str("startThread.message.id");
    let sara_message = post_message(
        &d.sara,
        &thread,
        "We ask too. <script>alert(1)</script> [x](javascript:alert(1))",
    )
    .await;
    let html = sara_message.str("postMessage.html");
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("javascript:"), "{html}");
    let sara_message = sara_message.str("postMessage.id");

    let edit = "mutation($id: ID!, $b: String!) { editMessage(id: $id, body: $b) { body editedAt \
                history { version body } } }";
    let not_author = d
        .erik
        .gql(edit, json!({ "id": sara_message, "b": "Hijacked" }))
        .await;
    assert_eq!(not_author.code(), "FORBIDDEN");
    let edited = d
        .sara
        .gql(edit, json!({ "id": sara_message, "b": "We ask too." }))
        .await;
    assert_eq!(edited.data("editMessage.body"), "We ask too.");
    assert!(edited.data("editMessage.editedAt").is_string());
    let history = edited.data("editMessage.history");
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert!(history[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("We ask too. <script>"));
    let again = d
        .sara
        .gql(
            edit,
            json!({ "id": sara_message, "b": "We ask too, kindly." }),
        )
        .await;
    assert_eq!(
        again.data("editMessage.history").as_array().unwrap().len(),
        2
    );
    let blank = d
        .sara
        .gql(edit, json!({ "id": sara_message, "b": "   " }))
        .await;
    assert_eq!(blank.code(), "BAD_USER_INPUT");

    let delete = "mutation($id: ID!) { deleteMessage(id: $id) { body html deletedAt \
                  removedByModerator history { body } } }";
    let not_allowed = d.erik.gql(delete, json!({ "id": sara_message })).await;
    assert_eq!(
        not_allowed.code(),
        "FORBIDDEN",
        "only the author or the buyer deletes"
    );
    let own = d.sara.gql(delete, json!({ "id": sara_message })).await;
    assert_eq!(own.data("deleteMessage.body"), &Value::Null);
    assert_eq!(own.data("deleteMessage.html"), &Value::Null);
    assert_eq!(own.data("deleteMessage.removedByModerator"), false);
    assert_eq!(
        own.data("deleteMessage.history"),
        &json!([]),
        "a deleted text is gone"
    );
    let twice = d.sara.gql(delete, json!({ "id": sara_message })).await;
    assert_eq!(twice.code(), "CONFLICT");
    let without_reason = d.anna.gql(delete, json!({ "id": erik_message })).await;
    assert_eq!(without_reason.code(), "BAD_USER_INPUT");
    assert_eq!(without_reason.field(), "reason", "a moderator says why");
    let moderate = "mutation($id: ID!, $r: String) { deleteMessage(id: $id, reason: $r) { \
                    removedByModerator removalReason } }";
    let moderated = d
        .anna
        .gql(
            moderate,
            json!({ "id": erik_message, "r": "Names a person." }),
        )
        .await;
    assert_eq!(moderated.data("deleteMessage.removedByModerator"), true);
    assert_eq!(
        moderated.data("deleteMessage.removalReason"),
        "Names a person."
    );

    let tombstones = d
        .erik
        .gql(
            "query($id: ID!) { node(id: $id) { ... on Thread { messages { edges { node { body \
             deletedAt authorName removalReason } } } } } }",
            json!({ "id": thread }),
        )
        .await;
    let edges = tombstones
        .data("node.messages.edges")
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edges.len(), 2, "tombstones keep their place");
    assert!(edges
        .iter()
        .all(|e| e["node"]["body"].is_null() && e["node"]["deletedAt"].is_string()));
    assert_eq!(edges[0]["node"]["authorName"], "Erik");
    assert_eq!(edges[0]["node"]["removalReason"], "Names a person.");
    assert_eq!(
        edges[1]["node"]["removalReason"],
        Value::Null,
        "an author's own deletion"
    );
}

/// Unread counts per person: others' messages after the read marker; replies notify the
/// thread's participants and both sides of a private thread.
async fn read_markers_and_reply_notifications(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let started = d
        .start(
            &d.sara,
            "PRIVATE",
            "Staffing",
            "We can supervise 8 trainees.",
            Some(&d.wise),
        )
        .await;
    let thread = started.str("startThread.thread.id");
    assert_eq!(d.threads_seen_by(&d.anna).await[0]["unreadCount"], 1);
    assert_eq!(
        d.threads_seen_by(&d.sara).await[0]["unreadCount"],
        0,
        "your own messages are read"
    );
    let second = post_message(&d.anna, &thread, "Thank you. And weekends?")
        .await
        .str("postMessage.id");
    post_message(&d.anna, &thread, "Also: holidays?")
        .await
        .data("postMessage");
    assert_eq!(d.threads_seen_by(&d.sara).await[0]["unreadCount"], 2);
    assert_eq!(d.threads_seen_by(&d.bo).await[0]["unreadCount"], 3);

    let mark = "mutation($t: ID!, $m: ID!) { markThreadRead(threadId: $t, upToMessageId: $m) { \
                unreadCount thread { lastReadMessageId unreadCount } } }";
    let marked = d.sara.gql(mark, json!({ "t": thread, "m": second })).await;
    assert_eq!(marked.data("markThreadRead.unreadCount"), 1);
    assert_eq!(
        marked.str("markThreadRead.thread.lastReadMessageId"),
        second
    );
    let first = started.str("startThread.message.id");
    let backwards = d.sara.gql(mark, json!({ "t": thread, "m": first })).await;
    assert_eq!(
        backwards.data("markThreadRead.unreadCount"),
        1,
        "a read marker never moves back"
    );
    let foreign = d.erik.gql(mark, json!({ "t": thread, "m": second })).await;
    assert_eq!(foreign.code(), "NOT_FOUND");

    let notifications = "{ me { notifications(first: 10) { edges { node { kind message } } } } }";
    let sara_seen = d.sara.gql(notifications, json!({})).await;
    let kinds: Vec<&Value> = sara_seen
        .data("me.notifications.edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["kind"])
        .collect();
    assert_eq!(kinds, vec!["THREAD_REPLY", "THREAD_REPLY"]);
    let erik_seen = d.erik.gql(notifications, json!({})).await;
    assert_eq!(
        erik_seen.data("me.notifications.edges"),
        &json!([]),
        "a private reply notifies only its parties"
    );
}

/// The dialogue is read-only once the need moves past it; input errors are clear.
async fn closed_dialogue_and_bad_input(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let no_org = d
        .start(&d.anna, "PRIVATE", "With whom?", "Hello", None)
        .await;
    assert_eq!(no_org.code(), "BAD_USER_INPUT");
    assert_eq!(no_org.field(), "organisationId");
    let not_mine = d
        .start(&d.erik, "PRIVATE", "Sneaky", "Hello", Some(&d.wise))
        .await;
    assert_eq!(not_mine.code(), "FORBIDDEN");
    let anonymous = d
        .start(&d.anonymous, "PUBLIC", "Hello there", "Hi", None)
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    let short = d.start(&d.erik, "PUBLIC", "Hi", "Hello", None).await;
    assert_eq!(short.field(), "title");
    let forged = post_message(&d.erik, "not-an-id", "Hello").await;
    assert_eq!(forged.code(), "BAD_USER_INPUT");

    let thread = d
        .start(
            &d.erik,
            "PUBLIC",
            "Before tendering",
            "Anything else?",
            None,
        )
        .await
        .str("startThread.thread.id");
    let need = d
        .anna
        .gql(
            "query($id: ID!) { need(id: $id) { revision } }",
            json!({ "id": d.need }),
        )
        .await;
    try_change_status(
        &d.anna,
        &d.need,
        need.data("need.revision"),
        "TENDERING",
        None,
    )
    .await
    .data("changeNeedStatus");
    let late = post_message(&d.erik, &thread, "One more thing").await;
    assert_eq!(late.code(), "CONFLICT");
    assert!(late.message().contains("closed"), "{}", late.message());
    let threads = d.threads_seen_by(&d.erik).await;
    assert_eq!(
        threads[0]["messages"]["edges"].as_array().unwrap().len(),
        1,
        "still readable"
    );
}

on_both_databases!(
    private_threads_never_leak,
    edits_deletes_and_moderation,
    read_markers_and_reply_notifications,
    closed_dialogue_and_bad_input,
);
