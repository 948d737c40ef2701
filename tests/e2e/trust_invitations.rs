//! An invitation is for the person it was sent to, and e-mail links prove an address: the link
//! confirms it once, a password reset link sets a new password once and ends every session.

use crate::helpers::{token_of, Backend, TestApp, GOTEBORG, PASSWORD};
use crate::on_both_databases;
use samspill::mail::{Email, MailError, Mailer};
use serde_json::json;
use std::sync::{Arc, Mutex};

/// Keeps what would have been sent, for the test to read as the mailbox's owner would.
#[derive(Debug, Default, Clone)]
pub struct Outbox(Arc<Mutex<Vec<Email>>>);

#[async_trait::async_trait]
impl Mailer for Outbox {
    async fn send(&self, email: &Email) -> Result<(), MailError> {
        self.0.lock().unwrap().push(email.clone());
        Ok(())
    }
}

impl Outbox {
    /// The token in the newest e-mail to `address` whose link contains `path`.
    pub fn token_for(&self, address: &str, path: &str) -> Option<String> {
        let sent = self.0.lock().unwrap();
        let email = sent
            .iter()
            .rev()
            .find(|e| e.to_address == address && e.body.contains(path))?;
        let url = email
            .body
            .split_whitespace()
            .find(|w| w.starts_with("http"))?;
        Some(token_of(url))
    }

    pub fn count_to(&self, address: &str) -> usize {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.to_address == address)
            .count()
    }
}

pub async fn app_with_outbox(backend: Backend) -> (TestApp, Outbox) {
    let outbox = Outbox::default();
    let mailer = outbox.clone();
    let app = TestApp::spawn_with(backend, move |config| {
        config.mail.mailer = Arc::new(mailer);
    })
    .await;
    (app, outbox)
}

fn reason(reply: &crate::helpers::Reply) -> &str {
    reply.body["errors"][0]["extensions"]["reason"]
        .as_str()
        .unwrap_or_default()
}

const VERIFY: &str = "mutation($t: String!) { verifyEmail(input: { token: $t }) { id } }";

