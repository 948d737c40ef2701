//! Market-dialogue questions and answers (`QuestionStore`).

use super::events::{insert_event, notification_event};
use super::{begin_write, Db, DbStore};
use crate::domain::dialogue::QuestionStatus;
use crate::store::needs::{NotificationRow, NOTIFICATION_COLUMNS};
use crate::store::records::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

pub(super) const QUESTION_COLUMNS: &str =
    "id, need_id, asked_by, asking_org, question, asked_at, status, \
     published_question, answer, answered_by, answered_at, private_reason";

pub(super) type QuestionRow = (
    i64,
    i64,
    i64,
    i64,
    String,
    DateTime<Utc>,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    Option<DateTime<Utc>>,
    Option<String>,
);

pub(super) fn question_of(row: QuestionRow) -> StoreResult<Question> {
    let (
        id,
        need_id,
        asked_by,
        asking_org,
        question,
        asked_at,
        status,
        published_question,
        answer,
        answered_by,
        answered_at,
        private_reason,
    ) = row;
    Ok(Question {
        id,
        need_id,
        asked_by,
        asking_org,
        question,
        asked_at,
        status: QuestionStatus::from_stored(&status)
            .ok_or_else(|| StoreError::Corrupt(status.clone()))?,
        published_question,
        answer,
        answered_by,
        answered_at,
        private_reason,
    })
}

pub(super) async fn question_event(
    tx: &mut Transaction<'static, Db>,
    q: &Question,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let payload = EventPayload::Question {
        question_id: q.id,
        need_id: q.need_id,
        status: q.status,
        asking_org: q.asking_org,
        public: q.status == QuestionStatus::Published,
    };
    insert_event(tx, None, Some(q.need_id), &payload, now).await
}

/// Writes notifications (each at most once per dedupe key) and their events, inside the
/// caller's transaction.

#[async_trait::async_trait]
impl crate::store::questions::QuestionStore for DbStore {
    /// Records a question, private to the buyer side and the asking organisation.
    async fn ask_question(&self, new: &NewQuestion) -> StoreResult<Question> {
        let pool = &self.pool;
        let mut tx = begin_write(pool).await?;
        let sql = format!(
            "INSERT INTO questions (need_id, asked_by, asking_org, question, asked_at, status) \
             VALUES ($1, $2, $3, $4, $5, 'OPEN') RETURNING {QUESTION_COLUMNS}"
        );
        let row: QuestionRow = sqlx::query_as(&sql)
            .bind(new.need_id)
            .bind(new.asked_by)
            .bind(new.asking_org)
            .bind(&new.question)
            .bind(new.now)
            .fetch_one(&mut *tx)
            .await?;
        let question = question_of(row)?;
        question_event(&mut tx, &question, new.now).await?;
        tx.commit().await?;
        Ok(question)
    }
    /// Answers an open question once. A published answer notifies every member of every
    /// interested organisation and of the asking one; a private answer, the asking one only.
    async fn answer_question(
        &self,
        question_id: i64,
        by: i64,
        answer: &Answer,
        now: DateTime<Utc>,
    ) -> StoreResult<Question> {
        let pool = &self.pool;
        let mut tx = begin_write(pool).await?;
        let (status, published, text, reason) = match answer {
            Answer::Publish { question, answer } => (
                QuestionStatus::Published,
                Some(question.as_str()),
                answer.as_str(),
                None,
            ),
            Answer::Private { answer, reason } => (
                QuestionStatus::AnsweredPrivately,
                None,
                answer.as_str(),
                Some(reason.as_str()),
            ),
        };
        let sql = format!(
            "UPDATE questions SET status = $1, published_question = $2, answer = $3, answered_by \
             = $4, answered_at = $5, \
             private_reason = $6 WHERE id = $7 AND status = 'OPEN' RETURNING {QUESTION_COLUMNS}"
        );
        let row: Option<QuestionRow> = sqlx::query_as(&sql)
            .bind(status.as_stored())
            .bind(published)
            .bind(text)
            .bind(by)
            .bind(now)
            .bind(reason)
            .bind(question_id)
            .fetch_optional(&mut *tx)
            .await?;
        let question = question_of(row.ok_or(StoreError::Conflict(
            crate::store::Constraint::QuestionAnswer,
        ))?)?;
        question_event(&mut tx, &question, now).await?;
        // Placeholders appear in increasing order: SQLite numbers them by first appearance.
        // `WHERE true` keeps SQLite from reading the upsert's ON as a join constraint.
        let recipients = if status == QuestionStatus::Published {
            "SELECT DISTINCT m.user_id FROM memberships m WHERE m.user_id <> $6 AND \
             (m.organisation_id = $7 \
             OR m.organisation_id IN (SELECT organisation_id FROM need_interests WHERE need_id = \
             $2))"
        } else {
            "SELECT DISTINCT m.user_id FROM memberships m WHERE m.user_id <> $6 AND \
             m.organisation_id = $7"
        };
        let sql = format!(
            "INSERT INTO notifications (user_id, kind, need_id, message, dedupe_key, created_at) \
             SELECT r.user_id, $1, $2, $3, $4 || r.user_id, $5 FROM \
             ({recipients}) r WHERE true \
             ON CONFLICT (dedupe_key) DO NOTHING RETURNING {NOTIFICATION_COLUMNS}"
        );
        let message = if status == QuestionStatus::Published {
            "A question in the market dialogue was answered for everyone."
        } else {
            "Your organisation's question was answered privately."
        };
        let rows: Vec<NotificationRow> = sqlx::query_as(&sql)
            .bind(NotificationKind::AnswerPublished.as_stored())
            .bind(question.need_id)
            .bind(message)
            .bind(format!("answer:{}:", question.id))
            .bind(now)
            .bind(by)
            .bind(question.asking_org)
            .fetch_all(&mut *tx)
            .await?;
        for row in rows {
            let notification = Notification::try_from(row)?;
            notification_event(&mut tx, &notification, now).await?;
        }
        tx.commit().await?;
        Ok(question)
    }
    async fn question(&self, id: i64) -> StoreResult<Option<Question>> {
        let pool = &self.pool;
        let sql = format!("SELECT {QUESTION_COLUMNS} FROM questions WHERE id = $1");
        let row: Option<QuestionRow> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?;
        row.map(question_of).transpose()
    }
    /// Every question of a need, oldest first; callers decide what the viewer may see.
    async fn questions(&self, need_id: i64) -> StoreResult<Vec<Question>> {
        let pool = &self.pool;
        let sql =
            format!("SELECT {QUESTION_COLUMNS} FROM questions WHERE need_id = $1 ORDER BY id");
        let rows: Vec<QuestionRow> = sqlx::query_as(&sql).bind(need_id).fetch_all(pool).await?;
        rows.into_iter().map(question_of).collect()
    }
}
