//! The storage contract, run against both implementations.

use crate::helpers::{Backend, TestDb};
use crate::on_both_databases;
use chrono::{Duration, Utc};
use samspill::domain::profile::{ProfileContent, WiseFigures, WiseStatus};
use samspill::domain::{Country, Email, OrgKind, OrgNumber, Password, PersonName, Role};
use samspill::store::*;
use std::sync::Arc;

async fn user(store: &dyn Store, email: &str) -> User {
    store
        .create_user(&NewUser {
            email: Email::parse(email).unwrap(),
            name: PersonName::parse("Test Person").unwrap(),
            password_hash: Password::parse("correct horse battery").unwrap().hash(),
            is_platform_admin: false,
            created_at: Utc::now(),
        })
        .await
        .unwrap()
}

fn org(name: &str) -> NewOrganisation {
    NewOrganisation {
        kind: OrgKind::Wise,
        name: name.into(),
        org_number: OrgNumber::parse(Country::Se, "212000-1355").unwrap(),
        region: Some("Västra Götaland".into()),
        website: None,
        description: String::new(),
        created_at: Utc::now(),
    }
}

/// Migrations leave nothing pending and the store answers.
async fn migrations_apply_cleanly(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    store.ping().await.unwrap();
    assert_eq!(store.pending_migrations().await.unwrap(), 0);
    // Running them again is a no-op (replicas start side by side).
    store.migrate().await.unwrap();
}

/// E-mail addresses are unique, and the duplicate is reported as a conflict, not a crash.
async fn users_are_unique_by_email(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let again = store
        .create_user(&NewUser {
            email: Email::parse("ANNA@example.se").unwrap(),
            name: PersonName::parse("Anna Again").unwrap(),
            password_hash: Password::parse("another long secret").unwrap().hash(),
            is_platform_admin: false,
            created_at: Utc::now(),
        })
        .await;
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");
    let (found, hash) = store
        .user_for_login(&Email::parse("anna@example.se").unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, anna.id);
    assert!(Password::for_login("correct horse battery").verify(&hash));
}

/// Credentials are found by hash only, and API tokens are revoked by their owner only.
async fn credentials_by_hash_and_owner(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let bo = user(store.as_ref(), "bo@example.se").await;
    let token = store
        .create_credential(&NewCredential {
            user_id: anna.id,
            kind: CredentialKind::ApiToken,
            name: Some("export".into()),
            token_hash: "hash-1".into(),
            created_at: Utc::now(),
            expires_at: None,
        })
        .await
        .unwrap();
    let (found, owner) = store.credential_by_hash("hash-1").await.unwrap().unwrap();
    assert_eq!(
        (found.id, owner.id, found.kind),
        (token.id, anna.id, CredentialKind::ApiToken)
    );
    assert!(store.credential_by_hash("hash-2").await.unwrap().is_none());
    assert!(
        !store.revoke_api_token(bo.id, token.id).await.unwrap(),
        "someone else's token"
    );
    assert_eq!(store.api_tokens(anna.id).await.unwrap().len(), 1);
    assert!(store.revoke_api_token(anna.id, token.id).await.unwrap());
    assert!(store.credential_by_hash("hash-1").await.unwrap().is_none());
}

/// Expired sessions are deleted by housekeeping; live ones and API tokens without expiry stay.
async fn expired_credentials_are_deleted(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let now = Utc::now();
    for (hash, expires_at) in [
        ("old", Some(now - Duration::seconds(1))),
        ("live", Some(now + Duration::days(1))),
        ("forever", None),
    ] {
        store
            .create_credential(&NewCredential {
                user_id: anna.id,
                kind: CredentialKind::Session,
                name: None,
                token_hash: hash.into(),
                created_at: now - Duration::days(2),
                expires_at,
            })
            .await
            .unwrap();
    }
    assert_eq!(store.delete_expired_credentials(now).await.unwrap(), 1);
    assert!(store.credential_by_hash("old").await.unwrap().is_none());
    assert!(store.credential_by_hash("live").await.unwrap().is_some());
    assert!(store.credential_by_hash("forever").await.unwrap().is_some());
}

/// The creator becomes admin; the last admin can be neither demoted nor removed.
async fn organisations_keep_an_admin(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let (organisation, membership) = store
        .create_organisation(&org("Returbutiken"), anna.id)
        .await
        .unwrap();
    assert_eq!(
        (membership.role, membership.user_id),
        (Role::Admin, anna.id)
    );
    assert_eq!(organisation.org_number.as_str(), "212000-1355");
    assert!(matches!(
        store
            .change_role(organisation.id, anna.id, Role::Member)
            .await,
        Err(StoreError::LastAdmin)
    ));
    assert!(matches!(
        store.remove_member(organisation.id, anna.id).await,
        Err(StoreError::LastAdmin)
    ));
    assert!(matches!(
        store.remove_member(organisation.id, 9999).await,
        Err(StoreError::NotFound(_))
    ));
    assert_eq!(
        store
            .membership(organisation.id, anna.id)
            .await
            .unwrap()
            .unwrap()
            .role,
        Role::Admin
    );
}

