//! Market dialogue in the schema: questions and answers, and their live events.

use super::ids::{self, NodeType};
use super::meetings::MeetingNode;
use super::need_types::NeedNode;
use super::organisations::OrganisationNode;
use super::subscription::Seen;
use super::threads::{MessageNode, ThreadNode};
use super::{services, viewer};
use crate::auth::Viewer;
use crate::domain::dialogue::{MeetingChange, MessageChange};
use crate::error::{AppError, AppResult};
use crate::live::LoggedEvent;
use crate::services::{AnswerChoice, Services, VisibleDialogueEvent};
use crate::store::{EventScope, Question};
use async_graphql::{Context, Enum, InputObject, Object, SimpleObject, Subscription, ID};
use chrono::{DateTime, Utc};
use futures_util::Stream;

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "crate::domain::dialogue::QuestionStatus")]
pub enum QuestionStatus {
    /// Asked; seen only by the buyer and the asking organisation.
    Open,
    /// Answered to everyone, without naming who asked.
    Published,
    /// Answered to the asking organisation only, with the reason recorded.
    AnsweredPrivately,
}

/// A market-dialogue question as the viewer may see it. The buyer and the asking organisation
/// see it in full; everyone else sees a published one in the buyer's wording, anonymously.
pub struct QuestionNode {
    question: Question,
    full: bool,
}

#[Object(name = "Question")]
impl QuestionNode {
    async fn id(&self) -> ID {
        NodeType::Question.id(self.question.id)
    }
    async fn status(&self) -> QuestionStatus {
        self.question.status.into()
    }
    /// The asker's wording for the buyer and the asker; the published wording for everyone else.
    async fn question(&self) -> &str {
        if self.full {
            &self.question.question
        } else {
            self.question
                .published_question
                .as_deref()
                .unwrap_or_default()
        }
    }
    /// The wording published to everyone (null until published).
    async fn published_question(&self) -> Option<&str> {
        self.question.published_question.as_deref()
    }
    async fn answer(&self) -> Option<&str> {
        self.question.answer.as_deref()
    }
    async fn answered_at(&self) -> Option<DateTime<Utc>> {
        self.question.answered_at
    }
    /// True when the answer was published after the last day the law leaves before the tender
    /// deadline (Sweden: answers reach every supplier at least 6 days before it). The answer
    /// stands; the buyer should consider moving the deadline.
    async fn published_late(&self, ctx: &Context<'_>) -> AppResult<bool> {
        let Some(at) = self.question.answered_at else {
            return Ok(false);
        };
        services(ctx)?
            .answer_published_late(viewer(ctx), self.question.need_id, at)
            .await
    }
    /// When it was asked; for the buyer and the asker only (timing can identify an asker).
    async fn asked_at(&self) -> Option<DateTime<Utc>> {
        self.full.then_some(self.question.asked_at)
    }
    /// Who asked; for the buyer and the asker only, never for anyone else.
    async fn asking_organisation(&self, ctx: &Context<'_>) -> AppResult<Option<OrganisationNode>> {
        if !self.full {
            return Ok(None);
        }
        Ok(Some(OrganisationNode(
            super::loaders::organisation(ctx, self.question.asking_org).await?,
        )))
    }
    /// Why the answer was not published; for the buyer and the asker only.
    async fn private_reason(&self) -> Option<&str> {
        if self.full {
            self.question.private_reason.as_deref()
        } else {
            None
        }
    }
}

impl From<(Question, bool)> for QuestionNode {
    fn from((question, full): (Question, bool)) -> Self {
        Self { question, full }
    }
}

/// Dialogue fields of a need.
pub async fn questions_of(ctx: &Context<'_>, need: &NeedNode) -> AppResult<Vec<QuestionNode>> {
    let views = services(ctx)?
        .dialogue_questions(viewer(ctx), &need.0)
        .await?;
    Ok(views.into_iter().map(QuestionNode::from).collect())
}

#[derive(InputObject)]
pub struct AskQuestionInput {
    pub need_id: ID,
    /// The enterprise asking (a WISE or supplier the viewer belongs to).
    pub organisation_id: ID,
    pub question: String,
}

#[derive(InputObject)]
pub struct AnswerQuestionInput {
    pub question_id: ID,
    pub answer: String,
    /// True: the question (in `publishedQuestion` wording) and answer go to everyone, without
    /// naming who asked. False: only the asking organisation gets the answer, and
    /// `privateReason` records why.
    pub publish: bool,
    /// The question as published; defaults to the asker's wording. Remove what identifies them.
    pub published_question: Option<String>,
    pub private_reason: Option<String>,
}

#[derive(Default)]
pub struct DialogueMutation;

#[Object]
impl DialogueMutation {
    /// Asks a question in a need's market dialogue; private to the buyer until answered.
    async fn ask_question(
        &self,
        ctx: &Context<'_>,
        input: AskQuestionInput,
    ) -> AppResult<QuestionNode> {
        let need = ids::decode_as(&input.need_id, NodeType::Need, "needId")?;
        let org = ids::decode_as(
            &input.organisation_id,
            NodeType::Organisation,
            "organisationId",
        )?;
        let question = services(ctx)?
            .ask_question(viewer(ctx), need, org, &input.question)
            .await?;
        Ok(QuestionNode {
            question,
            full: true,
        })
    }

