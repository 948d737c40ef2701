//! Dialogue threads and messages in the schema.

use super::ids::{self, NodeType};
use super::organisations::OrganisationNode;
use super::types::{connection, page};
use super::{services, viewer};
use crate::domain::markdown::render_safe;
use crate::error::AppResult;
use crate::services::ThreadStart;
use crate::store::{Message, MessageVersion, Thread};
use async_graphql::connection::Connection;
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::domain::dialogue::ThreadKind")]
pub enum ThreadKind {
    /// Every signed-in user reads and writes; the buyer moderates.
    Public,
    /// The buyer and one enterprise.
    Private,
    /// The members of a joint offer.
    Consortium,
}

/// A conversation in a need's market dialogue.
pub struct ThreadNode(pub Thread);

#[Object(name = "Thread")]
impl ThreadNode {
    pub async fn id(&self) -> ID {
        NodeType::Thread.id(self.0.id)
    }
    async fn kind(&self) -> ThreadKind {
        self.0.kind.into()
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// For a private thread, the enterprise the buyer talks to.
    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<Option<OrganisationNode>> {
        match self.0.organisation_id {
            Some(id) => Ok(Some(OrganisationNode(
                super::loaders::organisation(ctx, id).await?,
            ))),
            None => Ok(None),
        }
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn last_message_at(&self) -> DateTime<Utc> {
        self.0.last_message_at
    }
    /// Messages others wrote after the viewer's read marker (deleted ones do not count).
    async fn unread_count(&self, ctx: &Context<'_>) -> AppResult<i64> {
        Ok(services(ctx)?
            .read_state(viewer(ctx), &self.0)
            .await?
            .unread)
    }
    /// The last message the viewer marked read, if any.
    async fn last_read_message_id(&self, ctx: &Context<'_>) -> AppResult<Option<ID>> {
        let state = services(ctx)?.read_state(viewer(ctx), &self.0).await?;
        Ok((state.last_read_id > 0).then(|| NodeType::Message.id(state.last_read_id)))
    }
    /// Oldest first.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn messages(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 50)] first: i32,
        after: Option<String>,
    ) -> AppResult<Connection<String, MessageNode>> {
        let page = page(first, after.as_deref())?;
        let rows = services(ctx)?.messages(viewer(ctx), &self.0, page).await?;
        Ok(connection(
            page,
            rows.into_iter().map(MessageNode).collect(),
            |m| m.0.id,
        ))
    }
}

/// A message in a thread. Once deleted, only its tombstone remains: who wrote it, when, and
/// who deleted it.
pub struct MessageNode(pub Message);

#[Object(name = "Message")]
impl MessageNode {
    pub async fn id(&self) -> ID {
        NodeType::Message.id(self.0.id)
    }
    async fn thread_id(&self) -> ID {
        NodeType::Thread.id(self.0.thread_id)
    }
    /// The Markdown source; null once deleted.
    async fn body(&self) -> Option<&str> {
        self.0.deleted_at.is_none().then_some(self.0.body.as_str())
    }
    /// The body as HTML that is safe to insert into a page; null once deleted.
    async fn html(&self) -> Option<String> {
        self.0
            .deleted_at
            .is_none()
            .then(|| render_safe(&self.0.body))
    }
    async fn author_name(&self, ctx: &Context<'_>) -> AppResult<String> {
        Ok(super::loaders::user_name(ctx, self.0.author_id)
            .await?
            .unwrap_or_default())
    }
    /// True when the author deleted their account: `authorName` is then "Deleted user", for
    /// clients to say in the reader's language.
    // Free in the complexity budget: the same batched read as `authorName`, so asking for it
    // never pushes an existing query (a page of 100 messages) over the limit.
    #[graphql(complexity = 0)]
    async fn author_erased(&self, ctx: &Context<'_>) -> AppResult<bool> {
        Ok(super::loaders::author(ctx, self.0.author_id)
            .await?
            .is_some_and(|u| u.deleted_at.is_some()))
    }
    /// The organisation the author wrote for, if any.
    async fn author_organisation(&self, ctx: &Context<'_>) -> AppResult<Option<OrganisationNode>> {
        match self.0.author_org {
            Some(id) => Ok(Some(OrganisationNode(
                super::loaders::organisation(ctx, id).await?,
            ))),
            None => Ok(None),
        }
    }
    /// True when the viewer wrote it.
    async fn mine(&self, ctx: &Context<'_>) -> bool {
        viewer(ctx).user_id() == Some(self.0.author_id)
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }
    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }
    /// True when the buyer removed it as moderator (rather than the author deleting it).
    async fn removed_by_moderator(&self) -> bool {
        matches!(self.0.deleted_by, Some(by) if by != self.0.author_id)
    }
    /// Why the buyer removed it as moderator; null otherwise.
    async fn removal_reason(&self) -> Option<&str> {
        Some(self.0.removal_reason.as_str()).filter(|r| !r.is_empty())
    }
    /// The texts it had before each edit, oldest first; empty once deleted.
    async fn history(&self, ctx: &Context<'_>) -> AppResult<Vec<MessageVersionOut>> {
        let versions = services(ctx)?.message_history(&self.0).await?;
        Ok(versions.into_iter().map(MessageVersionOut::from).collect())
    }
}

