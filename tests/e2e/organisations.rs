//! Organisations and memberships over real HTTP, with a cookie jar and with a bearer token.

use crate::helpers::{token_of, Backend, Client, TestApp, GOTEBORG, TRONDHEIM};
use crate::on_both_databases;
use crate::operations::{api_token, verify_organisation};
use chrono::{Duration, Utc};
use samspill::auth::{new_secret, SecretKind};
use samspill::domain::{Email, Role};
use samspill::store::NewInvitation;
use serde_json::json;

const MEMBERS: &str = "query($id: ID!) { organisation(id: $id) { members(first: 10) { edges { \
                       node { role user { id email } } } } } }";

/// The whole membership lifecycle: create, invite, accept, promote, demote, remove, leave.
async fn membership_lifecycle(admin: &Client, invitee: &Client) {
    let org_id = admin
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let invite = admin.invite(&org_id, "bo@goteborg.se", "MEMBER").await;
    assert_eq!(invite.str("inviteMember.invitation.status"), "PENDING");
    let token = token_of(&invite.str("inviteMember.acceptUrl"));

    let joined = invitee.accept(&token).await;
    assert_eq!(joined.str("acceptInvitation.role"), "MEMBER");
    assert_eq!(joined.str("acceptInvitation.organisation.id"), org_id);
    let bo_id = joined.str("acceptInvitation.user.id");
    let reused = invitee.accept(&token).await;
    assert_eq!(reused.code(), "CONFLICT", "an invitation works once");

    let members = admin.gql(MEMBERS, json!({ "id": org_id })).await;
    assert_eq!(
        members
            .data("organisation.members.edges")
            .as_array()
            .unwrap()
            .len(),
        2
    );

    // A member cannot manage others.
    let forbidden = invitee.invite(&org_id, "cai@goteborg.se", "MEMBER").await;
    assert_eq!(forbidden.code(), "FORBIDDEN");

    let change = "mutation($o: ID!, $u: ID!, $r: Role!) { changeMemberRole(input: \
                  {organisationId: $o, userId: $u, role: $r}) { role } }";
    let promoted = admin
        .gql(change, json!({ "o": org_id, "u": bo_id, "r": "ADMIN" }))
        .await;
    assert_eq!(promoted.str("changeMemberRole.role"), "ADMIN");
    let anna_id = admin.me_id().await;
    let demoted = invitee
        .gql(change, json!({ "o": org_id, "u": anna_id, "r": "MEMBER" }))
        .await;
    assert_eq!(demoted.str("changeMemberRole.role"), "MEMBER");

    // Bo is now the only admin: he can neither leave nor be demoted.
    let leave = "mutation($o: ID!) { leaveOrganisation(organisationId: $o) }";
    let last = invitee.gql(leave, json!({ "o": org_id })).await;
    assert_eq!(last.code(), "CONFLICT");
    assert!(last.message().contains("at least one admin"));

    let remove =
        "mutation($o: ID!, $u: ID!) { removeMember(input: {organisationId: $o, userId: $u}) }";
    assert_eq!(
        invitee
            .gql(remove, json!({ "o": org_id, "u": anna_id }))
            .await
            .data("removeMember"),
        true
    );
    let after = invitee.gql(MEMBERS, json!({ "id": org_id })).await;
    assert_eq!(
        after
            .data("organisation.members.edges")
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        admin.gql(MEMBERS, json!({ "id": org_id })).await.code(),
        "FORBIDDEN",
        "Anna is no longer a member"
    );
}

async fn lifecycle_with_cookies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (anna, bo) = (app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    bo.register("bo@goteborg.se", "Bo").await;
    app.confirm_email("bo@goteborg.se").await;
    membership_lifecycle(&anna, &bo).await;
}

async fn lifecycle_with_bearer_tokens(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut api_clients = Vec::new();
    for (email, name) in [("anna@goteborg.se", "Anna"), ("bo@goteborg.se", "Bo")] {
        let browser = app.browser();
        browser.register(email, name).await;
        let token = api_token(&browser, "script").await.token;
        api_clients.push(browser.with_bearer(&token));
    }
    app.confirm_email("bo@goteborg.se").await;
    membership_lifecycle(&api_clients[0], &api_clients[1]).await;
}