    /// Answers a question (the buyer only).
    async fn answer_question(
        &self,
        ctx: &Context<'_>,
        input: AnswerQuestionInput,
    ) -> AppResult<QuestionNode> {
        let id = ids::decode_as(&input.question_id, NodeType::Question, "questionId")?;
        let services = services(ctx)?;
        let answer = if input.publish {
            AnswerChoice::Publish {
                question: input.published_question,
                answer: input.answer,
            }
        } else {
            AnswerChoice::Private {
                answer: input.answer,
                reason: input.private_reason.unwrap_or_default(),
            }
        };
        let question = services.answer_question(viewer(ctx), id, answer).await?;
        Ok(QuestionNode {
            question,
            full: true,
        })
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
pub enum DialogueEventKind {
    QuestionAsked,
    AnswerPublished,
    AnsweredPrivately,
    MessagePosted,
    MessageEdited,
    MessageDeleted,
    MeetingAnnounced,
    MeetingChanged,
    MeetingCancelled,
    MeetingBooked,
    BookingCancelled,
    MinutesPublished,
}

/// One change in a need's market dialogue. Exactly one of `question`, `message` (with its
/// `thread`) and `meeting` is set, matching `kind`.
#[derive(SimpleObject, Default)]
pub struct DialogueEvent {
    /// Pass as `after` when subscribing again to resume right after this event.
    pub cursor: String,
    pub kind: Option<DialogueEventKind>,
    pub question: Option<QuestionNode>,
    pub thread: Option<ThreadNode>,
    pub message: Option<MessageNode>,
    pub meeting: Option<MeetingNode>,
}

#[derive(Default)]
pub struct DialogueSubscription;

#[Subscription]
impl DialogueSubscription {
    /// A need's market dialogue as it happens: questions, thread messages and meetings. Each
    /// event is checked against what the viewer may see when it is delivered (someone who left
    /// an organisation stops seeing its private questions and threads). With `after`, missed
    /// events come first: nothing lost or repeated.
    async fn dialogue_events(
        &self,
        ctx: &Context<'_>,
        need_id: ID,
        after: Option<String>,
    ) -> Result<impl Stream<Item = DialogueEvent>, AppError> {
        let need_id = ids::decode_as(&need_id, NodeType::Need, "needId")?;
        let viewer = viewer(ctx).clone();
        let services = services(ctx)?.clone();
        // async-graphql keeps this resolver's future inline next to the stream for as long as
        // the subscription runs, so the start-up work (access check, first log read) is boxed:
        // its memory is freed once the stream exists instead of being held per subscriber.
        let events = Box::pin(async {
            services
                .visible_need(&viewer, need_id)
                .await?
                .ok_or_else(|| AppError::NotFound("Need".into()))?;
            let after = after.as_deref().map(ids::decode_event_cursor).transpose()?;
            let events = services
                .live_events(EventScope::Need(need_id), after)
                .await?;
            Ok::<_, AppError>(events)
        })
        .await?;
        Ok(super::subscription::visible(
            events,
            services,
            viewer,
            dialogue_event,
        ))
    }
}

/// The event as this viewer may see it (services decide), in the subscription's shape.
fn dialogue_event<'a>(
    services: &'a Services,
    viewer: &'a Viewer,
    event: &'a LoggedEvent,
) -> Seen<'a, DialogueEvent> {
    Box::pin(async move {
        let Some(seen) = services.visible_dialogue_event(viewer, event).await? else {
            return Ok(None);
        };
        let out = match seen {
            VisibleDialogueEvent::Question {
                status,
                question,
                full,
            } => DialogueEvent {
                kind: Some(match status {
                    crate::domain::dialogue::QuestionStatus::Open => {
                        DialogueEventKind::QuestionAsked
                    }
                    crate::domain::dialogue::QuestionStatus::Published => {
                        DialogueEventKind::AnswerPublished
                    }
                    crate::domain::dialogue::QuestionStatus::AnsweredPrivately => {
                        DialogueEventKind::AnsweredPrivately
                    }
                }),
                question: Some(QuestionNode { question, full }),
                ..DialogueEvent::default()
            },
            VisibleDialogueEvent::Message {
                change,
                thread,
                message,
            } => DialogueEvent {
                kind: Some(match change {
                    MessageChange::Posted => DialogueEventKind::MessagePosted,
                    MessageChange::Edited => DialogueEventKind::MessageEdited,
                    MessageChange::Deleted => DialogueEventKind::MessageDeleted,
                }),
                thread: Some(ThreadNode(thread)),
                message: Some(MessageNode(message)),
                ..DialogueEvent::default()
            },
            VisibleDialogueEvent::Meeting { change, meeting } => DialogueEvent {
                kind: Some(match change {
                    MeetingChange::Announced => DialogueEventKind::MeetingAnnounced,
                    MeetingChange::Changed => DialogueEventKind::MeetingChanged,
                    MeetingChange::Cancelled => DialogueEventKind::MeetingCancelled,
                    MeetingChange::Booked => DialogueEventKind::MeetingBooked,
                    MeetingChange::BookingCancelled => DialogueEventKind::BookingCancelled,
                    MeetingChange::MinutesPublished => DialogueEventKind::MinutesPublished,
                }),
                meeting: Some(MeetingNode(meeting)),
                ..DialogueEvent::default()
            },
        };
        Ok(Some(DialogueEvent {
            cursor: ids::event_cursor(event.id),
            ..out
        }))
    })
}
