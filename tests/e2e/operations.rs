//! The GraphQL operations the tests share, one typed function each: the one place each of
//! these operations is written for the tests. A function takes what the operation needs as
//! values and returns what callers use: the [`Reply`] where some caller looks at errors, or
//! the value itself (asserting success) where every caller wants the happy path.
//!
//! A test that sends something odd on purpose (a malformed query, a wrong variable type, a
//! selection it asserts on) keeps its own string beside it.

use crate::helpers::{Client, Reply};
use crate::scenario::Member;
use serde_json::{json, Value};

/// What the tests read of a need that `createNeed`, `updateNeed` or `changeNeedStatus`
/// returned.
const NEED: &str = "id status revision version title language reservedCode hasReservedPart \
                    descriptionHtml viewerCanEdit allowedTransitions coBuyers { name }";

/// A need as `createNeed` or `changeNeedStatus` returned it.
pub struct Revision {
    pub id: String,
    pub revision: Value,
}

impl Revision {
    fn of(reply: &Reply, operation: &str) -> Self {
        Self {
            id: reply.str(&format!("{operation}.id")),
            revision: reply.data(&format!("{operation}.revision")).clone(),
        }
    }
}

/// `createNeed` from a whole `CreateNeedInput` (`buyerId`, `coBuyerIds`, `need`); the reply,
/// for a test that looks at what was refused or at the need's fields.
pub async fn try_create_need(client: &Client, input: Value) -> Reply {
    client
        .gql(
            &format!("mutation($i: CreateNeedInput!) {{ createNeed(input: $i) {{ {NEED} }} }}"),
            json!({ "i": input }),
        )
        .await
}

/// `buyer` (a member of `buyer_org`) creates a draft need.
pub async fn create_need(buyer: &Client, buyer_org: &str, need: Value) -> Revision {
    create_need_from(buyer, json!({ "buyerId": buyer_org, "need": need })).await
}

/// Creates a draft need from a whole `CreateNeedInput` (co-buyers, say).
pub async fn create_need_from(buyer: &Client, input: Value) -> Revision {
    Revision::of(&try_create_need(buyer, input).await, "createNeed")
}

/// `updateNeed` with a whole `UpdateNeedInput` (`id`, `revision`, `need`, `coBuyerIds`).
pub async fn update_need(client: &Client, input: Value) -> Reply {
    client
        .gql(
            &format!("mutation($i: UpdateNeedInput!) {{ updateNeed(input: $i) {{ {NEED} }} }}"),
            json!({ "i": input }),
        )
        .await
}

/// `changeNeedStatus`: moves need `id` to `status` from `revision`, with a `note` for its
/// history if given; the reply, for a test that looks at what was refused.
pub async fn try_change_status(
    client: &Client,
    id: &str,
    revision: &Value,
    status: &str,
    note: Option<&str>,
) -> Reply {
    let mut input = json!({ "id": id, "revision": revision, "status": status });
    if let Some(note) = note {
        input["note"] = json!(note);
    }
    client
        .gql(
            &format!(
                "mutation($i: ChangeNeedStatusInput!) {{ changeNeedStatus(input: $i) {{ {NEED} \
                 }} }}"
            ),
            json!({ "i": input }),
        )
        .await
}

/// Moves the need to `status` from the revision the caller read.
pub async fn change_status(buyer: &Client, need: &Revision, status: &str) -> Revision {
    let reply = try_change_status(buyer, &need.id, &need.revision, status, None).await;
    Revision::of(&reply, "changeNeedStatus")
}

/// Creates the need and announces it: public from now on.
pub async fn announced_need(buyer: &Member, need: Value) -> Revision {
    let draft = create_need(&buyer.client, &buyer.org, need).await;
    change_status(&buyer.client, &draft, "ANNOUNCED").await
}

/// `client` replaces organisation `org`'s profile, from the revision they read (0 for the
/// first).
pub async fn update_profile(client: &Client, org: &str, revision: i64, profile: Value) -> Reply {
    client
        .gql(
            "mutation($i: UpdateProfileInput!) { updateProfile(input: $i) { id profile { \
             revision reservedContractEligible } } }",
            json!({ "i": { "organisationId": org, "revision": revision, "profile": profile } }),
        )
        .await
}

/// Organisation `org` declares interest in the need: in the lots numbered, or all of them
/// when `lots` is empty.
pub async fn mark_interest(client: &Client, need: &str, org: &str, lots: &[i64]) -> Reply {
    client
        .gql(
            "mutation($i: MarkInterestInput!) { markInterest(input: $i) { lotNumbers \
             organisation { name } } }",
            json!({ "i": { "needId": need, "organisationId": org, "lotNumbers": lots } }),
        )
        .await
}

/// A personal API token as `createApiToken` returned it.
pub struct ApiToken {
    /// The secret, for a bearer header or a websocket.
    pub token: String,
    /// The token's global id, to revoke it.
    pub id: String,
}