/// Organisation numbers are checked for the chosen country, and a bad one creates nothing.
async fn organisation_numbers_are_validated(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anna = app.browser();
    anna.register("anna@goteborg.se", "Anna").await;
    let bad = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", "212000-1356")
        .await;
    assert_eq!(
        (bad.code(), bad.field()),
        ("BAD_USER_INPUT", "organisationNumber")
    );
    assert!(bad.message().contains("check digit"), "{}", bad.message());
    assert_eq!(
        bad.body["errors"][0]["extensions"],
        json!({ "code": "BAD_USER_INPUT", "field": "organisationNumber", "reason": "INVALID_CHECK_DIGIT" })
    );
    let wrong_country = anna
        .create_org("MUNICIPALITY", "Trondheim kommune", "SE", TRONDHEIM)
        .await;
    assert_eq!(wrong_country.field(), "organisationNumber");
    let listed = anna
        .gql(
            "{ organisations(first: 10) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    assert!(
        listed
            .data("organisations.edges")
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing was created"
    );

    for odd in [
        "€12345",
        "ÅÄÖ12345",
        "9421104640000000000000000",
        "'; DROP TABLE organisations; --",
    ] {
        let reply = anna.create_org("SUPPLIER", "Odd AB", "GB", odd).await;
        assert_eq!(
            (reply.status, reply.field()),
            (200, "organisationNumber"),
            "{odd}"
        );
    }

    let ok = anna
        .create_org("MUNICIPALITY", "Trondheim kommune", "NO", "942 110 464")
        .await;
    assert_eq!(
        ok.data("createOrganisation.verified"),
        false,
        "new organisations start unverified"
    );
    assert_eq!(ok.str("createOrganisation.viewerRole"), "ADMIN");
}

