//! Sending e-mail: through SMTP (lettre) when `SAMSPILL_SMTP_URL` is set, otherwise to the log,
//! so a newcomer's machine needs no mail server and still shows what would have been sent.

use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::fmt;

/// One e-mail to one person, in plain text.
#[derive(Debug, Clone)]
pub struct Email {
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct MailError(String);

#[async_trait]
pub trait Mailer: fmt::Debug + Send + Sync {
    async fn send(&self, email: &Email) -> Result<(), MailError>;
}

/// Writes each e-mail to the log at `info` (the default when no SMTP server is configured).
#[derive(Debug, Default)]
pub struct LogMailer;

#[async_trait]
impl Mailer for LogMailer {
    async fn send(&self, email: &Email) -> Result<(), MailError> {
        tracing::info!(
            to = %email.to_address,
            subject = %email.subject,
            body = %email.body,
            "e-mail (no SMTP server configured, so it is logged instead of sent)"
        );
        Ok(())
    }
}

/// Sends through an SMTP server. The URL takes lettre's form: `smtps://user:pass@host` (TLS
/// from the start), `smtp://user:pass@host:587?tls=required` (STARTTLS), or plain
/// `smtp://host:25` (unencrypted: only for a relay on the same machine or network).
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL may hold a password: show only the sender.
        f.debug_struct("SmtpMailer")
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}

impl SmtpMailer {
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| MailError(format!("the SMTP URL is not valid: {e}")))?
            .build();
        let from = from
            .parse()
            .map_err(|e| MailError(format!("the sender address is not valid: {e}")))?;
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, email: &Email) -> Result<(), MailError> {
        let to = Mailbox::new(
            Some(email.to_name.clone()),
            email
                .to_address
                .parse()
                .map_err(|e| MailError(format!("recipient address: {e}")))?,
        );
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&email.subject)
            .body(email.body.clone())
            .map_err(|e| MailError(format!("building the message: {e}")))?;
        self.transport
            .send(message)
            .await
            .map_err(|e| MailError(format!("SMTP: {e}")))?;
        Ok(())
    }
}