/// A link to an ADMIN invitation in someone else's hands joins nobody: another account is
/// refused (EMAIL_MISMATCH), and so is an account with the invited address until that address
/// is confirmed by the link e-mailed to it (EMAIL_NOT_VERIFIED); the confirmation link works
/// once, and then the invitee joins with the role.
async fn invitation_is_for_the_confirmed_invited_address(backend: Backend) {
    let (app, outbox) = app_with_outbox(backend).await;
    let (anna, mallory, bo) = (app.browser(), app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    mallory.register("mallory@example.org", "Mallory").await;
    bo.register("bo@goteborg.se", "Bo").await;
    let org = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let token = token_of(
        &anna
            .invite(&org, "Bo@Goteborg.se", "ADMIN")
            .await
            .str("inviteMember.acceptUrl"),
    );

    let stolen = mallory.accept(&token).await;
    assert_eq!((stolen.code(), stolen.field()), ("BAD_USER_INPUT", "token"));
    assert_eq!(reason(&stolen), "EMAIL_MISMATCH");

    let unconfirmed = bo.accept(&token).await;
    assert_eq!(
        reason(&unconfirmed),
        "EMAIL_NOT_VERIFIED",
        "{:?}",
        unconfirmed.body
    );
    let me = bo.gql("{ me { emailVerified } }", json!({})).await;
    assert_eq!(me.data("me.emailVerified"), false);

    // Registering sent Bo a confirmation link; Mallory's link is for Mallory's address only.
    let link = outbox
        .token_for("bo@goteborg.se", "/account/verify-email")
        .expect("registration e-mails a confirmation link");
    let mallory_link = outbox
        .token_for("mallory@example.org", "/account/verify-email")
        .unwrap();
    anna.gql(VERIFY, json!({ "t": mallory_link }))
        .await
        .data("verifyEmail");
    assert_eq!(reason(&mallory.accept(&token).await), "EMAIL_MISMATCH");

    let confirmed = app.browser().gql(VERIFY, json!({ "t": link })).await;
    assert_eq!(confirmed.str("verifyEmail.id"), bo.me_id().await);
    let again = app.browser().gql(VERIFY, json!({ "t": link })).await;
    assert_eq!((again.code(), again.field()), ("BAD_USER_INPUT", "token"));
    assert_eq!(
        bo.gql("{ me { emailVerified } }", json!({}))
            .await
            .data("me.emailVerified"),
        true
    );
    // Once confirmed, asking again sends nothing more.
    let before = outbox.count_to("bo@goteborg.se");
    bo.gql("mutation { requestEmailVerification }", json!({}))
        .await
        .data("requestEmailVerification");
    assert_eq!(outbox.count_to("bo@goteborg.se"), before);

    let joined = bo.accept(&token).await;
    assert_eq!(joined.str("acceptInvitation.role"), "ADMIN");
    assert!(mallory
        .gql("{ me { memberships { role } } }", json!({}))
        .await
        .data("me.memberships")
        .as_array()
        .unwrap()
        .is_empty());
}

/// Asking for more confirmation links than five an hour is refused with RATE_LIMITED.
async fn confirmation_links_are_rate_limited(backend: Backend) {
    let (app, outbox) = app_with_outbox(backend).await;
    let bo = app.browser();
    bo.register("bo@goteborg.se", "Bo").await;
    for _ in 0..4 {
        bo.gql("mutation { requestEmailVerification }", json!({}))
            .await
            .data("requestEmailVerification");
    }
    assert_eq!(outbox.count_to("bo@goteborg.se"), 5);
    let refused = bo
        .gql("mutation { requestEmailVerification }", json!({}))
        .await;
    assert_eq!(refused.code(), "RATE_LIMITED");
}

/// A reset link goes to the address only if an account has it (the answer is the same either
/// way); it sets a new password once, ends the old session, and the old password stops working.
async fn password_reset_by_link(backend: Backend) {
    let (app, outbox) = app_with_outbox(backend).await;
    let bo = app.browser();
    bo.register("bo@goteborg.se", "Bo").await;
    let request = "mutation($e: String!) { requestPasswordReset(input: { email: $e }) }";
    let stranger = app.browser();
    let unknown = stranger
        .gql(request, json!({ "e": "nobody@example.org" }))
        .await;
    assert_eq!(unknown.data("requestPasswordReset"), true);
    assert_eq!(outbox.count_to("nobody@example.org"), 0);
    stranger
        .gql(request, json!({ "e": "bo@goteborg.se" }))
        .await
        .data("requestPasswordReset");
    let token = outbox
        .token_for("bo@goteborg.se", "/account/reset-password")
        .unwrap();

    let reset =
        "mutation($t: String!, $p: String!) { resetPassword(input: { token: $t, password: $p }) }";
    let short = stranger
        .gql(reset, json!({ "t": token, "p": "short" }))
        .await;
    assert_eq!(
        (short.code(), short.field()),
        ("BAD_USER_INPUT", "password")
    );
    let new_password = "another long passphrase";
    stranger
        .gql(reset, json!({ "t": token, "p": new_password }))
        .await
        .data("resetPassword");
    let reused = stranger
        .gql(reset, json!({ "t": token, "p": new_password }))
        .await;
    assert_eq!(reused.field(), "token");

    // Bo's session ended with the reset.
    assert!(bo
        .gql("{ me { id } }", json!({}))
        .await
        .data("me")
        .is_null());
    let fresh = app.browser();
    assert_eq!(
        fresh.login("bo@goteborg.se", PASSWORD).await.code(),
        "UNAUTHENTICATED"
    );
    fresh
        .login("bo@goteborg.se", new_password)
        .await
        .data("login");
    // Reading the link proved the address too.
    let me = fresh.gql("{ me { emailVerified } }", json!({})).await;
    assert_eq!(me.data("me.emailVerified"), true);
}

on_both_databases!(
    invitation_is_for_the_confirmed_invited_address,
    confirmation_links_are_rate_limited,
    password_reset_by_link
);
