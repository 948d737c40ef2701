//! A person's own data: all of it as one file they can keep or take elsewhere (GDPR Art. 15
//! and 20), and erasure with the account (Art. 17).
//!
//! What the person wrote for an organisation (messages, questions, answers, needs) is the
//! organisation's record of its dialogue and stays, shown as written by "Deleted user"; what is
//! theirs alone goes. The rule for organisations: the only admin of an organisation that has
//! other members must make one of them admin first, so the organisation is never left with
//! members and nobody to run it. An organisation the person is the only member of stays, with
//! what it published, and no members.

mod document;

use super::Services;
use crate::auth::Viewer;
use crate::domain::{Password, Reason};
use crate::error::{AppError, AppResult};
use crate::store::{Store, User};
use chrono::Utc;
pub use document::PersonalData;
use std::net::IpAddr;

impl Services {
    /// Everything Samspill holds about the signed-in person, read feature by feature.
    pub async fn personal_data(&self, viewer: &Viewer) -> AppResult<PersonalData> {
        let user = viewer.user()?;
        let store: &dyn Store = self.store.as_ref();
        let id = user.id;
        let memberships = store.memberships_of_user(id).await?;
        let org_ids: Vec<i64> = memberships.iter().map(|m| m.organisation_id).collect();
        let organisations = self.organisations_by_ids(&org_ids).await?;
        Ok(PersonalData {
            account: document::account(user, store.email_preference(id).await?),
            memberships: document::memberships(&memberships, &organisations),
            writings: document::writings(id, store.writings_of(id).await?),
            questions: document::questions(id, store.questions_of(id).await?),
            meeting_bookings: document::bookings(store.bookings_by(id).await?),
            notifications: document::notifications(store.all_notifications(id).await?),
            credentials: store.credentials_of(id).await?.into(),
            saved_searches: document::saved_searches(store.saved_searches(id).await?),
            invitations: document::invitations(id, store.invitations_of(id, &user.email).await?),
            email_links: document::links(store.links_sent_to(id).await?),
            threads_read: document::reads(store.thread_reads_of(id).await?),
            other_records: document::actions(store.actions_of(id).await?),
            ..PersonalData::now()
        })
    }

    /// Deletes the signed-in person's account once they give their password again: they are
    /// erased everywhere in one transaction (see the module doc), then every session and token
    /// ends, which closes their open websockets on every replica.
    pub async fn delete_account(
        &self,
        viewer: &Viewer,
        client: IpAddr,
        password: &str,
    ) -> AppResult<()> {
        let user = viewer.user()?;
        self.confirm_password(client, user, password).await?;
        self.refuse_sole_admin(user.id).await?;
        let erased =
            self.store
                .erase_person(user.id, Utc::now())
                .await
                .map_err(|err| match err {
                    // An admin left between the check above and the erasure.
                    crate::store::StoreError::LastAdmin => sole_admin(&[]),
                    other => other.into(),
                })?;
        self.events_committed().await;
        if erased.contacts_removed > 0 {
            self.search_wake.notify_one();
        }
        tracing::info!(user = user.id, "account erased at the person's request");
        Ok(())
    }

    /// The password again, for a change that cannot be undone; wrong guesses count towards the
    /// same limits as sign-in, so a left-open session is no way to guess it.
    async fn confirm_password(&self, client: IpAddr, user: &User, password: &str) -> AppResult<()> {
        self.limiter.check_login(client, &user.email)?;
        let email =
            crate::domain::Email::parse(&user.email).map_err(|e| AppError::Internal(e.0))?;
        let (_, hash) = self
            .store
            .user_for_login(&email)
            .await?
            .ok_or_else(|| AppError::NotFound("Account".into()))?;
        let password = Password::for_login(password);
        let matches = tokio::task::spawn_blocking(move || password.verify(&hash))
            .await
            .map_err(|e| AppError::Internal(format!("password check task failed: {e}")))?;
        if matches {
            self.limiter.login_succeeded(client, &user.email);
            Ok(())
        } else {
            self.limiter.login_failed(client, &user.email);
            Err(AppError::bad_input_as(
                "password",
                Reason::WrongPassword,
                "This is not your password. Give the password you sign in with.",
            ))
        }
    }

    /// Refuses, naming the organisations, when the person is the only admin of one that has
    /// other members.
    async fn refuse_sole_admin(&self, user_id: i64) -> AppResult<()> {
        let orgs = self.store.sole_admin_of(user_id).await?;
        if orgs.is_empty() {
            return Ok(());
        }
        let mut names: Vec<String> = self
            .organisations_by_ids(&orgs)
            .await?
            .into_values()
            .map(|o| o.name)
            .collect();
        names.sort();
        Err(sole_admin(&names))
    }
}

fn sole_admin(names: &[String]) -> AppError {
    let which = if names.is_empty() {
        "an organisation that has other members".to_owned()
    } else {
        names.join(", ")
    };
    AppError::Refused {
        reason: Reason::SoleAdmin,
        message: format!(
            "You are the only admin of {which}. Make another member an admin first, so the \
             organisation keeps someone to run it; then delete your account."
        ),
    }
}
