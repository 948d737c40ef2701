//! A register identifier stands for one legal entity: a number a verified organisation holds
//! cannot be registered again (JOIN_EXISTING says to join it), an unverified organisation never
//! publishes open data under a register identifier, and a release names each party id once.

use crate::helpers::{Backend, Client, TestApp, GOTEBORG, PASSWORD};
use crate::on_both_databases;
use crate::operations::{change_status, create_need_from, verify_organisation};
use serde_json::{json, Value};

async fn verify(admin: &Client, org: &str) {
    verify_organisation(admin, org, true, Some("Register entry"))
        .await
        .data("setOrganisationVerification");
}

/// Creates and announces a need; returns its release from `/ocds/needs/{number}`.
async fn announced_release(
    app: &TestApp,
    buyer: &Client,
    org: &str,
    co_buyers: Value,
) -> (String, Value) {
    let need = json!({ "title": "Städning", "mainCpv": "90910000", "place": { "country": "SE" },
                       "contractNature": "SERVICES", "procedureType": "OPEN" });
    let created = create_need_from(
        buyer,
        json!({ "buyerId": org, "coBuyerIds": co_buyers, "need": need }),
    )
    .await;
    change_status(buyer, &created, "ANNOUNCED").await;
    let release = release(app, &created.id).await;
    (created.id, release)
}

async fn release(app: &TestApp, id: &str) -> Value {
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .unwrap(),
    )
    .unwrap();
    let number = text.split_once(':').unwrap().1;
    let package: Value = reqwest::get(app.url(&format!("/ocds/needs/{number}")))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    crate::ocds::assert_valid_package(&package.to_string());
    package["releases"][0].clone()
}

fn party_ids(release: &Value) -> Vec<String> {
    release["parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A copy of Göteborgs Stad made before the real one was verified publishes under a platform
/// id, marked unverified, never under SE-BLV-2120001355; once Göteborg is verified nobody can
/// register its number again (JOIN_EXISTING, naming it); two verified units of one legal
/// entity in one release appear as one party with both roles.
async fn register_identifiers_are_not_borrowed(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (anna, mallory, unit, root) = (app.browser(), app.browser(), app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    mallory.register("mallory@example.org", "Mallory").await;
    unit.register("unit@goteborg.se", "Unit").await;
    app.create_platform_admin("root@samspill.eu").await;
    root.login("root@samspill.eu", PASSWORD).await.data("login");

    let goteborg = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let copy = mallory
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let unit_org = unit
        .create_org(
            "MUNICIPALITY",
            "Göteborgs Stad, Arbetsmarknad",
            "SE",
            GOTEBORG,
        )
        .await
        .str("createOrganisation.id");
    verify(&root, &goteborg).await;
    verify(&root, &unit_org).await;

    let (_, copy_release) = announced_release(&app, &mallory, &copy, json!([])).await;
    assert!(
        !copy_release.to_string().contains("2120001355"),
        "{copy_release}"
    );
    let party = &copy_release["parties"][0];
    assert!(
        party["id"].as_str().unwrap().starts_with("samspill-org-"),
        "{party}"
    );
    assert_eq!(party["details"]["verified"], false);
    assert_eq!(copy_release["buyer"]["id"], party["id"]);

    let again = app.browser();
    again.register("again@example.org", "Again").await;
    let refused = again
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", "212000-1355")
        .await;
    assert_eq!(
        (refused.code(), refused.field()),
        ("BAD_USER_INPUT", "organisationNumber")
    );
    assert_eq!(
        refused.body["errors"][0]["extensions"]["reason"],
        "JOIN_EXISTING"
    );
    assert!(
        refused.message().contains("Göteborgs Stad"),
        "{}",
        refused.message()
    );

    // The verified unit joins Göteborg's need as co-buyer: one party, both roles.
    let (id, _) = announced_release(&app, &anna, &goteborg, json!([unit_org])).await;
    unit.gql(
        "mutation($n: ID!, $o: ID!) { answerCoBuyerRequest(needId: $n, organisationId: $o, \
         accept: true) }",
        json!({ "n": id, "o": unit_org }),
    )
    .await
    .data("answerCoBuyerRequest");
    let joint = release(&app, &id).await;
    assert_eq!(party_ids(&joint), ["SE-BLV-2120001355"], "{joint}");
    assert_eq!(joint["parties"][0]["details"]["verified"], true);
    assert_eq!(joint["parties"][0]["identifier"]["id"], "2120001355");
}

on_both_databases!(register_identifiers_are_not_borrowed);
