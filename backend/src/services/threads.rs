//! Dialogue threads: public ones every signed-in user may join (the buyer side moderates) and
//! private ones between the buyer side and one organisation.
//!
//! Who may read a thread is decided in one place, [`Services::can_read_thread`], and every path
//! (lists, `node`, live events) goes through it with the viewer's memberships as they are now.

use super::dialogue::{bad, require_dialogue_window, require_open_dialogue};
use super::Services;
use crate::auth::Viewer;
use crate::domain::dialogue::ThreadKind;
use crate::domain::need::{plain_text, single_line};
use crate::domain::OrgKind;
use crate::error::{AppError, AppResult};
use crate::store::{Message, MessageVersion, Need, NewMessage, NewThread, Page, ReadState, Thread};
use chrono::Utc;

/// The longest message, in characters (Markdown source).
const MAX_MESSAGE: usize = 20_000;
/// The longest reason a moderator gives for removing a message.
const MAX_REMOVAL_REASON: usize = 500;

fn thread_not_found() -> AppError {
    AppError::NotFound("Thread".into())
}

fn message_not_found() -> AppError {
    AppError::NotFound("Message".into())
}

/// What a person asks for when starting a thread.
pub struct ThreadStart<'a> {
    pub need_id: i64,
    pub kind: ThreadKind,
    pub title: &'a str,
    pub body: &'a str,
    /// Private threads: the enterprise the buyer side talks to. Public threads: the
    /// organisation the author speaks for, if any.
    pub organisation_id: Option<i64>,
}

impl Services {
    /// The rule for every read path: public threads for signed-in users, private ones for the
    /// buyer side and the organisation's current members, consortium threads for the people of
    /// the joint offer's accepted members (never the buyer side as such).
    pub async fn can_read_thread(
        &self,
        viewer: &Viewer,
        need: &Need,
        thread: &Thread,
    ) -> AppResult<bool> {
        let Some(user_id) = viewer.user_id() else {
            return Ok(false);
        };
        if !self.can_see_need(viewer, need).await? {
            return Ok(false);
        }
        match thread.kind {
            ThreadKind::Public => Ok(true),
            ThreadKind::Private => {
                if self.can_edit_need(viewer, need).await? {
                    return Ok(true);
                }
                let Some(org) = thread.organisation_id else {
                    return Ok(false);
                };
                Ok(self.store.membership(org, user_id).await?.is_some())
            }
            ThreadKind::Consortium => {
                let Some(offer_id) = thread.consortium_id else {
                    return Ok(false);
                };
                match self.store.joint_offer(offer_id).await? {
                    Some(offer) => Ok(self.offer_access(viewer, &offer).await?.is_member()),
                    None => Ok(false),
                }
            }
        }
    }

    /// Refuses writing in a thread that is closed: dialogue threads close with the need's
    /// dialogue (for enterprises also outside its dates), a consortium thread when its joint
    /// offer is withdrawn or decided.
    async fn require_writable(
        &self,
        viewer: &Viewer,
        thread: &Thread,
        need: &Need,
    ) -> AppResult<()> {
        if thread.kind != ThreadKind::Consortium {
            return if self.can_edit_need(viewer, need).await? {
                require_open_dialogue(need)
            } else {
                require_dialogue_window(need)
            };
        }
        let offer = match thread.consortium_id {
            Some(id) => self.store.joint_offer(id).await?,
            None => None,
        };
        match offer {
            Some(offer) if offer.status.holds_places() && !offer.status.is_decided() => Ok(()),
            _ => Err(AppError::Conflict(
                "This joint offer is closed; its thread can be read but not added to.".into(),
            )),
        }
    }

    /// The thread and its need if the viewer may read it; "not found" otherwise, so a private
    /// thread's existence does not leak.
    pub async fn readable_thread(&self, viewer: &Viewer, id: i64) -> AppResult<(Thread, Need)> {
        let thread = self.store.thread(id).await?.ok_or_else(thread_not_found)?;
        let need = self
            .store
            .need(thread.need_id)
            .await?
            .ok_or_else(thread_not_found)?;
        if !self.can_read_thread(viewer, &need, &thread).await? {
            return Err(thread_not_found());
        }
        Ok((thread, need))
    }

    /// The need's threads the viewer may read, most recently active first.
    pub async fn threads_of(&self, viewer: &Viewer, need: &Need) -> AppResult<Vec<Thread>> {
        let mut readable = Vec::new();
        for thread in self.store.threads(need.id).await? {
            if self.can_read_thread(viewer, need, &thread).await? {
                readable.push(thread);
            }
        }
        Ok(readable)
    }

