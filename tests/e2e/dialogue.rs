//! Market dialogue under equal treatment: questions are private until answered, published
//! answers name nobody, private answers record why, deadlines hold, and live events follow who
//! may see them at the moment they are delivered.

use crate::helpers::{Backend, Client, TestApp};
use crate::on_both_databases;
use crate::operations::{
    announced_need, answer_question, api_token, ask_question, mark_interest, try_change_status,
};
use crate::scenario::{cleaning_need, Scenario};
use crate::websocket_client::{open, receive, subscribe_from_now};
use serde_json::{json, Value};

pub struct Dialogue {
    pub app: TestApp,
    pub anna: Client,
    /// Admin of the WISE that asks.
    pub sara: Client,
    /// Sara's colleague at the WISE.
    pub bo: Client,
    /// A competing supplier, interested in the need.
    pub erik: Client,
    pub anonymous: Client,
    pub wise: String,
    /// Erik's supplier.
    pub supplier: String,
    pub need: String,
}

const QUESTIONS: &str = "query($id: ID!) { need(id: $id) { questions { id status question \
                         publishedQuestion answer askedAt privateReason askingOrganisation { name \
                         } } questionsAndAnswers { question answer askedAt askingOrganisation { \
                         name } } } }";

/// A need announced by Anna's municipality, with Sara and Bo at a WISE and Erik at an
/// interested supplier.
pub async fn dialogue(backend: Backend, dates: Value) -> Dialogue {
    dialogue_with(backend, dates, |_| {}).await
}

/// [`dialogue`] on an app whose configuration the test adjusts first.
pub async fn dialogue_with(
    backend: Backend,
    dates: Value,
    adjust: impl FnOnce(&mut samspill::config::Config),
) -> Dialogue {
    let s = Scenario::start_with(backend, adjust).await;
    let buyer = s.buyer().await;
    let wise = s.wise().await;
    let bo = s.colleague(&wise, "bo@wise.se", "Bo", "MEMBER").await;
    let supplier = s.supplier().await;
    let mut need = cleaning_need("Cleaning of schools");
    need["dates"] = dates;
    let need = announced_need(&buyer, need).await;
    mark_interest(&supplier.client, &need.id, &supplier.org, &[])
        .await
        .data("markInterest");
    Dialogue {
        anonymous: s.anonymous(),
        app: s.app,
        anna: buyer.client,
        sara: wise.client,
        bo,
        erik: supplier.client,
        wise: wise.org,
        supplier: supplier.org,
        need: need.id,
    }
}

impl Dialogue {
    async fn ask(&self, client: &Client, text: &str) -> crate::helpers::Reply {
        ask_question(client, &self.need, &self.wise, text).await
    }

    async fn seen_by(&self, client: &Client) -> Value {
        client
            .gql(QUESTIONS, json!({ "id": self.need }))
            .await
            .data("need")
            .clone()
    }
}

/// A question is private until answered; published, it is anonymous and in the buyer's wording.
async fn published_answers_name_nobody(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let asked = d
        .ask(
            &d.sara,
            "Returbutiken runs three cafés: how many sites are there?",
        )
        .await;
    let question_id = asked.str("askQuestion.id");
    for outsider in [&d.erik, &d.anonymous] {
        let seen = d.seen_by(outsider).await;
        assert_eq!(seen["questions"], json!([]), "an open question is private");
        assert_eq!(seen["questionsAndAnswers"], json!([]));
    }
    let buyer_view = d.seen_by(&d.anna).await;
    assert_eq!(
        buyer_view["questions"][0]["askingOrganisation"]["name"],
        "Returbutiken"
    );

    assert_eq!(
        answer_question(&d.erik, &question_id, "40", true, None, None)
            .await
            .code(),
        "FORBIDDEN"
    );
    let published = answer_question(
        &d.anna,
        &question_id,
        "Forty sites.",
        true,
        Some("How many sites are there?"),
        None,
    )
    .await;
    assert_eq!(published.str("answerQuestion.status"), "PUBLISHED");
    let again = answer_question(&d.anna, &question_id, "41", true, None, None).await;
    assert_eq!(again.code(), "CONFLICT");

    for outsider in [&d.erik, &d.anonymous] {
        let seen = d.seen_by(outsider).await;
        let expected = json!([{ "question": "How many sites are there?", "answer": "Forty sites.", "askedAt": null, "askingOrganisation": null }]);
        assert_eq!(seen["questionsAndAnswers"], expected);
        assert_eq!(
            seen["questions"][0]["question"], "How many sites are there?",
            "the asker's wording stays private"
        );
        assert!(seen["questions"][0]["askingOrganisation"].is_null());
    }
    let own = d.seen_by(&d.sara).await;
    assert_eq!(
        own["questions"][0]["question"],
        "Returbutiken runs three cafés: how many sites are there?"
    );
    let notified = d
        .erik
        .gql(
            "{ me { notifications(first: 5) { edges { node { kind } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        notified.data("me.notifications.edges")[0]["node"]["kind"],
        "ANSWER_PUBLISHED",
        "interested organisations hear of it"
    );
}

