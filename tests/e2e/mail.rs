//! Notification e-mail over real SMTP: each person's setting (immediately, daily digest, off)
//! is honoured, nothing is sent twice, and a refused send is retried.
//!
//! The SMTP server is a minimal one written here (no mail server can be installed): it speaks
//! enough of RFC 5321 for lettre's client and keeps what it receives.

use crate::dialogue::dialogue_with;
use crate::helpers::{Backend, Client};
use crate::on_both_databases;
use crate::operations::{post_message, start_thread};
use chrono::{Duration, Utc};
use serde_json::json;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// What the sink received: one entry per accepted message (headers and body).
#[derive(Clone, Default)]
struct Sink {
    messages: Arc<Mutex<Vec<String>>>,
    /// Transactions to refuse with a temporary failure before accepting any.
    refuse: Arc<AtomicUsize>,
}

impl Sink {
    async fn start() -> (SocketAddr, Self) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let sink = Self::default();
        let serving = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serving.clone().session(stream));
            }
        });
        (addr, sink)
    }

    async fn session(self, stream: tokio::net::TcpStream) {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut data: Option<String> = None;
        let _ = write.write_all(b"220 sink ESMTP\r\n").await;
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(message) = data.as_mut() {
                if line == "." {
                    self.messages.lock().unwrap().push(data.take().unwrap());
                    let _ = write.write_all(b"250 queued\r\n").await;
                } else {
                    message.push_str(&line);
                    message.push('\n');
                }
                continue;
            }
            let command = line.to_ascii_uppercase();
            let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
                b"250 sink\r\n"
            } else if command.starts_with("MAIL FROM") {
                let refused = self
                    .refuse
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if refused {
                    b"451 try again later\r\n"
                } else {
                    b"250 ok\r\n"
                }
            } else if command.starts_with("RCPT TO")
                || command.starts_with("RSET")
                || command.starts_with("NOOP")
            {
                b"250 ok\r\n"
            } else if command.starts_with("DATA") {
                data = Some(String::new());
                b"354 end with .\r\n"
            } else if command.starts_with("QUIT") {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            } else {
                b"502 not implemented\r\n"
            };
            let _ = write.write_all(reply).await;
        }
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.messages.lock().unwrap())
    }
}

/// Sends through the sink; background rounds are left out so the test drives every round.
fn smtp_mailer(config: &mut samspill::config::Config, smtp: SocketAddr) {
    let url = format!("smtp://{smtp}");
    let mailer = samspill::mail::SmtpMailer::new(&url, "Samspill <no-reply@samspill.test>");
    config.mail.mailer = Arc::new(mailer.unwrap());
    config.mail.check_every = std::time::Duration::from_secs(3600);
}

async fn set_preference(client: &Client, preference: &str) {
    let set = client
        .gql(
            "mutation($p: EmailPreference!) { setEmailNotifications(preference: $p) }",
            json!({ "p": preference }),
        )
        .await;
    assert_eq!(set.data("setEmailNotifications"), preference);
}

