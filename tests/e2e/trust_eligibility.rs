//! Reserved-contract eligibility stays honest: a verified WISE that changes its own share of
//! target-group staff (or its measurement date) loses eligibility, is told why and goes back to
//! the verification queue until an administrator verifies the new figures; a share measured
//! more than a year ago does not count; and a joint offer records each member's eligibility on
//! the day it is submitted, which is what the buyer reads afterwards.

use crate::helpers::{recent_day, Backend, Client, PASSWORD};
use crate::joint_offers::{confirm, market};
use crate::on_both_databases;
use crate::operations::update_profile;
use serde_json::{json, Value};

const PROFILE: &str = "query($id: ID!) { organisation(id: $id) { profile { revision
    reservedContractEligible eligibilityGaps content { wise { targetGroupStaffPercent measuredOn } } } } }";
const QUEUE: &str = "{ organisations(first: 100, verified: false) { nodes { id } } }";

async fn profile(client: &Client, org: &str) -> Value {
    client
        .gql(PROFILE, json!({ "id": org }))
        .await
        .data("organisation.profile")
        .clone()
}

/// Saves the WISE part of the profile with a new share and measurement date.
async fn restate(client: &Client, org: &str, percent: u32, measured_on: &str) {
    let current = profile(client, org).await;
    let profile = json!({
        "cpv": ["90911200"], "regionsServed": ["SE232"], "targetGroups": ["NEWLY_ARRIVED"],
        "takesEmploymentRequirements": true, "capacity": { "trainingPlaces": 8 },
        "wise": { "integrationMainAim": true, "targetGroupStaffPercent": percent,
                  "measuredOn": measured_on, "evidence": "Annual report" },
    });
    let revision = current["revision"].as_i64().unwrap();
    update_profile(client, org, revision, profile)
        .await
        .data("updateProfile");
}

async fn admin(app: &crate::helpers::TestApp) -> Client {
    let admin = app.browser();
    admin
        .login("root@samspill.eu", PASSWORD)
        .await
        .data("login");
    admin
}

async fn queued(admin: &Client, org: &str) -> bool {
    let queue = admin.gql(QUEUE, json!({})).await;
    queue
        .data("organisations.nodes")
        .as_array()
        .unwrap()
        .iter()
        .any(|o| o["id"] == org)
}

/// Changing the share or its date takes eligibility away with the reason, and puts the WISE in
/// the verification queue; verifying the new figures gives it back.
async fn changed_figures_need_verifying_again(backend: Backend) {
    let m = market(backend).await;
    let before = profile(&m.sara, &m.wise).await;
    assert_eq!(before["reservedContractEligible"], true, "{before}");
    assert_eq!(before["eligibilityGaps"], json!([]));
    let admin = admin(&m.app).await;
    assert!(!queued(&admin, &m.wise).await);

    restate(&m.sara, &m.wise, 55, &recent_day()).await;
    let after = profile(&m.sara, &m.wise).await;
    assert_eq!(after["reservedContractEligible"], false, "{after}");
    assert_eq!(
        after["eligibilityGaps"],
        json!(["CHANGED_SINCE_VERIFICATION"])
    );
    assert!(queued(&admin, &m.wise).await, "back in the queue");

    m.app.verify_organisation(&m.wise).await;
    let verified = profile(&m.sara, &m.wise).await;
    assert_eq!(verified["reservedContractEligible"], true, "{verified}");
    assert!(!queued(&admin, &m.wise).await);
}

/// A share measured more than a year ago does not count, even as verified.
async fn an_old_measurement_does_not_count(backend: Backend) {
    let m = market(backend).await;
    let old = (chrono::Utc::now().date_naive() - chrono::Days::new(400)).to_string();
    restate(&m.sara, &m.wise, 40, &old).await;
    m.app.verify_organisation(&m.wise).await;
    let stale = profile(&m.sara, &m.wise).await;
    assert_eq!(stale["reservedContractEligible"], false, "{stale}");
    assert_eq!(stale["eligibilityGaps"], json!(["MEASUREMENT_OLD"]));
}

/// The buyer reads each member's eligibility as it was on the day of submission, not as the
/// member's profile says later.
async fn submission_freezes_eligibility(backend: Backend) {
    let m = market(backend).await;
    let offer = m.offer(&m.sara, &m.wise, 8).await;
    assert_eq!(confirm(&m.sara, &offer, &m.wise).await, "READY");
    let frozen = "query($id: ID!) { jointOffer(id: $id) { members { organisation { name }
        eligibilityAtSubmission { on eligible verified sharePercent measuredOn gaps } }
        coverage { reservedCovered reservedShares { qualifies } } } }";
    let unsubmitted = m.sara.gql(frozen, json!({ "id": offer })).await;
    assert_eq!(
        unsubmitted.data("jointOffer.members")[0]["eligibilityAtSubmission"],
        Value::Null
    );
    m.sara
        .gql(
            "mutation($o: ID!) { submitJointOffer(offerId: $o) { status } }",
            json!({ "o": offer }),
        )
        .await
        .data("submitJointOffer");

    restate(&m.sara, &m.wise, 20, &recent_day()).await;
    assert_eq!(
        profile(&m.sara, &m.wise).await["reservedContractEligible"],
        false
    );

    let seen = m.anna.gql(frozen, json!({ "id": offer })).await;
    let member = &seen.data("jointOffer.members")[0];
    let today = chrono::Utc::now().date_naive().to_string();
    assert_eq!(
        member["eligibilityAtSubmission"],
        json!({ "on": today, "eligible": true, "verified": true, "sharePercent": 40,
                "measuredOn": recent_day(), "gaps": [] }),
        "{seen:?}"
    );
    // The reserved lot's reading follows the recorded eligibility too.
    let coverage = &seen.data("jointOffer.coverage")[0];
    assert_eq!(coverage["reservedCovered"], true, "{coverage}");
    assert_eq!(coverage["reservedShares"][0]["qualifies"], true);
}

on_both_databases!(
    an_old_measurement_does_not_count,
    changed_figures_need_verifying_again,
    submission_freezes_eligibility
);