/// A private answer needs a reason, and only the asker and the buyer see it.
async fn private_answers_record_why(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let question_id = d
        .ask(&d.sara, "Can our patented sorting process be used?")
        .await
        .str("askQuestion.id");
    let missing = answer_question(&d.anna, &question_id, "Yes.", false, None, None).await;
    assert_eq!(
        (missing.code(), missing.field()),
        ("BAD_USER_INPUT", "privateReason")
    );
    let answered = answer_question(
        &d.anna,
        &question_id,
        "Yes.",
        false,
        None,
        Some("It concerns the asker's trade secret."),
    )
    .await;
    assert_eq!(answered.str("answerQuestion.status"), "ANSWERED_PRIVATELY");
    assert_eq!(d.seen_by(&d.erik).await["questions"], json!([]));
    let own = d.seen_by(&d.bo).await;
    assert_eq!(
        own["questions"][0]["privateReason"],
        "It concerns the asker's trade secret."
    );
    assert_eq!(own["questions"][0]["answer"], "Yes.");
}

/// Questions after the deadline, or once the dialogue is closed, are refused with a clear
/// error; only enterprises ask, and only signed in.
async fn deadlines_and_closed_dialogue_hold(backend: Backend) {
    let d = dialogue(
        backend,
        json!({ "questionsDeadline": "2001-01-01T12:00:00Z" }),
    )
    .await;
    let late = d.ask(&d.sara, "Is it too late to ask?").await;
    assert_eq!(late.code(), "CONFLICT");
    assert!(
        late.message()
            .contains("deadline for questions passed on 2001-01-01"),
        "{}",
        late.message()
    );

    let d = dialogue(backend, json!({})).await;
    let buyer_asks = d.ask(&d.anna, "Who are we?").await;
    assert_eq!(buyer_asks.code(), "FORBIDDEN");
    assert_eq!(
        d.ask(&d.anonymous, "Anyone there?").await.code(),
        "UNAUTHENTICATED"
    );
    assert_eq!(d.ask(&d.sara, "?").await.field(), "question");
    let open_question = d
        .ask(&d.sara, "One more question?")
        .await
        .str("askQuestion.id");
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
    let closed = d.ask(&d.sara, "Still open?").await;
    assert_eq!(closed.code(), "CONFLICT");
    assert!(closed.message().contains("closed"), "{}", closed.message());
    let answer = answer_question(&d.anna, &open_question, "Late.", true, None, None).await;
    assert_eq!(answer.code(), "CONFLICT");
    assert_eq!(
        d.seen_by(&d.sara).await["questions"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "still readable"
    );
}

/// Live dialogue events reach whoever may see them when delivered: a competitor sees only
/// published answers; a colleague of the asker sees the private question, until they leave.
async fn dialogue_events_follow_access(backend: Backend) {
    let d = dialogue(backend, json!({})).await;
    let subscription = format!(
        "subscription($after: String) {{ dialogueEvents(needId: \"{}\", \
         after: $after) {{ cursor kind question {{ question \
         askingOrganisation {{ name }} }} }} }}",
        d.need
    );
    let graphql = d.app.url("/graphql");
    let erik_token = api_token(&d.erik, "ws").await.token;
    let bo_token = api_token(&d.bo, "ws").await.token;
    let mut erik = open(&d.app, Some(&erik_token)).await;
    let mut bo = open(&d.app, Some(&bo_token)).await;
    subscribe_from_now(&mut erik, &graphql, "d", &subscription).await;
    subscribe_from_now(&mut bo, &graphql, "d", &subscription).await;

    d.ask(&d.sara, "First question from Returbutiken?")
        .await
        .data("askQuestion");
    let seen = receive(&mut bo).await;
    assert_eq!(
        seen["payload"]["data"]["dialogueEvents"]["kind"], "QUESTION_ASKED",
        "{seen}"
    );
    assert_eq!(
        seen["payload"]["data"]["dialogueEvents"]["question"]["askingOrganisation"]["name"],
        "Returbutiken"
    );

    // Bo leaves the organisation; the next private question is no longer his business.
    let bo_id = d.bo.me_id().await;
    d.sara
        .gql(
            "mutation($o: ID!, $u: ID!) { removeMember(input: {organisationId: $o, userId: $u}) }",
            json!({ "o": d.wise, "u": bo_id }),
        )
        .await
        .data("removeMember");
    let second = d
        .ask(&d.sara, "Second question, private to Returbutiken?")
        .await
        .str("askQuestion.id");
    answer_question(
        &d.anna,
        &second,
        "Yes.",
        true,
        Some("A second question?"),
        None,
    )
    .await
    .data("answerQuestion");
    for socket in [&mut erik, &mut bo] {
        let event = receive(socket).await;
        let data = &event["payload"]["data"]["dialogueEvents"];
        assert_eq!(
            data["kind"], "ANSWER_PUBLISHED",
            "the private events before it were not delivered: {event}"
        );
        assert_eq!(
            data["question"],
            json!({ "question": "A second question?", "askingOrganisation": null })
        );
    }
}

on_both_databases!(
    published_answers_name_nobody,
    private_answers_record_why,
    deadlines_and_closed_dialogue_hold,
    dialogue_events_follow_access,
);
