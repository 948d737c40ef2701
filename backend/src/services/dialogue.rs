//! Market dialogue: questions and answers under equal treatment.
//!
//! What one supplier learns, all must learn: a published answer goes to everyone, with the
//! question in the buyer's wording and without the asker's name. A question that touches the
//! asker's trade secret may be answered privately, and the reason is recorded.

use super::Services;
use crate::auth::Viewer;
use crate::domain::dialogue::{
    last_day_for_answers, DialogueWindow, MeetingChange, MessageChange, QuestionStatus,
    CLARIFICATION_DAYS,
};
use crate::domain::need::{plain_text, NeedStatus};
use crate::domain::OrgKind;
use crate::error::{AppError, AppResult};
use crate::live::LoggedEvent;
use crate::store::{
    Answer, EventPayload, Meeting, Message, Need, NewQuestion, Question, StoreError, Thread,
};
use chrono::Utc;

pub(super) fn bad(e: crate::domain::need::FieldError) -> AppError {
    AppError::from(e)
}

/// Refuses when enterprises may not take part in the need's dialogue today: by its status, or
/// before its opening day or after its closing day. The buyer side is held only to the status
/// (see [`require_open_dialogue`]): it answers and arranges meetings around those days.
pub(super) fn require_dialogue_window(need: &Need) -> AppResult<()> {
    let today = Utc::now().date_naive();
    match DialogueWindow::of(need.status, &need.content.dates, today) {
        DialogueWindow::Open => Ok(()),
        DialogueWindow::NotYetOpen(opens) => Err(AppError::Conflict(format!(
            "The market dialogue for this need opens on {opens}."
        ))),
        DialogueWindow::ClosedOn(closed) => Err(AppError::Conflict(format!(
            "The market dialogue for this need closed on {closed}; it can be read but not added to."
        ))),
        DialogueWindow::ClosedByStatus(_) => require_open_dialogue(need),
    }
}

/// Refuses a question that could no longer be answered to everyone in time: after the last
/// day for questions (see [`crate::domain::dialogue::last_day_for_questions`]).
fn require_time_to_answer(need: &Need) -> AppResult<()> {
    let dates = &need.content.dates;
    let country = need.content.place.country;
    let Some(last_day) = last_day_for_answers(country, dates) else {
        return Ok(());
    };
    if Utc::now().date_naive() > last_day {
        return Err(AppError::Conflict(format!(
            "Questions closed on {last_day}: answers must reach every supplier at least \
             {CLARIFICATION_DAYS} days before the tender deadline ({}).",
            dates
                .tender_deadline
                .map(|d| d.to_string())
                .unwrap_or_default()
        )));
    }
    Ok(())
}

/// Refuses when the need's dialogue is closed by its status (it is open while announced or in
/// dialogue).
pub(super) fn require_open_dialogue(need: &Need) -> AppResult<()> {
    match need.status {
        NeedStatus::Announced | NeedStatus::InDialogue => Ok(()),
        status => Err(AppError::Conflict(format!(
            "The market dialogue for this need is closed (the need is {}); it can be read but not \
             added to.",
            status.as_stored()
        ))),
    }
}

/// How the buyer answers a question, as typed.
pub enum AnswerChoice {
    /// To everyone; `question` rewords the question for publication (`None`: as it was asked).
    Publish {
        question: Option<String>,
        answer: String,
    },
    /// To the asking organisation only, and why.
    Private { answer: String, reason: String },
}

impl Services {
    /// True when an answer published at `at` reached suppliers later than the law of the
    /// need's country allows before the tender deadline (Sweden: 6 days).
    pub async fn answer_published_late(
        &self,
        viewer: &Viewer,
        need_id: i64,
        at: chrono::DateTime<Utc>,
    ) -> AppResult<bool> {
        let Some(need) = self.visible_need(viewer, need_id).await? else {
            return Ok(false);
        };
        Ok(
            last_day_for_answers(need.content.place.country, &need.content.dates)
                .is_some_and(|last_day| at.date_naive() > last_day),
        )
    }