#[derive(SimpleObject)]
#[graphql(name = "MessageVersion")]
pub struct MessageVersionOut {
    pub version: i32,
    pub body: String,
    /// When this text was written (posted, or an earlier edit).
    pub written_at: DateTime<Utc>,
}

impl From<MessageVersion> for MessageVersionOut {
    fn from(v: MessageVersion) -> Self {
        Self {
            version: v.version,
            body: v.body,
            written_at: v.written_at,
        }
    }
}

#[derive(SimpleObject)]
pub struct ReadMarker {
    pub thread: ThreadNode,
    pub unread_count: i64,
}

#[derive(InputObject)]
pub struct StartThreadInput {
    pub need_id: ID,
    pub kind: ThreadKind,
    pub title: String,
    /// The opening message, in Markdown.
    pub body: String,
    /// PRIVATE: the enterprise the thread is with (yours, or for the buyer any enterprise).
    /// PUBLIC: the organisation you write for, if any.
    pub organisation_id: Option<ID>,
}

#[derive(SimpleObject)]
pub struct StartThreadPayload {
    pub thread: ThreadNode,
    pub message: MessageNode,
}

#[derive(InputObject)]
pub struct PostMessageInput {
    pub thread_id: ID,
    /// Markdown.
    pub body: String,
    /// The organisation you write for; the buyer's by default for the buyer side.
    pub organisation_id: Option<ID>,
}

fn optional_org(id: Option<&ID>) -> AppResult<Option<i64>> {
    id.map(|id| ids::decode_as(id, NodeType::Organisation, "organisationId"))
        .transpose()
}

#[derive(Default)]
pub struct ThreadMutation;

#[Object]
impl ThreadMutation {
    /// Starts a thread in a need's market dialogue with its first message.
    async fn start_thread(
        &self,
        ctx: &Context<'_>,
        input: StartThreadInput,
    ) -> AppResult<StartThreadPayload> {
        let start = ThreadStart {
            need_id: ids::decode_as(&input.need_id, NodeType::Need, "needId")?,
            kind: input.kind.into(),
            title: &input.title,
            body: &input.body,
            organisation_id: optional_org(input.organisation_id.as_ref())?,
        };
        let (thread, message) = services(ctx)?.start_thread(viewer(ctx), start).await?;
        Ok(StartThreadPayload {
            thread: ThreadNode(thread),
            message: MessageNode(message),
        })
    }

    async fn post_message(
        &self,
        ctx: &Context<'_>,
        input: PostMessageInput,
    ) -> AppResult<MessageNode> {
        let thread = ids::decode_as(&input.thread_id, NodeType::Thread, "threadId")?;
        let org = optional_org(input.organisation_id.as_ref())?;
        let message = services(ctx)?
            .post_message(viewer(ctx), thread, &input.body, org)
            .await?;
        Ok(MessageNode(message))
    }

    /// Changes your message; the earlier text stays in its history.
    async fn edit_message(
        &self,
        ctx: &Context<'_>,
        id: ID,
        body: String,
    ) -> AppResult<MessageNode> {
        let id = ids::decode_as(&id, NodeType::Message, "id")?;
        let message = services(ctx)?.edit_message(viewer(ctx), id, &body).await?;
        Ok(MessageNode(message))
    }

    /// Deletes your message (or, for the buyer, one in a public thread); a tombstone remains.
    /// Removing someone else's message needs a `reason`, which every reader then sees.
    async fn delete_message(
        &self,
        ctx: &Context<'_>,
        id: ID,
        reason: Option<String>,
    ) -> AppResult<MessageNode> {
        let id = ids::decode_as(&id, NodeType::Message, "id")?;
        let message = services(ctx)?
            .delete_message(viewer(ctx), id, reason.as_deref())
            .await?;
        Ok(MessageNode(message))
    }

    /// Marks a thread read up to and including a message.
    async fn mark_thread_read(
        &self,
        ctx: &Context<'_>,
        thread_id: ID,
        up_to_message_id: ID,
    ) -> AppResult<ReadMarker> {
        let thread_id = ids::decode_as(&thread_id, NodeType::Thread, "threadId")?;
        let up_to = ids::decode_as(&up_to_message_id, NodeType::Message, "upToMessageId")?;
        let services = services(ctx)?;
        let state = services
            .mark_thread_read(viewer(ctx), thread_id, up_to)
            .await?;
        let (thread, _) = services.readable_thread(viewer(ctx), thread_id).await?;
        Ok(ReadMarker {
            thread: ThreadNode(thread),
            unread_count: state.unread,
        })
    }
}
