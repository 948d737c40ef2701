//! The export file's shape: plain JSON a person can read and another service can import, with
//! the database's ids as numbers. Secrets never appear: sessions and tokens are stored only as
//! hashes, and the hashes are not read.

use crate::store::{
    BookingsMade, Credential, CredentialKind, EmailPreference, Invitation, LinkSent, Membership,
    Notification, Organisation, Question, RecordedAction, SavedSearch, User, Writings,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The version of this file's shape; bumped when a field changes meaning.
const FORMAT: &str = "samspill-personal-data/1";

const ABOUT: &str = "Everything Samspill holds about you. Messages, questions and answers you \
    wrote for an organisation are also part of its dialogue record. Samspill does not record \
    when a session or API token was last used, nor your language choice (the web app keeps it \
    in your browser).";

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalData {
    pub format: &'static str,
    pub about: &'static str,
    pub exported_at: DateTime<Utc>,
    pub account: Value,
    pub memberships: Vec<Value>,
    #[serde(flatten)]
    pub writings: WritingsPart,
    pub questions: Vec<Value>,
    pub meeting_bookings: Vec<Value>,
    pub notifications: Vec<Value>,
    #[serde(flatten)]
    pub credentials: CredentialsPart,
    pub saved_searches: Vec<Value>,
    pub invitations: Vec<Value>,
    pub email_links: Vec<Value>,
    pub threads_read: Vec<Value>,
    /// Records that name the person as the one who acted (created a need, changed an offer).
    pub other_records: Vec<Value>,
}

impl PersonalData {
    /// An empty document stamped now, for the reads to fill in.
    pub fn now() -> Self {
        Self {
            format: FORMAT,
            about: ABOUT,
            exported_at: Utc::now(),
            account: Value::Null,
            memberships: Vec::new(),
            writings: WritingsPart::default(),
            questions: Vec::new(),
            meeting_bookings: Vec::new(),
            notifications: Vec::new(),
            credentials: CredentialsPart::default(),
            saved_searches: Vec::new(),
            invitations: Vec::new(),
            email_links: Vec::new(),
            threads_read: Vec::new(),
            other_records: Vec::new(),
        }
    }
}

pub fn account(user: &User, email_notifications: EmailPreference) -> Value {
    json!({
        "id": user.id,
        "name": user.name,
        "email": user.email,
        "emailConfirmed": user.email_verified_at.is_some(),
        "emailConfirmedAt": user.email_verified_at,
        "createdAt": user.created_at,
        "platformAdministrator": user.is_platform_admin,
        "emailNotifications": email_notifications.as_stored(),
    })
}

pub fn memberships(all: &[Membership], orgs: &HashMap<i64, Organisation>) -> Vec<Value> {
    all.iter()
        .map(|m| {
            json!({
                "organisationId": m.organisation_id,
                "organisation": orgs.get(&m.organisation_id).map(|o| o.name.as_str()),
                "role": m.role.as_stored(),
                "since": m.created_at,
            })
        })
        .collect()
}

/// Threads the person started or wrote in, and their messages with every earlier text.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WritingsPart {
    pub threads: Vec<Value>,
    pub messages: Vec<Value>,
}

pub fn writings(user_id: i64, w: Writings) -> WritingsPart {
    let threads = w
        .threads
        .iter()
        .map(|t| {
            json!({ "id": t.id, "needId": t.need_id, "kind": t.kind.as_stored(), "title": t.title,
                        "startedAt": t.created_at, "startedByYou": t.created_by == user_id })
        })
        .collect();
    let messages = w
            .messages
            .iter()
            .map(|m| {
                let earlier: Vec<Value> = w
                    .versions
                    .iter()
                    .filter(|(id, _)| *id == m.id)
                    .map(|(_, v)| json!({ "version": v.version, "body": v.body, "writtenAt": v.written_at }))
                    .collect();
                json!({ "id": m.id, "threadId": m.thread_id, "forOrganisationId": m.author_org, "body": m.body,
                        "writtenAt": m.created_at, "editedAt": m.edited_at, "deletedAt": m.deleted_at,
                        "earlierTexts": earlier })
            })
            .collect();
    WritingsPart { threads, messages }
}