    /// Asks a question on behalf of an enterprise the viewer belongs to, before the deadline.
    pub async fn ask_question(
        &self,
        viewer: &Viewer,
        need_id: i64,
        org_id: i64,
        text: &str,
    ) -> AppResult<Question> {
        let user = viewer.user()?;
        let need = self
            .visible_need(viewer, need_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Need".into()))?;
        let org = self.organisation(org_id).await?;
        self.require_member(
            org_id,
            user.id,
            "Only members of the organisation can ask on its behalf.",
        )
        .await?;
        if !matches!(org.kind, OrgKind::Wise | OrgKind::Supplier) {
            return Err(AppError::Forbidden(
                "Questions are asked by work integration social enterprises and suppliers.".into(),
            ));
        }
        require_dialogue_window(&need)?;
        require_time_to_answer(&need)?;
        let now = Utc::now();
        if let Some(deadline) = need.content.dates.questions_deadline.filter(|d| *d <= now) {
            return Err(AppError::Conflict(format!(
                "The deadline for questions passed on {}.",
                deadline.format("%Y-%m-%d %H:%M UTC")
            )));
        }
        plain_text("question", text, 3, 5000).map_err(bad)?;
        let new = NewQuestion {
            need_id,
            asked_by: user.id,
            asking_org: org_id,
            question: text.trim().to_owned(),
            now,
        };
        let question = self.store.ask_question(&new).await?;
        self.events_committed().await;
        Ok(question)
    }

    /// The buyer side answers an open question, publicly or (with a reason) privately.
    pub async fn answer_question(
        &self,
        viewer: &Viewer,
        question_id: i64,
        choice: AnswerChoice,
    ) -> AppResult<Question> {
        let user = viewer.user()?;
        let not_found = || AppError::NotFound("Question".into());
        let question = self
            .store
            .question(question_id)
            .await?
            .ok_or_else(not_found)?;
        let need = self
            .visible_need(viewer, question.need_id)
            .await?
            .ok_or_else(not_found)?;
        if !self.can_edit_need(viewer, &need).await? {
            return Err(AppError::Forbidden(
                "Only the buyer answers questions.".into(),
            ));
        }
        require_open_dialogue(&need)?;
        let answer = match choice {
            AnswerChoice::Publish {
                question: wording,
                answer,
            } => Answer::Publish {
                question: wording.unwrap_or(question.question).trim().to_owned(),
                answer: answer.trim().to_owned(),
            },
            AnswerChoice::Private { answer, reason } => Answer::Private {
                answer: answer.trim().to_owned(),
                reason: reason.trim().to_owned(),
            },
        };
        match &answer {
            Answer::Publish { question, answer } => {
                plain_text("publishedQuestion", question, 3, 5000).map_err(bad)?;
                plain_text("answer", answer, 1, 10_000).map_err(bad)?;
            }
            Answer::Private { answer, reason } => {
                plain_text("answer", answer, 1, 10_000).map_err(bad)?;
                plain_text("privateReason", reason, 3, 2000).map_err(|_| {
                    AppError::bad_input(
                        "privateReason",
                        "Say why this answer is not published to \
                         everyone, such as the trade secret it \
                         touches.",
                    )
                })?;
            }
        }
        let answered = self
            .store
            .answer_question(question_id, user.id, &answer, Utc::now())
            .await
            .map_err(|err| match err {
                StoreError::Conflict(_) => {
                    AppError::Conflict("This question has already been answered.".into())
                }
                other => other.into(),
            })?;
        self.events_committed().await;
        Ok(answered)
    }

    /// True when the viewer sees a question in full (the asker's wording and organisation):
    /// the buyer side, and the asking organisation's current members.
    pub async fn sees_question_in_full(
        &self,
        viewer: &Viewer,
        need: &Need,
        question: &Question,
    ) -> AppResult<bool> {
        if self.can_edit_need(viewer, need).await? {
            return Ok(true);
        }
        match viewer.user_id() {
            Some(user_id) => Ok(self
                .store
                .membership(question.asking_org, user_id)
                .await?
                .is_some()),
            None => Ok(false),
        }
    }

    /// A question as the viewer may see it: in full, as published (anonymous), or not at all.
    pub async fn question_view(
        &self,
        viewer: &Viewer,
        need: &Need,
        question: Question,
    ) -> AppResult<Option<(Question, bool)>> {
        let full = self.sees_question_in_full(viewer, need, &question).await?;
        if full || question.status == QuestionStatus::Published {
            Ok(Some((question, full)))
        } else {
            Ok(None)
        }
    }

    /// Published questions and answers of a need (the record everyone sees, anonymous).
    pub async fn published_answers(&self, need: &Need) -> AppResult<Vec<Question>> {
        let questions = self.store.questions(need.id).await?;
        Ok(questions
            .into_iter()
            .filter(|q| q.status == QuestionStatus::Published)
            .collect())
    }

    /// The questions of a need the viewer may see, oldest first.
    pub async fn dialogue_questions(
        &self,
        viewer: &Viewer,
        need: &Need,
    ) -> AppResult<Vec<(Question, bool)>> {
        let mut visible = Vec::new();
        for question in self.store.questions(need.id).await? {
            if let Some(view) = self.question_view(viewer, need, question).await? {
                visible.push(view);
            }
        }
        Ok(visible)
    }
}

/// What a viewer may see of an event in a need's market dialogue.
pub enum VisibleDialogueEvent {
    /// A question asked or answered; `full` when the viewer sees the asker's wording.
    Question {
        status: QuestionStatus,
        question: Question,
        full: bool,
    },
    /// A message posted, edited or deleted in a thread the viewer may read.
    Message {
        change: MessageChange,
        thread: Thread,
        message: Message,
    },
    /// Meeting events carry nothing private (bookings are read through the meeting).
    Meeting {
        change: MeetingChange,
        meeting: Meeting,
    },
}

impl Services {
    /// A dialogue event (questions, thread messages, meetings) as this viewer may see it; `None`
    /// when they may not, or it is another kind of event.
    pub async fn visible_dialogue_event(
        &self,
        viewer: &Viewer,
        event: &LoggedEvent,
    ) -> AppResult<Option<VisibleDialogueEvent>> {
        let store = self.store.as_ref();
        let Some(need) = event.need(store).await? else {
            return Ok(None);
        };
        if !self.can_see_need(viewer, need).await? {
            return Ok(None);
        }
        Ok(match event.payload {
            EventPayload::Question { status, .. } => {
                // Read once per event for every subscriber; what this viewer sees is decided
                // here.
                let Some(question) = event.question(store).await? else {
                    return Ok(None);
                };
                // The event's own status, not the question's current one: an "asked" event
                // stays private even after the question is published.
                let full = self.sees_question_in_full(viewer, need, question).await?;
                (full || status == QuestionStatus::Published).then(|| {
                    VisibleDialogueEvent::Question {
                        status,
                        question: question.clone(),
                        full,
                    }
                })
            }
            EventPayload::Message { change, .. } => {
                // The thread and message are read once per event and shared by every
                // subscriber; the access rule is still applied to each viewer, with their
                // memberships as they are now.
                let Some(thread) = event.thread(store).await? else {
                    return Ok(None);
                };
                if !self.can_read_thread(viewer, need, thread).await? {
                    return Ok(None);
                }
                let Some(message) = event.message(store).await? else {
                    return Ok(None);
                };
                Some(VisibleDialogueEvent::Message {
                    change,
                    thread: thread.clone(),
                    message: message.clone(),
                })
            }
            EventPayload::Meeting { change, .. } => {
                event
                    .meeting(store)
                    .await?
                    .map(|meeting| VisibleDialogueEvent::Meeting {
                        change,
                        meeting: meeting.clone(),
                    })
            }
            EventPayload::Need { .. }
            | EventPayload::Notification { .. }
            | EventPayload::JointOffer { .. }
            | EventPayload::CredentialEnded { .. } => None,
        })
    }
}