/// A new personal API token named `name` for whoever `client` is signed in as.
pub async fn api_token(client: &Client, name: &str) -> ApiToken {
    let created = client
        .gql(
            "mutation($n: String!) { createApiToken(input: {name: $n}) { token apiToken { id } \
             } }",
            json!({ "n": name }),
        )
        .await;
    ApiToken {
        token: created.str("createApiToken.token"),
        id: created.str("createApiToken.apiToken.id"),
    }
}

/// `startThread` in the need's dialogue: `kind` PUBLIC or PRIVATE, `org` the enterprise it
/// is with (or speaks for).
pub async fn start_thread(
    client: &Client,
    need: &str,
    kind: &str,
    title: &str,
    body: &str,
    org: Option<&str>,
) -> Reply {
    client
        .gql(
            "mutation($i: StartThreadInput!) { startThread(input: $i) { thread { id kind title } \
             message { id } } }",
            json!({ "i": { "needId": need, "kind": kind, "title": title, "body": body, "organisationId": org } }),
        )
        .await
}

/// `postMessage` to a thread.
pub async fn post_message(client: &Client, thread: &str, body: &str) -> Reply {
    client
        .gql(
            "mutation($i: PostMessageInput!) { postMessage(input: $i) { id body html authorName \
             authorOrganisation { name } } }",
            json!({ "i": { "threadId": thread, "body": body } }),
        )
        .await
}

/// `askQuestion` about the need, for organisation `org`.
pub async fn ask_question(client: &Client, need: &str, org: &str, text: &str) -> Reply {
    client
        .gql(
            "mutation($i: AskQuestionInput!) { askQuestion(input: $i) { id status question } }",
            json!({ "i": { "needId": need, "organisationId": org, "question": text } }),
        )
        .await
}

/// `answerQuestion`: published to everyone (with the question in the buyer's `wording` if
/// given), or answered privately to the asker (`publish` false, with a `private_reason`).
pub async fn answer_question(
    client: &Client,
    question: &str,
    answer: &str,
    publish: bool,
    wording: Option<&str>,
    private_reason: Option<&str>,
) -> Reply {
    client
        .gql(
            "mutation($i: AnswerQuestionInput!) { answerQuestion(input: $i) { status answer \
             publishedQuestion privateReason publishedLate } }",
            json!({ "i": { "questionId": question, "answer": answer, "publish": publish,
                           "publishedQuestion": wording, "privateReason": private_reason } }),
        )
        .await
}

/// `saveSearch`: the signed-in person is alerted to needs matching `filter`.
pub async fn save_search(client: &Client, name: &str, filter: Value) -> Reply {
    client
        .gql(
            "mutation($i: SaveSearchInput!) { saveSearch(input: $i) { id name } }",
            json!({ "i": { "name": name, "filter": filter } }),
        )
        .await
}

/// `announceMeeting` of `kind` (SUPPLIER_DAY, ONE_TO_ONE) for the need, from a
/// `MeetingInput`.
pub async fn announce_meeting(client: &Client, need: &str, kind: &str, input: Value) -> Reply {
    client
        .gql(
            "mutation($n: ID!, $k: MeetingKind!, $i: MeetingInput!) { announceMeeting(needId: \
             $n, kind: $k, input: $i) { id capacity placesLeft } }",
            json!({ "n": need, "k": kind, "i": input }),
        )
        .await
}

/// `bookMeeting`: a place in the meeting for organisation `org`.
pub async fn book_meeting(client: &Client, meeting: &str, org: &str) -> Reply {
    client
        .gql(
            "mutation($m: ID!, $o: ID!) { bookMeeting(meetingId: $m, organisationId: $o) { \
             placesLeft } }",
            json!({ "m": meeting, "o": org }),
        )
        .await
}

/// `inviteToJointOffer`: the offer's lead invites organisation `org` as `role` (PARTNER,
/// SUBCONTRACTOR, LEAD), with a `message`.
pub async fn invite_to_joint_offer(
    client: &Client,
    offer: &str,
    org: &str,
    role: &str,
    message: &str,
) -> Reply {
    client
        .gql(
            "mutation($o: ID!, $org: ID!, $role: JointOfferRole!, $m: String!) { \
             inviteToJointOffer(offerId: $o, organisationId: $org, role: $role, message: $m) { \
             status } }",
            json!({ "o": offer, "org": org, "role": role, "m": message }),
        )
        .await
}

/// `setOrganisationVerification`: a platform administrator marks organisation `org`
/// verified (or not), with the `evidence` for it.
pub async fn verify_organisation(
    client: &Client,
    org: &str,
    verified: bool,
    evidence: Option<&str>,
) -> Reply {
    client
        .gql(
            "mutation($i: SetOrganisationVerificationInput!) { \
             setOrganisationVerification(input: $i) { id verified verifiedAt } }",
            json!({ "i": { "organisationId": org, "verified": verified, "evidence": evidence } }),
        )
        .await
}
