//! Notification e-mail: each person chooses immediately, a daily digest, or off.
//!
//! A background task calls [`Services::send_due_emails`] every `mail.check_every`; the store
//! claims what is due so that several replicas never send the same e-mail twice.

use super::Services;
use crate::auth::Viewer;
use crate::error::AppResult;
use crate::mail::Email;
use crate::store::{DueEmail, EmailPreference, Notification};
use chrono::{DateTime, Utc};

/// E-mails claimed per round; the rest wait for the next round.
const BATCH: u32 = 200;

/// What one round did, for logs and tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MailRound {
    pub sent: usize,
    pub failed: usize,
}

impl Services {
    pub async fn email_preference(&self, viewer: &Viewer) -> AppResult<EmailPreference> {
        let user = viewer.user()?;
        Ok(self.store.email_preference(user.id).await?)
    }

    pub async fn set_email_preference(
        &self,
        viewer: &Viewer,
        preference: EmailPreference,
    ) -> AppResult<EmailPreference> {
        let user = viewer.user()?;
        self.store.set_email_preference(user.id, preference).await?;
        Ok(preference)
    }

    /// Sends what is due at `now`: immediate e-mails, and digests for people whose last one is
    /// older than the digest period. A failed send is given back and tried next round.
    pub async fn send_due_emails(&self, now: DateTime<Utc>) -> AppResult<MailRound> {
        self.store.pass_over_unwanted(now).await?;
        let mut round = MailRound::default();
        for due in self.store.claim_immediate(now, BATCH).await? {
            let email = self.immediate_email(&due);
            self.deliver(&due, &email, false, &mut round).await?;
        }
        let period = chrono::Duration::from_std(self.config.mail.digest_every)
            .unwrap_or(chrono::Duration::days(1));
        for due in self.store.claim_digests(now, now - period, BATCH).await? {
            let email = self.digest_email(&due);
            self.deliver(&due, &email, true, &mut round).await?;
        }
        Ok(round)
    }

    async fn deliver(
        &self,
        due: &DueEmail,
        email: &Email,
        digest: bool,
        round: &mut MailRound,
    ) -> AppResult<()> {
        match self.config.mail.mailer.send(email).await {
            Ok(()) => round.sent += 1,
            Err(err) => {
                tracing::warn!(error = %err, user = due.recipient.user_id, "could not send \
                                                                            e-mail; will retry");
                self.store.release_email(due, digest).await?;
                round.failed += 1;
            }
        }
        Ok(())
    }

    fn immediate_email(&self, due: &DueEmail) -> Email {
        let notification = &due.notifications[0];
        Email {
            to_address: due.recipient.email.clone(),
            to_name: due.recipient.name.clone(),
            subject: format!("Samspill: {}", first_line(&notification.message)),
            body: format!(
                "Hello {},\n\n{}\n\n{}\n\n{}",
                due.recipient.name,
                notification.message,
                self.notifications_link(),
                FOOTER
            ),
        }
    }

    fn digest_email(&self, due: &DueEmail) -> Email {
        let lines: Vec<String> = due.notifications.iter().map(digest_line).collect();
        Email {
            to_address: due.recipient.email.clone(),
            to_name: due.recipient.name.clone(),
            subject: format!(
                "Samspill: {} new notification{}",
                lines.len(),
                if lines.len() == 1 { "" } else { "s" }
            ),
            body: format!(
                "Hello {},\n\nSince your last digest:\n\n{}\n\n{}\n\n{}",
                due.recipient.name,
                lines.join("\n"),
                self.notifications_link(),
                FOOTER
            ),
        }
    }

    fn notifications_link(&self) -> String {
        let url = self
            .config
            .public_url
            .join("notifications")
            .map(|u| u.to_string())
            .unwrap_or_else(|_| self.config.public_url.to_string());
        format!("See them in Samspill: {url}")
    }
}

const FOOTER: &str = "You get these e-mails because of your notification setting in Samspill \
                      (immediately, a daily digest, or off); change it under your account.";

fn digest_line(notification: &Notification) -> String {
    format!(
        "- {} ({})",
        first_line(&notification.message),
        notification.created_at.format("%Y-%m-%d %H:%M UTC")
    )
}

/// The first line of a message, at most 120 characters, for subjects and digest lines.
fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() <= 120 {
        line.to_owned()
    } else {
        let cut: String = line.chars().take(119).collect();
        format!("{cut}…")
    }
}
