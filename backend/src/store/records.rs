//! The records the store reads and writes. Fields hold domain values where they matter for
//! correctness (kinds, roles, countries) and plain strings where they were validated on the way in.

use crate::domain::dialogue::QuestionStatus;
use crate::domain::profile::{VerifiedStanding, WiseFigures};
use crate::domain::{Country, Email, OrgKind, OrgNumber, PasswordHash, PersonName, Role};
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub is_platform_admin: bool,
    pub created_at: DateTime<Utc>,
    /// When the person last proved they read `email` (a verification link); `None`: not yet.
    pub email_verified_at: Option<DateTime<Utc>>,
    /// When the person deleted their account: the row then only keeps an author for what they
    /// wrote for an organisation, named "Deleted user".
    pub deleted_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub struct NewUser {
    pub email: Email,
    pub name: PersonName,
    pub password_hash: PasswordHash,
    pub is_platform_admin: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// A browser session, carried in a cookie.
    Session,
    /// A personal API token, carried as `Authorization: Bearer`.
    ApiToken,
}

impl CredentialKind {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::ApiToken => "api_token",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "session" => Some(Self::Session),
            "api_token" => Some(Self::ApiToken),
            _ => None,
        }
    }
}

/// A session or API token. Only the SHA-256 of the secret is stored: a leaked database does not
/// leak working credentials.
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: i64,
    pub user_id: i64,
    pub kind: CredentialKind,
    pub name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub struct NewCredential {
    pub user_id: i64,
    pub kind: CredentialKind,
    pub name: Option<String>,
    pub token_hash: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct Organisation {
    pub id: i64,
    pub kind: OrgKind,
    pub name: String,
    pub org_number: OrgNumber,
    pub region: Option<String>,
    pub website: Option<String>,
    pub description: String,
    pub verification: Option<Verification>,
    /// When a verified WISE first stated other figures than the verified ones (it is then in
    /// the verification queue again).
    pub wise_figures_changed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Organisation {
    pub fn country(&self) -> Country {
        self.org_number.country()
    }

    /// What verification says about the organisation, as reserved-contract eligibility reads it.
    pub fn verified_standing(&self) -> VerifiedStanding {
        VerifiedStanding {
            kind: self.kind,
            verified: self.verification.is_some(),
            figures: self.verification.as_ref().and_then(|v| v.wise_figures),
        }
    }
}

#[derive(Debug)]
pub struct NewOrganisation {
    pub kind: OrgKind,
    pub name: String,
    pub org_number: OrgNumber,
    pub region: Option<String>,
    pub website: Option<String>,
    pub description: String,
    pub created_at: DateTime<Utc>,
}

/// A platform administrator's statement that an organisation is what it claims to be (a real
/// buyer; a WISE whose status the evidence shows).
#[derive(Debug, Clone)]
pub struct Verification {
    pub verified_by: i64,
    pub verified_at: DateTime<Utc>,
    pub evidence: String,
    /// The WISE figures the administrator saw, when the profile stated them.
    pub wise_figures: Option<WiseFigures>,
}

#[derive(Debug, Clone, Default)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    /// `Some(false)`: the verification queue: organisations no administrator has verified, and
    /// verified WISE whose figures changed since.
    pub verified: Option<bool>,
}

#[derive(Debug, Clone)]
pub struct Membership {
    pub id: i64,
    pub organisation_id: i64,
    pub user_id: i64,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct Invitation {
    pub id: i64,
    pub organisation_id: i64,
    pub email: String,
    pub role: Role,
    pub invited_by: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Debug)]
pub struct NewInvitation {
    pub organisation_id: i64,
    pub email: Email,
    pub role: Role,
    pub token_hash: String,
    pub invited_by: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A need as stored: the editable content plus its place in the lifecycle.
#[derive(Debug, Clone)]
pub struct Need {
    pub id: i64,
    pub buyer_id: i64,
    /// Co-buyers whose admins accepted: named on the need, in open data, and editing it.
    pub co_buyers: Vec<i64>,
    /// Buyers asked to be co-buyers that have not accepted: named nowhere yet.
    pub co_buyer_requests: Vec<i64>,
    pub status: crate::domain::need::NeedStatus,
    /// Increases with every change; an edit must name the revision it started from.
    pub revision: i64,
    /// The published version (0 while a draft).
    pub version: i64,
    /// Shared: every read of the same document text shares one parse (the cache in
    /// `store/needs.rs`).
    pub content: std::sync::Arc<crate::domain::need::NeedContent>,
    pub announced_at: Option<DateTime<Utc>>,
    pub created_by: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it entered the public list (announcement; creation for drafts); the default order.
    pub listed_at: DateTime<Utc>,
}

impl Need {
    /// The buyer and every co-buyer: the organisations whose members act for the buyer side.
    pub fn buyer_side(&self) -> impl Iterator<Item = i64> + '_ {
        std::iter::once(self.buyer_id).chain(self.co_buyers.iter().copied())
    }

    pub fn facts(&self) -> crate::domain::need::NeedFacts<'_> {
        crate::domain::need::NeedFacts {
            status: self.status,
            buyer_id: self.buyer_id,
            co_buyers: &self.co_buyers,
            announced_at: self.announced_at,
            content: &self.content,
        }
    }
}

#[derive(Debug)]
pub struct NewNeed {
    pub buyer_id: i64,
    pub co_buyers: Vec<i64>,
    pub content: crate::domain::need::NeedContent,
    pub created_by: i64,
    pub now: DateTime<Utc>,
}