/// Two admins demoting each other at the same moment cannot leave the organisation without one.
async fn concurrent_demotions_keep_an_admin(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    for round in 0..5 {
        let a = user(store.as_ref(), &format!("a{round}@example.se")).await;
        let b = user(store.as_ref(), &format!("b{round}@example.se")).await;
        let (organisation, _) = store
            .create_organisation(&org("Kooperativet"), a.id)
            .await
            .unwrap();
        invite_and_accept(store.as_ref(), organisation.id, &b, Role::Admin, a.id).await;
        let (s1, s2) = (store.clone(), store.clone());
        let (r1, r2) = tokio::join!(
            tokio::spawn(async move { s1.change_role(organisation.id, a.id, Role::Member).await }),
            tokio::spawn(async move { s2.change_role(organisation.id, b.id, Role::Member).await }),
        );
        let succeeded = [r1.unwrap().is_ok(), r2.unwrap().is_ok()]
            .iter()
            .filter(|ok| **ok)
            .count();
        assert_eq!(succeeded, 1, "round {round}: exactly one demotion may win");
        let members = store
            .members(
                organisation.id,
                Page {
                    after: None,
                    first: 10,
                },
            )
            .await
            .unwrap();
        assert_eq!(members.iter().filter(|m| m.role == Role::Admin).count(), 1);
    }
}

async fn invite_and_accept(
    store: &dyn Store,
    org_id: i64,
    invitee: &User,
    role: Role,
    by: i64,
) -> Membership {
    let invitation = store
        .create_invitation(&NewInvitation {
            organisation_id: org_id,
            email: Email::parse(&invitee.email).unwrap(),
            role,
            token_hash: format!("inv-{org_id}-{}", invitee.id),
            invited_by: by,
            created_at: Utc::now(),
            expires_at: Utc::now() + Duration::days(7),
        })
        .await
        .unwrap();
    store
        .accept_invitation(invitation.id, invitee.id, Utc::now())
        .await
        .unwrap()
}

/// An invitation is used once, even when accepted twice at the same moment.
async fn invitations_are_used_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let bo = user(store.as_ref(), "bo@example.se").await;
    let cai = user(store.as_ref(), "cai@example.se").await;
    let (organisation, _) = store
        .create_organisation(&org("Cafét"), anna.id)
        .await
        .unwrap();
    let invitation = store
        .create_invitation(&NewInvitation {
            organisation_id: organisation.id,
            email: Email::parse("bo@example.se").unwrap(),
            role: Role::Member,
            token_hash: "secret-hash".into(),
            invited_by: anna.id,
            created_at: Utc::now(),
            expires_at: Utc::now() + Duration::days(7),
        })
        .await
        .unwrap();
    assert_eq!(
        store.open_invitations(organisation.id).await.unwrap().len(),
        1
    );
    let found = store
        .invitation_by_hash("secret-hash")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, invitation.id);
    let (s1, s2) = (store.clone(), store.clone());
    let (r1, r2) = tokio::join!(
        tokio::spawn(async move { s1.accept_invitation(invitation.id, bo.id, Utc::now()).await }),
        tokio::spawn(async move {
            s2.accept_invitation(invitation.id, cai.id, Utc::now())
                .await
        }),
    );
    let results = [r1.unwrap(), r2.unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(results
        .iter()
        .any(|r| matches!(r, Err(StoreError::Conflict(_)))));
    assert!(store
        .open_invitations(organisation.id)
        .await
        .unwrap()
        .is_empty());
    assert!(matches!(
        store.revoke_invitation(invitation.id, Utc::now()).await,
        Err(StoreError::NotFound(_))
    ));

    // An invitation that expired between the caller's check and the update is not used.
    let late = store
        .create_invitation(&NewInvitation {
            organisation_id: organisation.id,
            email: Email::parse("dan@example.se").unwrap(),
            role: Role::Member,
            token_hash: "late-hash".into(),
            invited_by: anna.id,
            created_at: Utc::now() - Duration::days(8),
            expires_at: Utc::now() - Duration::seconds(1),
        })
        .await
        .unwrap();
    let dan = user(store.as_ref(), "dan@example.se").await;
    assert!(matches!(
        store.accept_invitation(late.id, dan.id, Utc::now()).await,
        Err(StoreError::Conflict(_))
    ));
    assert!(store
        .membership(organisation.id, dan.id)
        .await
        .unwrap()
        .is_none());
}