    pub async fn start_thread(
        &self,
        viewer: &Viewer,
        start: ThreadStart<'_>,
    ) -> AppResult<(Thread, Message)> {
        let user = viewer.user()?;
        let need = self
            .visible_need(viewer, start.need_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))?;
        let buyer_side = self.can_edit_need(viewer, &need).await?;
        if buyer_side {
            require_open_dialogue(&need)?;
        } else {
            require_dialogue_window(&need)?;
        }
        single_line("title", start.title, 3, 200).map_err(bad)?;
        plain_text("body", start.body, 1, MAX_MESSAGE).map_err(bad)?;
        let (organisation_id, speaking_for) = match start.kind {
            ThreadKind::Public => (
                None,
                self.speaking_for(viewer, &need, start.organisation_id)
                    .await?,
            ),
            ThreadKind::Private => {
                let org = start.organisation_id.ok_or_else(|| {
                    AppError::bad_input(
                        "organisationId",
                        "Say which enterprise the private thread is with.",
                    )
                })?;
                let enterprise = self.organisation(org).await?;
                if !matches!(enterprise.kind, OrgKind::Wise | OrgKind::Supplier) {
                    return Err(AppError::bad_input(
                        "organisationId",
                        "A private thread is between the buyer and one enterprise (a WISE or \
                         supplier).",
                    ));
                }
                if buyer_side {
                    (Some(org), self.buyer_org_of(viewer, &need).await?)
                } else if self.store.membership(org, user.id).await?.is_some() {
                    (Some(org), Some(org))
                } else {
                    return Err(AppError::Forbidden(
                        "Private threads are started by the buyer or by members of the enterprise."
                            .into(),
                    ));
                }
            }
            ThreadKind::Consortium => {
                return Err(AppError::bad_input(
                    "kind",
                    "Consortium threads are started from a joint offer.",
                ))
            }
        };
        let now = Utc::now();
        let draft = Thread {
            id: 0,
            need_id: need.id,
            kind: start.kind,
            organisation_id,
            consortium_id: None,
            title: start.title.trim().to_owned(),
            created_by: user.id,
            created_at: now,
            last_message_at: now,
        };
        let notify = self.thread_audience(&need, &draft, user.id).await?;
        let new = NewThread {
            need_id: need.id,
            kind: start.kind,
            organisation_id,
            title: draft.title.clone(),
            first: NewMessage {
                thread_id: 0,
                author_id: user.id,
                author_org: speaking_for,
                body: start.body.trim().to_owned(),
                now,
                notify,
                notice: format!("New thread in the market dialogue: {}", draft.title),
            },
        };
        let created = self.store.create_thread(&new).await?;
        self.events_committed().await;
        Ok(created)
    }

    pub async fn post_message(
        &self,
        viewer: &Viewer,
        thread_id: i64,
        body: &str,
        organisation_id: Option<i64>,
    ) -> AppResult<Message> {
        let user = viewer.user()?;
        let (thread, need) = self.readable_thread(viewer, thread_id).await?;
        self.require_writable(viewer, &thread, &need).await?;
        plain_text("body", body, 1, MAX_MESSAGE).map_err(bad)?;
        let speaking_for = match thread.kind {
            ThreadKind::Private if !self.can_edit_need(viewer, &need).await? => {
                thread.organisation_id
            }
            _ => self.speaking_for(viewer, &need, organisation_id).await?,
        };
        let notify = self.thread_audience(&need, &thread, user.id).await?;
        let new = NewMessage {
            thread_id,
            author_id: user.id,
            author_org: speaking_for,
            body: body.trim().to_owned(),
            now: Utc::now(),
            notify,
            notice: format!("New reply in \"{}\"", thread.title),
        };
        let message = self.store.post_message(&new).await?;
        self.events_committed().await;
        Ok(message)
    }

    /// The author edits their message; the earlier text is kept in its history.
    pub async fn edit_message(
        &self,
        viewer: &Viewer,
        message_id: i64,
        body: &str,
    ) -> AppResult<Message> {
        let user = viewer.user()?;
        let (message, thread, need) = self.readable_message(viewer, message_id).await?;
        if message.author_id != user.id {
            return Err(AppError::Forbidden(
                "Only the author can edit a message.".into(),
            ));
        }
        if message.deleted_at.is_some() {
            return Err(AppError::Conflict(
                "This message was deleted and cannot be edited.".into(),
            ));
        }
        self.require_writable(viewer, &thread, &need).await?;
        plain_text("body", body, 1, MAX_MESSAGE).map_err(bad)?;
        let edited = self
            .store
            .edit_message(message_id, body.trim(), Utc::now())
            .await?;
        self.events_committed().await;
        Ok(edited)
    }

    /// The author deletes their message, or the buyer side removes one from a public thread
    /// (moderation). A tombstone stays so replies keep their place; a moderator must say why,
    /// and every reader of the thread sees the reason in the message's place.
    pub async fn delete_message(
        &self,
        viewer: &Viewer,
        message_id: i64,
        reason: Option<&str>,
    ) -> AppResult<Message> {
        let user = viewer.user()?;
        let (message, thread, need) = self.readable_message(viewer, message_id).await?;
        let moderator =
            thread.kind == ThreadKind::Public && self.can_edit_need(viewer, &need).await?;
        if message.author_id != user.id && !moderator {
            return Err(AppError::Forbidden(
                "Only the author, or the buyer in a public thread, can delete a message.".into(),
            ));
        }
        if message.deleted_at.is_some() {
            return Err(AppError::Conflict(
                "This message was already deleted.".into(),
            ));
        }
        self.require_writable(viewer, &thread, &need).await?;
        let reason = if message.author_id == user.id {
            ""
        } else {
            let reason = reason.unwrap_or("").trim();
            plain_text("reason", reason, 1, MAX_REMOVAL_REASON).map_err(bad)?;
            reason
        };
        let deleted = self
            .store
            .delete_message(message_id, user.id, reason, Utc::now())
            .await?;
        self.events_committed().await;
        Ok(deleted)
    }

    pub async fn messages(
        &self,
        viewer: &Viewer,
        thread: &Thread,
        page: Page,
    ) -> AppResult<Vec<Message>> {
        // The thread was checked when it was loaded; re-check in case it came from elsewhere.
        self.readable_thread(viewer, thread.id).await?;
        Ok(self.store.messages(thread.id, page).await?)
    }

    /// A message's earlier texts, for those who may read the thread (none once deleted).
    pub async fn message_history(&self, message: &Message) -> AppResult<Vec<MessageVersion>> {
        Ok(self.store.message_versions(message.id).await?)
    }

    /// The message with its thread and need, if the viewer may read the thread.
    pub async fn readable_message(
        &self,
        viewer: &Viewer,
        message_id: i64,
    ) -> AppResult<(Message, Thread, Need)> {
        let message = self
            .store
            .message(message_id)
            .await?
            .ok_or_else(message_not_found)?;
        let (thread, need) = self
            .readable_thread(viewer, message.thread_id)
            .await
            .map_err(|_| message_not_found())?;
        Ok((message, thread, need))
    }

    /// Moves the viewer's read marker to `up_to` (a message of the thread).
    pub async fn mark_thread_read(
        &self,
        viewer: &Viewer,
        thread_id: i64,
        up_to: i64,
    ) -> AppResult<ReadState> {
        let user = viewer.user()?;
        let (message, thread, _) = self.readable_message(viewer, up_to).await?;
        if thread.id != thread_id {
            return Err(AppError::bad_input(
                "upToMessageId",
                "This message belongs to another thread.",
            ));
        }
        self.store
            .mark_thread_read(thread_id, user.id, message.id)
            .await?;
        Ok(self.store.read_state(thread_id, user.id).await?)
    }

    pub async fn read_state(&self, viewer: &Viewer, thread: &Thread) -> AppResult<ReadState> {
        match viewer.user_id() {
            Some(user_id) => Ok(self.store.read_state(thread.id, user_id).await?),
            None => Ok(ReadState {
                last_read_id: 0,
                unread: 0,
            }),
        }
    }

    /// Which organisation a message speaks for: the requested one (the author must belong to
    /// it), else the buyer organisation for the buyer side, else nobody (a personal message).
    async fn speaking_for(
        &self,
        viewer: &Viewer,
        need: &Need,
        requested: Option<i64>,
    ) -> AppResult<Option<i64>> {
        let user = viewer.user()?;
        match requested {
            Some(org) if self.store.membership(org, user.id).await?.is_some() => Ok(Some(org)),
            Some(_) => Err(AppError::Forbidden(
                "You can only write on behalf of an organisation you belong to.".into(),
            )),
            None => self.buyer_org_of(viewer, need).await,
        }
    }

    /// The buyer or co-buyer organisation the viewer belongs to, if any.
    async fn buyer_org_of(&self, viewer: &Viewer, need: &Need) -> AppResult<Option<i64>> {
        let Some(user_id) = viewer.user_id() else {
            return Ok(None);
        };
        for org in need.buyer_side() {
            if self.store.membership(org, user_id).await?.is_some() {
                return Ok(Some(org));
            }
        }
        Ok(None)
    }

    /// Who hears of a new message: in a private thread both sides (the buyer side and the
    /// enterprise's members); in a public thread everyone who has written in it and the buyer
    /// side (it moderates); in a consortium thread the members' people. Never the author.
    async fn thread_audience(
        &self,
        need: &Need,
        thread: &Thread,
        author: i64,
    ) -> AppResult<Vec<i64>> {
        let mut orgs: Vec<i64> = match thread.consortium_id {
            Some(offer_id) => self.offer_member_orgs(offer_id).await?,
            None => need.buyer_side().collect(),
        };
        orgs.extend(thread.organisation_id);
        let mut people = self.members_of(&orgs).await?;
        if thread.kind == ThreadKind::Public && thread.id != 0 {
            people.extend(self.store.thread_authors(thread.id).await?);
        }
        people.sort_unstable();
        people.dedup();
        people.retain(|&p| p != author);
        Ok(people)
    }

    /// The user ids of every member of these organisations.
    pub async fn members_of(&self, orgs: &[i64]) -> AppResult<Vec<i64>> {
        let all = Page {
            after: None,
            first: 100_000,
        };
        let mut people = Vec::new();
        for &org in orgs {
            people.extend(
                self.store
                    .members(org, all)
                    .await?
                    .into_iter()
                    .map(|m| m.user_id),
            );
        }
        Ok(people)
    }
}