/// An edit or a status change, with the alerts it causes; written in one transaction so an
/// acknowledged change never loses its notifications.
#[derive(Debug)]
pub struct NeedChange {
    pub need_id: i64,
    /// The revision the editor saw; a different current revision is a conflict.
    pub expected_revision: i64,
    pub by: i64,
    pub now: DateTime<Utc>,
    pub alerts: Vec<NewNotification>,
    /// Notify every member of every interested organisation (except `by`) with this message.
    pub notify_interested: Option<(NotificationKind, String)>,
}

#[derive(Debug, Clone)]
pub struct NeedVersion {
    pub version: i64,
    pub content: crate::domain::need::NeedContent,
    pub edited_by: i64,
    pub edited_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NeedTransition {
    pub from: crate::domain::need::NeedStatus,
    pub to: crate::domain::need::NeedStatus,
    pub changed_by: i64,
    pub changed_at: DateTime<Utc>,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct NeedInterest {
    pub need_id: i64,
    pub organisation_id: i64,
    /// Lot numbers; empty means the whole need.
    pub lots: Vec<u32>,
    pub marked_by: i64,
    pub created_at: DateTime<Utc>,
}

/// How a list of needs is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NeedOrder {
    /// Most recently announced first.
    #[default]
    Newest,
    /// Soonest expected tender publication first; needs without a date last.
    ExpectedTender,
    /// Largest estimated value first (in the need's own currency); needs without one last.
    Value,
}

/// Where the previous page ended: the order's sort key as text, and the id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NeedCursor {
    pub key: String,
    pub id: i64,
}

#[derive(Debug, Clone)]
pub struct NeedQuery {
    pub filter: crate::domain::need::NeedFilter,
    /// Organisations whose drafts the viewer may see (their own buyer organisations).
    pub drafts_of: Vec<i64>,
    pub order: NeedOrder,
    pub after: Option<NeedCursor>,
    pub first: u32,
}

#[derive(Debug, Clone)]
pub struct SavedSearch {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub filter: crate::domain::need::NeedFilter,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationKind {
    /// A need matching one of the person's saved searches was announced or changed.
    SavedSearchMatch,
    /// A need the person's organisation is interested in was edited.
    NeedChanged,
    /// A need the person's organisation is interested in changed status.
    NeedStatusChanged,
    /// An answer in a need's market dialogue was published (or given to the person's organisation).
    AnswerPublished,
    /// Someone else wrote in a dialogue thread the person takes part in.
    ThreadReply,
    /// An organisation booked a meeting the person's organisation hosts.
    MeetingBooked,
    /// A meeting the person's organisation booked was changed or cancelled, or its minutes published.
    MeetingChanged,
    /// The person's organisation was invited to a joint offer, or asked to join one it leads.
    JointOfferInvitation,
    /// A joint offer the person's organisation takes part in changed: members, contributions,
    /// lots or status.
    JointOfferChanged,
    /// Another buyer asks the person's organisation (of which they are an admin) to be a
    /// co-buyer of a need.
    CoBuyerRequest,
}

impl NotificationKind {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::SavedSearchMatch => "SAVED_SEARCH_MATCH",
            Self::NeedChanged => "NEED_CHANGED",
            Self::NeedStatusChanged => "NEED_STATUS_CHANGED",
            Self::AnswerPublished => "ANSWER_PUBLISHED",
            Self::ThreadReply => "THREAD_REPLY",
            Self::MeetingBooked => "MEETING_BOOKED",
            Self::MeetingChanged => "MEETING_CHANGED",
            Self::JointOfferInvitation => "JOINT_OFFER_INVITATION",
            Self::JointOfferChanged => "JOINT_OFFER_CHANGED",
            Self::CoBuyerRequest => "CO_BUYER_REQUEST",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "SAVED_SEARCH_MATCH" => Some(Self::SavedSearchMatch),
            "NEED_CHANGED" => Some(Self::NeedChanged),
            "NEED_STATUS_CHANGED" => Some(Self::NeedStatusChanged),
            "ANSWER_PUBLISHED" => Some(Self::AnswerPublished),
            "THREAD_REPLY" => Some(Self::ThreadReply),
            "MEETING_BOOKED" => Some(Self::MeetingBooked),
            "MEETING_CHANGED" => Some(Self::MeetingChanged),
            "JOINT_OFFER_INVITATION" => Some(Self::JointOfferInvitation),
            "JOINT_OFFER_CHANGED" => Some(Self::JointOfferChanged),
            "CO_BUYER_REQUEST" => Some(Self::CoBuyerRequest),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Notification {
    pub id: i64,
    pub user_id: i64,
    pub kind: NotificationKind,
    pub need_id: Option<i64>,
    pub message: String,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct NewNotification {
    pub user_id: i64,
    pub kind: NotificationKind,
    pub need_id: Option<i64>,
    pub message: String,
    /// Identifies the cause; a second notification with the same key is not written.
    pub dedupe_key: String,
}

/// A market-dialogue question and, once given, its answer.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: i64,
    pub need_id: i64,
    pub asked_by: i64,
    pub asking_org: i64,
    pub question: String,
    pub asked_at: DateTime<Utc>,
    pub status: QuestionStatus,
    /// The wording everyone sees once published.
    pub published_question: Option<String>,
    pub answer: Option<String>,
    pub answered_by: Option<i64>,
    pub answered_at: Option<DateTime<Utc>>,
    pub private_reason: Option<String>,
}

#[derive(Debug)]
pub struct NewQuestion {
    pub need_id: i64,
    pub asked_by: i64,
    pub asking_org: i64,
    pub question: String,
    pub now: DateTime<Utc>,
}

/// How a question is answered.
#[derive(Debug)]
pub enum Answer {
    /// To everyone, with the question as it should be published.
    Publish { question: String, answer: String },
    /// To the asking organisation only, and why (the question touches its trade secret).
    Private { answer: String, reason: String },
}