/// Pages follow ids, filter by kind, and fetch one extra row to tell whether more exist.
async fn organisation_pages(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    for i in 0..5 {
        let mut new = org(&format!("Org {i}"));
        if i % 2 == 0 {
            new.kind = OrgKind::Supplier;
        }
        store.create_organisation(&new, anna.id).await.unwrap();
    }
    let first = store
        .organisations(
            &OrgFilter::default(),
            Page {
                after: None,
                first: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(
        first.len(),
        3,
        "two asked for, plus one to detect the next page"
    );
    let rest = store
        .organisations(
            &OrgFilter::default(),
            Page {
                after: Some(first[1].id),
                first: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(rest.len(), 3);
    let suppliers = store
        .organisations(
            &OrgFilter {
                kind: Some(OrgKind::Supplier),
                ..OrgFilter::default()
            },
            Page {
                after: None,
                first: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(suppliers.len(), 3);
    assert!(suppliers.iter().all(|o| o.kind == OrgKind::Supplier));
}

fn figures(share_percent: u8, measured_on: &str) -> WiseFigures {
    WiseFigures {
        share_percent,
        measured_on: measured_on.parse().unwrap(),
    }
}

fn wise_profile(share: u8, measured_on: &str) -> ProfileContent {
    ProfileContent {
        wise: Some(WiseStatus {
            integration_main_aim: true,
            target_group_staff_percent: Some(share),
            measured_on: Some(measured_on.parse().unwrap()),
            evidence: "Annual report".into(),
            certification: None,
        }),
        ..ProfileContent::default()
    }
}

/// A verified WISE that states other figures than the verified ones is back in the
/// verification queue (in the same write as the profile), until it states the verified figures
/// again or an administrator verifies the new ones.
async fn changed_wise_figures_queue_for_verification(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let (organisation, _) = store
        .create_organisation(&org("Returbutiken"), anna.id)
        .await
        .unwrap();
    let id = organisation.id;
    let saved = store
        .save_profile(id, &wise_profile(40, "2026-03-01"), 0, anna.id, Utc::now())
        .await
        .unwrap();
    let verify = |figures| Verification {
        verified_by: anna.id,
        verified_at: Utc::now(),
        evidence: "Register".into(),
        wise_figures: Some(figures),
    };
    store
        .set_verification(id, Some(&verify(figures(40, "2026-03-01"))))
        .await
        .unwrap();
    let queue = OrgFilter {
        verified: Some(false),
        ..OrgFilter::default()
    };
    let queued = || async {
        let page = store
            .organisations(
                &queue,
                Page {
                    after: None,
                    first: 50,
                },
            )
            .await
            .unwrap();
        page.iter().any(|o| o.id == id)
    };
    assert!(!queued().await);

    let changed = store
        .save_profile(
            id,
            &wise_profile(45, "2026-03-01"),
            saved.revision,
            anna.id,
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(queued().await, "a new share waits for an administrator");
    let org = store.organisation(id).await.unwrap().unwrap();
    assert!(org.wise_figures_changed_at.is_some());
    assert!(org.verification.is_some(), "still a verified organisation");

    let back = store
        .save_profile(
            id,
            &wise_profile(40, "2026-03-01"),
            changed.revision,
            anna.id,
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(!queued().await, "the verified figures again");

    store
        .save_profile(
            id,
            &wise_profile(35, "2026-11-01"),
            back.revision,
            anna.id,
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(queued().await);
    store
        .set_verification(id, Some(&verify(figures(35, "2026-11-01"))))
        .await
        .unwrap();
    assert!(!queued().await, "verified again");
    let org = store.organisation(id).await.unwrap().unwrap();
    assert_eq!(org.wise_figures_changed_at, None);
}

/// Verification is recorded with who, when and what evidence, and can be withdrawn.
async fn verification_round_trip(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.store().await;
    let anna = user(store.as_ref(), "anna@example.se").await;
    let (organisation, _) = store
        .create_organisation(&org("Skoopi-member"), anna.id)
        .await
        .unwrap();
    assert!(organisation.verification.is_none());
    let verification = Verification {
        verified_by: anna.id,
        verified_at: Utc::now(),
        evidence: "Skoopi certificate 2026".into(),
        wise_figures: Some(figures(40, "2026-03-01")),
    };
    let verified = store
        .set_verification(organisation.id, Some(&verification))
        .await
        .unwrap();
    let recorded = verified.verification.unwrap();
    assert_eq!(recorded.evidence, "Skoopi certificate 2026");
    assert_eq!(recorded.wise_figures, Some(figures(40, "2026-03-01")));
    let withdrawn = store.set_verification(organisation.id, None).await.unwrap();
    assert!(withdrawn.verification.is_none());
    assert!(matches!(
        store.set_verification(424242, None).await,
        Err(StoreError::NotFound(_))
    ));
}

/// What was committed is there for a new connection pool (a restarted process).
async fn committed_writes_survive_reopening(backend: Backend) {
    let db = TestDb::new(backend).await;
    let org_id = {
        let store = db.store().await;
        let anna = user(store.as_ref(), "anna@example.se").await;
        store
            .create_organisation(&org("Durable AB"), anna.id)
            .await
            .unwrap()
            .0
            .id
    };
    let reopened: Arc<dyn Store> = db.store().await;
    assert_eq!(
        reopened.organisation(org_id).await.unwrap().unwrap().name,
        "Durable AB"
    );
}

on_both_databases!(
    changed_wise_figures_queue_for_verification,
    migrations_apply_cleanly,
    users_are_unique_by_email,
    credentials_by_hash_and_owner,
    expired_credentials_are_deleted,
    organisations_keep_an_admin,
    concurrent_demotions_keep_an_admin,
    invitations_are_used_once,
    organisation_pages,
    verification_round_trip,
    committed_writes_survive_reopening,
);