/// An expired invitation is refused with a clear message and adds no member.
async fn expired_invitation_is_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (anna, bo) = (app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    bo.register("bo@goteborg.se", "Bo").await;
    let org_id = anna
        .create_org("WISE", "Returbutiken", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let number = app
        .store
        .organisations(
            &Default::default(),
            samspill::store::Page {
                after: None,
                first: 1,
            },
        )
        .await
        .unwrap()[0]
        .id;
    // Created directly in the store with a date in the past: waiting seven days is no test.
    let secret = new_secret(SecretKind::Invitation);
    app.store
        .create_invitation(&NewInvitation {
            organisation_id: number,
            email: Email::parse("bo@goteborg.se").unwrap(),
            role: Role::Member,
            token_hash: secret.hash.clone(),
            invited_by: 1,
            created_at: Utc::now() - Duration::days(8),
            expires_at: Utc::now() - Duration::days(1),
        })
        .await
        .unwrap();
    let reply = bo.accept(&secret.plain).await;
    assert_eq!((reply.code(), reply.field()), ("BAD_USER_INPUT", "token"));
    assert!(reply.message().contains("expired"));
    assert_eq!(
        anna.gql(MEMBERS, json!({ "id": org_id }))
            .await
            .data("organisation.members.edges")
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(bo.accept("spi_made_up").await.field(), "token");
}

/// Only platform administrators verify; the evidence is required and shown to members only.
async fn verification_by_platform_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (wise, outsider, admin) = (app.browser(), app.browser(), app.browser());
    wise.register("kaffe@wise.se", "Kaffe").await;
    outsider.register("other@x.se", "Other").await;
    app.create_platform_admin("root@samspill.eu").await;
    admin
        .login("root@samspill.eu", crate::helpers::PASSWORD)
        .await;
    let org_id = wise
        .create_org("WISE", "Kafé Kooperativet", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");

    let by_member = verify_organisation(&wise, &org_id, true, Some("trust me")).await;
    assert_eq!(by_member.code(), "FORBIDDEN");
    let no_evidence = verify_organisation(&admin, &org_id, true, None).await;
    assert_eq!(no_evidence.field(), "evidence");
    let done = verify_organisation(&admin, &org_id, true, Some("Skoopi member list 2026")).await;
    assert_eq!(done.data("setOrganisationVerification.verified"), true);

    let query = "query($id: ID!) { organisation(id: $id) { verified verificationEvidence } }";
    assert_eq!(
        wise.gql(query, json!({ "id": org_id }))
            .await
            .str("organisation.verificationEvidence"),
        "Skoopi member list 2026"
    );
    let public = outsider.gql(query, json!({ "id": org_id })).await;
    assert_eq!(public.data("organisation.verified"), true);
    assert!(public.data("organisation.verificationEvidence").is_null());
}

/// Forged or mistyped global ids are refused as bad input, never looked up as something else.
async fn forged_ids_are_refused(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anna = app.browser();
    anna.register("anna@goteborg.se", "Anna").await;
    let user_id = anna.me_id().await;
    for forged in ["", "bm9wZQ", "VXNlcjpEUk9QIFRBQkxFIHVzZXJz", "%%%"] {
        let reply = anna
            .gql(
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": forged }),
            )
            .await;
        assert_eq!(
            (reply.code(), reply.field()),
            ("BAD_USER_INPUT", "id"),
            "{forged}"
        );
    }
    let wrong_type = anna
        .gql(
            "query($id: ID!) { organisation(id: $id) { id } }",
            json!({ "id": user_id }),
        )
        .await;
    assert_eq!(wrong_type.code(), "BAD_USER_INPUT");
    let invite = anna.invite(&user_id, "x@y.se", "MEMBER").await;
    assert_eq!(invite.field(), "organisationId");
}

/// `node` resolves what the viewer may see and returns null for the rest.
async fn node_respects_visibility(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (anna, stranger) = (app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    stranger.register("stranger@x.se", "Stranger").await;
    let anna_id = anna.me_id().await;
    let org_id = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let invitation_id = anna
        .invite(&org_id, "bo@x.se", "MEMBER")
        .await
        .str("inviteMember.invitation.id");
    let query = "query($id: ID!) { node(id: $id) { id ... on Organisation { name } ... on User { \
                 email } } }";
    assert_eq!(
        anna.gql(query, json!({ "id": org_id }))
            .await
            .str("node.name"),
        "Göteborgs Stad"
    );
    assert_eq!(
        stranger
            .gql(query, json!({ "id": org_id }))
            .await
            .str("node.name"),
        "Göteborgs Stad",
        "organisations are public"
    );
    assert_eq!(
        anna.gql(query, json!({ "id": anna_id }))
            .await
            .str("node.email"),
        "anna@goteborg.se"
    );
    assert!(
        stranger
            .gql(query, json!({ "id": anna_id }))
            .await
            .data("node")
            .is_null(),
        "people are not public"
    );
    assert!(!anna
        .gql(query, json!({ "id": invitation_id }))
        .await
        .data("node")
        .is_null());
    assert!(stranger
        .gql(query, json!({ "id": invitation_id }))
        .await
        .data("node")
        .is_null());
}

/// Connections require `first`, cap it at 100 and page with opaque cursors.
async fn connections_page_with_cursors(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let anna = app.browser();
    anna.register("anna@goteborg.se", "Anna").await;
    for i in 0..3 {
        anna.create_org("SUPPLIER", &format!("Leverantör {i}"), "NO", TRONDHEIM)
            .await;
    }
    let page = "query($f: Int!, $a: String) { organisations(first: $f, after: $a) { pageInfo { \
                hasNextPage endCursor } edges { node { name } } } }";
    let first = anna.gql(page, json!({ "f": 2 })).await;
    assert_eq!(first.data("organisations.pageInfo.hasNextPage"), true);
    let cursor = first.str("organisations.pageInfo.endCursor");
    let second = anna.gql(page, json!({ "f": 2, "a": cursor })).await;
    assert_eq!(
        second.data("organisations.edges").as_array().unwrap().len(),
        1
    );
    assert_eq!(second.data("organisations.pageInfo.hasNextPage"), false);
    assert_eq!(anna.gql(page, json!({ "f": 101 })).await.field(), "first");
    assert_eq!(anna.gql(page, json!({ "f": 0 })).await.field(), "first");
    assert_eq!(
        anna.gql(page, json!({ "f": 2, "a": "bogus" }))
            .await
            .field(),
        "after"
    );
    let missing = anna
        .gql("{ organisations { edges { node { name } } } }", json!({}))
        .await;
    assert_eq!(missing.status, 400, "first is required");
}

/// The verification queue: `verified: false` lists the organisations no administrator has
/// verified, oldest first and page by page; `true` the verified ones; left out or `null`, all.
/// Evidence stays with members and platform administrators.
async fn verification_queue(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut ids = Vec::new();
    for (i, (kind, name, number)) in [
        ("WISE", "Kafé Kooperativet", GOTEBORG),
        ("SUPPLIER", "Städ AB", "559012-3450"),
        ("WISE", "Returbutiken", "769600-1234"),
    ]
    .into_iter()
    .enumerate()
    {
        let member = app.browser();
        member.register(&format!("member{i}@x.se"), "Member").await;
        ids.push(
            member
                .create_org(kind, name, "SE", number)
                .await
                .str("createOrganisation.id"),
        );
    }
    app.verify_organisation(&ids[1]).await;
    let admin = app.browser();
    admin
        .login("root@samspill.eu", crate::helpers::PASSWORD)
        .await
        .data("login");

    let list = "query($v: Boolean, $k: OrganisationKind, $first: Int!, $after: String) { \
                organisations(first: $first, after: $after, verified: $v, kind: $k) { edges { \
                node { id verified verificationEvidence } } pageInfo { hasNextPage endCursor } } }";
    let ids_of = |reply: &crate::helpers::Reply| -> Vec<String> {
        reply
            .data("organisations.edges")
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let queue = admin.gql(list, json!({ "v": false, "first": 10 })).await;
    assert_eq!(ids_of(&queue), [ids[0].clone(), ids[2].clone()]);
    let first_page = admin.gql(list, json!({ "v": false, "first": 1 })).await;
    assert_eq!(ids_of(&first_page), [ids[0].clone()]);
    assert_eq!(first_page.data("organisations.pageInfo.hasNextPage"), true);
    let cursor = first_page.str("organisations.pageInfo.endCursor");
    let next = admin
        .gql(list, json!({ "v": false, "first": 1, "after": cursor }))
        .await;
    assert_eq!(ids_of(&next), [ids[2].clone()]);

    let verified = admin.gql(list, json!({ "v": true, "first": 10 })).await;
    assert_eq!(ids_of(&verified), [ids[1].clone()]);
    assert_eq!(
        verified.data("organisations.edges")[0]["node"]["verificationEvidence"],
        "Skoopi member list"
    );
    assert_eq!(
        ids_of(&admin.gql(list, json!({ "first": 10 })).await).len(),
        3
    );
    assert_eq!(
        ids_of(&admin.gql(list, json!({ "v": null, "first": 10 })).await).len(),
        3
    );
    let suppliers_waiting = admin
        .gql(list, json!({ "v": false, "k": "SUPPLIER", "first": 10 }))
        .await;
    assert!(ids_of(&suppliers_waiting).is_empty());

    let visitor = app.browser();
    let seen = visitor.gql(list, json!({ "v": true, "first": 10 })).await;
    assert_eq!(ids_of(&seen), [ids[1].clone()]);
    assert!(seen.data("organisations.edges")[0]["node"]["verificationEvidence"].is_null());
}

/// Every field error says what is wrong as a stable `reason` beside `field`, so the web app
/// can say it in the person's language; the English message stays.
async fn field_errors_carry_a_reason(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let visitor = app.browser();
    let long_name = "N".repeat(300);
    for (email, name, password, field, reason) in [
        ("", "Anna", crate::helpers::PASSWORD, "email", "REQUIRED"),
        (
            "anna.example.org",
            "Anna",
            crate::helpers::PASSWORD,
            "email",
            "INVALID_FORMAT",
        ),
        ("anna@example.org", "Anna", "short", "password", "TOO_SHORT"),
        (
            "anna@example.org",
            long_name.as_str(),
            crate::helpers::PASSWORD,
            "name",
            "TOO_LONG",
        ),
        (
            "anna@example.org",
            " ",
            crate::helpers::PASSWORD,
            "name",
            "REQUIRED",
        ),
    ] {
        let reply = visitor.register_with(email, name, password).await;
        let extensions = &reply.body["errors"][0]["extensions"];
        assert_eq!(
            extensions,
            &json!({ "code": "BAD_USER_INPUT", "field": field, "reason": reason }),
            "{email:?} {password:?}: {}",
            reply.body
        );
        assert!(!reply.message().is_empty());
    }

    let anna = app.browser();
    anna.register("anna@goteborg.se", "Anna")
        .await
        .data("register");
    for (number, reason) in [("", "REQUIRED"), ("12345", "INVALID_FORMAT")] {
        let reply = anna
            .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", number)
            .await;
        assert_eq!(
            reply.body["errors"][0]["extensions"]["reason"], reason,
            "{number:?}: {}",
            reply.body
        );
    }
    let unnamed = anna.create_org("MUNICIPALITY", "", "SE", GOTEBORG).await;
    assert_eq!(
        unnamed.body["errors"][0]["extensions"],
        json!({ "code": "BAD_USER_INPUT", "field": "name", "reason": "REQUIRED" })
    );
}

on_both_databases!(
    field_errors_carry_a_reason,
    verification_queue,
    lifecycle_with_cookies,
    lifecycle_with_bearer_tokens,
    organisation_numbers_are_validated,
    expired_invitation_is_refused,
    verification_by_platform_admin,
    forged_ids_are_refused,
    node_respects_visibility,
    connections_page_with_cursors,
);
