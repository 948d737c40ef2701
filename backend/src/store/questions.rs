//! Market-dialogue questions: asked by an enterprise, answered by the buyer side to everyone or
//! privately with a reason; each change writes its event and notifications in its transaction.

use super::StoreResult;
use super::{Answer, NewQuestion, Question};
use async_trait::async_trait;
use chrono::{DateTime, Utc};

#[async_trait]
pub trait QuestionStore: Send + Sync {
    async fn ask_question(&self, question: &NewQuestion) -> StoreResult<Question>;
    /// Answers an open question (a conflict when it was answered already), with its
    /// notifications and events, in one transaction.
    async fn answer_question(
        &self,
        question_id: i64,
        by: i64,
        answer: &Answer,
        now: DateTime<Utc>,
    ) -> StoreResult<Question>;
    async fn question(&self, id: i64) -> StoreResult<Option<Question>>;
    async fn questions(&self, need_id: i64) -> StoreResult<Vec<Question>>;
}