pub fn questions(user_id: i64, all: Vec<Question>) -> Vec<Value> {
    all.into_iter()
        .map(|q| {
            json!({ "id": q.id, "needId": q.need_id, "forOrganisationId": q.asking_org,
                    "askedByYou": q.asked_by == user_id, "answeredByYou": q.answered_by == Some(user_id),
                    "question": q.question, "askedAt": q.asked_at, "status": q.status.as_stored(),
                    "publishedQuestion": q.published_question, "answer": q.answer,
                    "answeredAt": q.answered_at, "privateReason": q.private_reason })
        })
        .collect()
}

pub fn bookings(made: BookingsMade) -> Vec<Value> {
    made.bookings
        .iter()
        .map(|b| {
            let meeting = made.meetings.iter().find(|m| m.id == b.meeting_id);
            json!({ "meetingId": b.meeting_id, "forOrganisationId": b.organisation_id, "bookedAt": b.booked_at,
                    "needId": meeting.map(|m| m.need_id),
                    "title": meeting.map(|m| m.details.title.as_str()),
                    "startsAt": meeting.map(|m| m.details.starts_at),
                    "endsAt": meeting.map(|m| m.details.ends_at),
                    "location": meeting.map(|m| m.details.location.as_str()) })
        })
        .collect()
}

pub fn notifications(all: Vec<Notification>) -> Vec<Value> {
    all.into_iter()
        .map(|n| {
            json!({ "id": n.id, "kind": n.kind.as_stored(), "needId": n.need_id, "message": n.message,
                    "createdAt": n.created_at, "readAt": n.read_at })
        })
        .collect()
}

/// Browser sessions and API tokens, told apart; never a secret or a hash.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialsPart {
    pub sessions: Vec<Value>,
    pub api_tokens: Vec<Value>,
}

impl From<Vec<Credential>> for CredentialsPart {
    fn from(all: Vec<Credential>) -> Self {
        let (sessions, tokens): (Vec<_>, Vec<_>) = all
            .into_iter()
            .partition(|c| c.kind == CredentialKind::Session);
        Self {
            sessions: sessions
                .iter()
                .map(
                    |c| json!({ "id": c.id, "createdAt": c.created_at, "expiresAt": c.expires_at }),
                )
                .collect(),
            api_tokens: tokens
                .iter()
                .map(|c| json!({ "id": c.id, "name": c.name, "createdAt": c.created_at }))
                .collect(),
        }
    }
}

pub fn saved_searches(all: Vec<SavedSearch>) -> Vec<Value> {
    all.into_iter()
        .map(|s| json!({ "id": s.id, "name": s.name, "filter": s.filter, "createdAt": s.created_at }))
        .collect()
}

pub fn invitations(user_id: i64, all: Vec<Invitation>) -> Vec<Value> {
    all.into_iter()
        .map(|i| {
            json!({ "id": i.id, "organisationId": i.organisation_id, "email": i.email, "role": i.role.as_stored(),
                    "sentByYou": i.invited_by == user_id, "createdAt": i.created_at, "expiresAt": i.expires_at,
                    "acceptedAt": i.accepted_at, "revokedAt": i.revoked_at })
        })
        .collect()
}

pub fn links(all: Vec<LinkSent>) -> Vec<Value> {
    all.into_iter()
        .map(|l| {
            json!({ "purpose": l.purpose, "email": l.email, "createdAt": l.created_at,
                    "expiresAt": l.expires_at, "usedAt": l.used_at })
        })
        .collect()
}

pub fn reads(all: Vec<(i64, i64)>) -> Vec<Value> {
    all.into_iter()
        .map(|(thread, last)| json!({ "threadId": thread, "lastReadMessageId": last }))
        .collect()
}

pub fn actions(all: Vec<RecordedAction>) -> Vec<Value> {
    all.into_iter()
        .map(|a| json!({ "action": a.action, "recordId": a.record_id, "at": a.at }))
        .collect()
}
