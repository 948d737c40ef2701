//! Market dialogue: questions and answers under equal treatment.
//!
//! What one supplier learns, all must learn: a published answer goes to everyone, with the
//! question in the buyer's wording and without the asker's name. A question that touches the
//! asker's trade secret may be answered privately, and the reason is recorded.

use super::Services;
use crate::auth::Viewer;
use crate::domain::need::{plain_text, NeedStatus};
use crate::domain::OrgKind;
use crate::error::{AppError, AppResult};
use crate::store::{Answer, Need, NewQuestion, Question, QuestionStatus, StoreError};
use chrono::Utc;

pub(super) fn bad(e: crate::domain::need::FieldError) -> AppError {
    AppError::from(e)
}

/// Refuses when the need's dialogue is not open (it is open while announced or in dialogue).
pub(super) fn require_open_dialogue(need: &Need) -> AppResult<()> {
    match need.status {
        NeedStatus::Announced | NeedStatus::InDialogue => Ok(()),
        status => Err(AppError::Conflict(format!(
            "The market dialogue for this need is closed (the need is {}); it can be read but not added to.",
            status.as_stored()
        ))),
    }
}

impl Services {
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
        require_open_dialogue(&need)?;
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
        answer: Answer,
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
        match &answer {
            Answer::Publish { question, answer } => {
                plain_text("publishedQuestion", question, 3, 5000).map_err(bad)?;
                plain_text("answer", answer, 1, 10_000).map_err(bad)?;
            }
            Answer::Private { answer, reason } => {
                plain_text("answer", answer, 1, 10_000).map_err(bad)?;
                plain_text("privateReason", reason, 3, 2000).map_err(|_| {
                    AppError::bad_input("privateReason", "Say why this answer is not published to everyone, such as the trade secret it touches.")
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