/// To whom each message went (the `To:` header), sorted.
fn recipients(messages: &[String]) -> Vec<String> {
    let mut to: Vec<String> = messages
        .iter()
        .map(|m| {
            m.lines()
                .find(|l| l.starts_with("To:"))
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    to.sort();
    to
}

/// Sara gets each notification at once, Bo a daily digest, Erik nothing; a round sends each
/// notification once; switching e-mail on later does not send old news.
async fn each_person_chooses_how_often(backend: Backend) {
    let (smtp, sink) = Sink::start().await;
    let d = dialogue_with(backend, json!({}), move |config| smtp_mailer(config, smtp)).await;
    // Registering e-mailed each person a confirmation link; these tests count notifications.
    sink.take();
    let services = d.app.services.clone();
    assert_eq!(services.send_due_emails(Utc::now()).await.unwrap().sent, 0);

    let preference = d.bo.gql("{ me { emailNotifications } }", json!({})).await;
    assert_eq!(
        preference.data("me.emailNotifications"),
        "IMMEDIATE",
        "the default"
    );
    set_preference(&d.bo, "DAILY").await;
    set_preference(&d.erik, "OFF").await;

    start_thread(
        &d.erik,
        &d.need,
        "PRIVATE",
        "Our offer",
        "Hello",
        Some(&d.supplier),
    )
    .await
    .data("startThread");
    start_thread(
        &d.anna,
        &d.need,
        "PRIVATE",
        "Staffing plan",
        "How many trainees?",
        Some(&d.wise),
    )
    .await
    .data("startThread");

    let round = services.send_due_emails(Utc::now()).await.unwrap();
    let sent = sink.take();
    assert_eq!(
        round.sent, 3,
        "Anna and Sara at once, Bo's first digest: {sent:#?}"
    );
    let to = recipients(&sent);
    assert!(to[0].contains("anna@goteborg.se"), "{to:?}");
    assert!(to[1].contains("bo@wise.se"), "{to:?}");
    assert!(to[2].contains("sara@wise.se"), "{to:?}");
    let sara = sent.iter().find(|m| m.contains("sara@wise.se")).unwrap();
    assert!(
        sara.contains("Subject: Samspill: New thread in the market dialogue: Staffing plan"),
        "{sara}"
    );
    assert!(
        !sent.iter().any(|m| m.contains("erik@stad.se")),
        "Erik has e-mail off"
    );

    assert_eq!(
        services.send_due_emails(Utc::now()).await.unwrap().sent,
        0,
        "nothing twice"
    );

    let thread = d
        .sara
        .gql(
            "query($id: ID!) { need(id: $id) { threads { id title } } }",
            json!({ "id": d.need }),
        )
        .await
        .data("need.threads")
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["title"] == "Staffing plan")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    post_message(&d.anna, &thread, "And on weekends?")
        .await
        .data("postMessage");
    let round = services.send_due_emails(Utc::now()).await.unwrap();
    assert_eq!(
        recipients(&sink.take()).len(),
        1,
        "Sara at once; Bo's digest waits: {round:?}"
    );
    let tomorrow = Utc::now() + Duration::hours(25);
    services.send_due_emails(tomorrow).await.unwrap();
    let digest = sink.take();
    assert_eq!(recipients(&digest).len(), 1);
    assert!(digest[0].contains("bo@wise.se"));
    assert!(
        digest[0].contains("Subject: Samspill: 1 new notification"),
        "{}",
        digest[0]
    );

    set_preference(&d.erik, "IMMEDIATE").await;
    assert_eq!(
        services.send_due_emails(tomorrow).await.unwrap().sent,
        0,
        "notifications from while e-mail was off are not sent later"
    );
}

/// A send the server refuses is given back and goes out in the next round.
async fn refused_sends_are_retried(backend: Backend) {
    let (smtp, sink) = Sink::start().await;
    let d = dialogue_with(backend, json!({}), move |config| smtp_mailer(config, smtp)).await;
    // Registering e-mailed each person a confirmation link; these tests count notifications.
    sink.take();
    let services = d.app.services.clone();
    start_thread(
        &d.anna,
        &d.need,
        "PRIVATE",
        "Staffing plan",
        "How many trainees?",
        Some(&d.wise),
    )
    .await
    .data("startThread");
    sink.refuse.store(1, Ordering::SeqCst);
    let first = services.send_due_emails(Utc::now()).await.unwrap();
    assert_eq!(
        (first.sent, first.failed),
        (1, 1),
        "one of Sara and Bo was refused"
    );
    let second = services.send_due_emails(Utc::now()).await.unwrap();
    assert_eq!(
        (second.sent, second.failed),
        (1, 0),
        "and goes out next round"
    );
    let to = recipients(&sink.take());
    assert_eq!(to.len(), 2);
    assert!(
        to[0].contains("bo@wise.se") && to[1].contains("sara@wise.se"),
        "{to:?}"
    );
}

on_both_databases!(each_person_chooses_how_often, refused_sends_are_retried);
