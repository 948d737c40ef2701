//! Dates the law cares about: a need's market dialogue opens and closes on its dates for the
//! enterprises (the buyer side is held only to the status), and for a Swedish need answers
//! must reach every supplier at least 6 days before the tender deadline: questions stop in time
//! and an answer published later is flagged.

use crate::dialogue::{dialogue, Dialogue};
use crate::helpers::Backend;
use crate::on_both_databases;
use crate::operations::{answer_question, ask_question, start_thread, update_need};
use serde_json::{json, Value};

const WINDOW: &str = "query($id: ID!) { need(id: $id) { revision dialogueWindow { open opensOn \
                      closedOn lastDayForQuestions lastDayForAnswers } } }";

/// A day `offset` days from today.
fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

async fn window(d: &Dialogue) -> Value {
    d.anna
        .gql(WINDOW, json!({ "id": d.need }))
        .await
        .data("need")
        .clone()
}

async fn ask(d: &Dialogue, text: &str) -> crate::helpers::Reply {
    ask_question(&d.sara, &d.need, &d.wise, text).await
}

async fn start_public_thread(d: &Dialogue, as_supplier: bool) -> crate::helpers::Reply {
    let (client, org) = if as_supplier {
        (&d.erik, Some(d.supplier.as_str()))
    } else {
        (&d.anna, None)
    };
    start_thread(
        client,
        &d.need,
        "PUBLIC",
        "Site visits",
        "Can we visit the schools?",
        org,
    )
    .await
}

/// Before its opening day enterprises cannot ask or start threads, and are told when it
/// opens; the buyer can prepare a thread.
async fn the_dialogue_waits_for_its_opening_day(backend: Backend) {
    let d = dialogue(backend, json!({ "dialogueOpens": day(1) })).await;
    let w = window(&d).await;
    assert_eq!(
        w["dialogueWindow"],
        json!({ "open": false, "opensOn": day(1), "closedOn": null,
                "lastDayForQuestions": null, "lastDayForAnswers": null })
    );
    let early = ask(&d, "How many schools are there?").await;
    assert_eq!(early.code(), "CONFLICT");
    assert!(
        early.message().contains(&format!("opens on {}", day(1))),
        "{}",
        early.message()
    );
    let refused = start_public_thread(&d, true).await;
    assert_eq!(refused.code(), "CONFLICT", "{}", refused.message());
    start_public_thread(&d, false).await.data("startThread");
}

/// After its closing day the dialogue can be read but enterprises cannot add to it.
async fn the_dialogue_closes_after_its_last_day(backend: Backend) {
    let d = dialogue(
        backend,
        json!({ "dialogueOpens": day(-10), "dialogueCloses": day(-1) }),
    )
    .await;
    let w = window(&d).await;
    assert_eq!(w["dialogueWindow"]["open"], false);
    assert_eq!(w["dialogueWindow"]["closedOn"], day(-1));
    assert_eq!(w["dialogueWindow"]["lastDayForQuestions"], day(-1));
    let late = ask(&d, "How many schools are there?").await;
    assert_eq!(late.code(), "CONFLICT");
    assert!(late.message().contains("closed on"), "{}", late.message());
    let refused = start_public_thread(&d, true).await;
    assert_eq!(refused.code(), "CONFLICT", "{}", refused.message());
}

/// A Swedish need's answers must reach everyone 6 days before the tender deadline: asking
/// stops on that day, and an answer published later stands but is flagged.
async fn answers_reach_everyone_six_days_before_the_deadline(backend: Backend) {
    let d = dialogue(backend, json!({ "tenderDeadline": day(30) })).await;
    let w = window(&d).await;
    assert_eq!(w["dialogueWindow"]["open"], true);
    assert_eq!(w["dialogueWindow"]["lastDayForAnswers"], day(24));
    assert_eq!(w["dialogueWindow"]["lastDayForQuestions"], day(24));
    let question = ask(&d, "How many schools are there?")
        .await
        .str("askQuestion.id");

    // The buyer moves the deadline close: the last day for answers has passed.
    let need = json!({
        "title": "Cleaning of schools", "mainCpv": "90000000", "place": { "country": "SE" },
        "contractNature": "SERVICES", "procedureType": "OPEN", "dates": { "tenderDeadline": day(3) },
    });
    update_need(
        &d.anna,
        json!({ "id": d.need, "revision": w["revision"], "need": need }),
    )
    .await
    .data("updateNeed");
    assert_eq!(
        window(&d).await["dialogueWindow"]["lastDayForAnswers"],
        day(-3)
    );
    let too_late = ask(&d, "And how many sites?").await;
    assert_eq!(too_late.code(), "CONFLICT");
    assert!(
        too_late
            .message()
            .contains("at least 6 days before the tender deadline"),
        "{}",
        too_late.message()
    );

    let answered = answer_question(&d.anna, &question, "Forty.", true, None, None).await;
    assert_eq!(answered.str("answerQuestion.status"), "PUBLISHED");
    assert_eq!(answered.data("answerQuestion.publishedLate"), true);
}

on_both_databases!(
    answers_reach_everyone_six_days_before_the_deadline,
    the_dialogue_closes_after_its_last_day,
    the_dialogue_waits_for_its_opening_day
);
