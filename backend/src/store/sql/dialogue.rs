//! Threads, messages and meetings of the market dialogue (`DialogueStore`).

use super::events::insert_event;
use super::needs::write_notifications;
use super::{begin_write, Db, DbStore};
use crate::domain::dialogue::{MeetingChange, MeetingKind, MessageChange, ThreadKind};
use crate::store::dialogue::*;
use crate::store::records::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

pub(super) const THREAD_COLUMNS: &str =
    "id, need_id, kind, organisation_id, consortium_id, title, created_by, created_at, \
     last_message_at";
pub(super) type ThreadRow = (
    i64,
    i64,
    String,
    Option<i64>,
    Option<i64>,
    String,
    i64,
    DateTime<Utc>,
    DateTime<Utc>,
);

pub(super) fn thread_of(r: ThreadRow) -> StoreResult<Thread> {
    Ok(Thread {
        id: r.0,
        need_id: r.1,
        kind: ThreadKind::from_stored(&r.2).ok_or_else(|| StoreError::Corrupt(r.2.clone()))?,
        organisation_id: r.3,
        consortium_id: r.4,
        title: r.5,
        created_by: r.6,
        created_at: r.7,
        last_message_at: r.8,
    })
}

pub(super) const MESSAGE_COLUMNS: &str =
    "id, thread_id, author_id, author_org, body, created_at, edited_at, deleted_at, deleted_by, \
     removal_reason";
pub(super) type MessageRow = (
    i64,
    i64,
    i64,
    Option<i64>,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    Option<i64>,
    String,
);

pub(super) fn message_of(r: MessageRow) -> Message {
    Message {
        id: r.0,
        thread_id: r.1,
        author_id: r.2,
        author_org: r.3,
        body: r.4,
        created_at: r.5,
        edited_at: r.6,
        deleted_at: r.7,
        deleted_by: r.8,
        removal_reason: r.9,
    }
}

pub(super) const MEETING_COLUMNS: &str =
    "id, need_id, kind, title, starts_at, ends_at, location, capacity, booked, \
     created_by, created_at, updated_at, cancelled_at, minutes, minutes_published_at";

#[derive(sqlx::FromRow)]
pub(super) struct MeetingRow {
    id: i64,
    need_id: i64,
    kind: String,
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    location: String,
    capacity: i32,
    booked: i32,
    created_by: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    cancelled_at: Option<DateTime<Utc>>,
    minutes: Option<String>,
    minutes_published_at: Option<DateTime<Utc>>,
}

pub(super) fn meeting_of(r: MeetingRow) -> StoreResult<Meeting> {
    Ok(Meeting {
        id: r.id,
        need_id: r.need_id,
        kind: MeetingKind::from_stored(&r.kind)
            .ok_or_else(|| StoreError::Corrupt(r.kind.clone()))?,
        details: MeetingDetails {
            title: r.title,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            location: r.location,
            capacity: r.capacity,
        },
        booked: r.booked,
        created_by: r.created_by,
        created_at: r.created_at,
        updated_at: r.updated_at,
        cancelled_at: r.cancelled_at,
        minutes: r.minutes,
        minutes_published_at: r.minutes_published_at,
    })
}

async fn fetch_thread(tx: &mut Transaction<'static, Db>, id: i64) -> StoreResult<Thread> {
    let sql = format!("SELECT {THREAD_COLUMNS} FROM threads WHERE id = $1");
    let row: Option<ThreadRow> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    thread_of(row.ok_or(StoreError::NotFound("thread"))?)
}

async fn message_event(
    tx: &mut Transaction<'static, Db>,
    thread: &Thread,
    message_id: i64,
    change: MessageChange,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let payload = EventPayload::Message {
        message_id,
        thread_id: thread.id,
        need_id: thread.need_id,
        change,
        thread_kind: thread.kind,
        organisation_id: thread.organisation_id,
        consortium_id: thread.consortium_id,
    };
    insert_event(tx, None, Some(thread.need_id), &payload, now).await
}

async fn insert_message(
    tx: &mut Transaction<'static, Db>,
    thread: &Thread,
    m: &NewMessage,
) -> StoreResult<Message> {
    let sql = format!(
        "INSERT INTO messages (thread_id, author_id, author_org, body, created_at) VALUES ($1, \
         $2, $3, $4, $5) \
         RETURNING {MESSAGE_COLUMNS}"
    );
    let row: MessageRow = sqlx::query_as(&sql)
        .bind(thread.id)
        .bind(m.author_id)
        .bind(m.author_org)
        .bind(&m.body)
        .bind(m.now)
        .fetch_one(&mut **tx)
        .await?;
    sqlx::query("UPDATE threads SET last_message_at = $1 WHERE id = $2")
        .bind(m.now)
        .bind(thread.id)
        .execute(&mut **tx)
        .await?;
    let message = message_of(row);
    message_event(tx, thread, message.id, MessageChange::Posted, m.now).await?;
    let notifications: Vec<NewNotification> = m
        .notify
        .iter()
        .map(|&user_id| NewNotification {
            user_id,
            kind: NotificationKind::ThreadReply,
            need_id: Some(thread.need_id),
            message: m.notice.clone(),
            dedupe_key: format!("message:{}:{user_id}", message.id),
        })
        .collect();
    write_notifications(tx, &notifications, m.now).await?;
    Ok(message)
}

async fn fetch_meeting(tx: &mut Transaction<'static, Db>, id: i64) -> StoreResult<Meeting> {
    let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = $1");
    let row: Option<MeetingRow> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    meeting_of(row.ok_or(StoreError::NotFound("meeting"))?)
}

/// Why a conditional update of a live meeting's places changed nothing: it was cancelled
/// (or does not exist), or its places are taken.
async fn why_unchanged(tx: &mut Transaction<'static, Db>, id: i64) -> StoreError {
    match fetch_meeting(tx, id).await {
        Ok(meeting) if meeting.cancelled_at.is_none() => StoreError::Full,
        Ok(_) => StoreError::NotFound("meeting"),
        Err(err) => err,
    }
}

/// Records the meeting event and the notifications, then commits and returns the meeting.
async fn finish_meeting(
    mut tx: Transaction<'static, Db>,
    update: &MeetingUpdate<'_>,
    change: MeetingChange,
) -> StoreResult<Meeting> {
    let meeting = fetch_meeting(&mut tx, update.meeting_id).await?;
    let payload = EventPayload::Meeting {
        meeting_id: meeting.id,
        need_id: meeting.need_id,
        change,
    };
    insert_event(&mut tx, None, Some(meeting.need_id), &payload, update.now).await?;
    write_notifications(&mut tx, update.notify, update.now).await?;
    tx.commit().await?;
    Ok(meeting)
}

#[async_trait::async_trait]
impl DialogueStore for DbStore {
    async fn create_thread(&self, new: &NewThread) -> StoreResult<(Thread, Message)> {
        let mut tx = begin_write(&self.pool).await?;
        let sql = format!(
            "INSERT INTO threads (need_id, kind, organisation_id, title, created_by, created_at, \
             last_message_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {THREAD_COLUMNS}"
        );
        let row: ThreadRow = sqlx::query_as(&sql)
            .bind(new.need_id)
            .bind(new.kind.as_stored())
            .bind(new.organisation_id)
            .bind(&new.title)
            .bind(new.first.author_id)
            .bind(new.first.now)
            .fetch_one(&mut *tx)
            .await?;
        let thread = thread_of(row)?;
        let message = insert_message(&mut tx, &thread, &new.first).await?;
        tx.commit().await?;
        Ok((thread, message))
    }

    async fn thread(&self, id: i64) -> StoreResult<Option<Thread>> {
        let sql = format!("SELECT {THREAD_COLUMNS} FROM threads WHERE id = $1");
        let row: Option<ThreadRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(thread_of).transpose()
    }

    async fn threads(&self, need_id: i64) -> StoreResult<Vec<Thread>> {
        let sql = format!(
            "SELECT {THREAD_COLUMNS} FROM threads WHERE need_id = $1 ORDER BY last_message_at \
             DESC, id DESC"
        );
        let rows: Vec<ThreadRow> = sqlx::query_as(&sql)
            .bind(need_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(thread_of).collect()
    }

    async fn post_message(&self, new: &NewMessage) -> StoreResult<Message> {
        let mut tx = begin_write(&self.pool).await?;
        let thread = fetch_thread(&mut tx, new.thread_id).await?;
        let message = insert_message(&mut tx, &thread, new).await?;
        tx.commit().await?;
        Ok(message)
    }

    async fn message(&self, id: i64) -> StoreResult<Option<Message>> {
        let sql = format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = $1");
        let row: Option<MessageRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(message_of))
    }

    async fn messages(&self, thread_id: i64, page: Page) -> StoreResult<Vec<Message>> {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages WHERE thread_id = $1 AND id > $2 ORDER BY id \
             LIMIT $3"
        );
        let rows: Vec<MessageRow> = sqlx::query_as(&sql)
            .bind(thread_id)
            .bind(page.after())
            .bind(page.limit())
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().map(message_of).collect())
    }

    async fn edit_message(&self, id: i64, body: &str, now: DateTime<Utc>) -> StoreResult<Message> {
        let mut tx = begin_write(&self.pool).await?;
        // Keep the text being replaced, numbered after the versions already kept.
        let kept = sqlx::query(
            "INSERT INTO message_versions (message_id, version, body, written_at) \
             SELECT id, (SELECT COUNT(*) FROM message_versions v WHERE v.message_id = \
             messages.id) + 1, body, \
             COALESCE(edited_at, created_at) FROM messages WHERE id = $1 AND deleted_at IS NULL",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        if kept.rows_affected() == 0 {
            return Err(StoreError::NotFound("message"));
        }
        let sql = format!(
            "UPDATE messages SET body = $1, edited_at = $2 WHERE id = $3 RETURNING \
             {MESSAGE_COLUMNS}"
        );
        let row: MessageRow = sqlx::query_as(&sql)
            .bind(body)
            .bind(now)
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
        let message = message_of(row);
        let thread = fetch_thread(&mut tx, message.thread_id).await?;
        message_event(&mut tx, &thread, id, MessageChange::Edited, now).await?;
        tx.commit().await?;
        Ok(message)
    }

    async fn delete_message(
        &self,
        id: i64,
        by: i64,
        reason: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<Message> {
        let mut tx = begin_write(&self.pool).await?;
        let sql = format!(
            "UPDATE messages SET body = '', deleted_at = $1, deleted_by = $2, removal_reason = $3 \
             WHERE id = $4 AND deleted_at IS NULL RETURNING {MESSAGE_COLUMNS}"
        );
        let row: Option<MessageRow> = sqlx::query_as(&sql)
            .bind(now)
            .bind(by)
            .bind(reason)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let message = message_of(row.ok_or(StoreError::NotFound("message"))?);
        sqlx::query("DELETE FROM message_versions WHERE message_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        let thread = fetch_thread(&mut tx, message.thread_id).await?;
        message_event(&mut tx, &thread, id, MessageChange::Deleted, now).await?;
        tx.commit().await?;
        Ok(message)
    }

    async fn message_versions(&self, id: i64) -> StoreResult<Vec<MessageVersion>> {
        let rows: Vec<(i64, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT CAST(version AS BIGINT), body, written_at FROM message_versions WHERE \
             message_id = $1 ORDER BY version",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(version, body, written_at)| MessageVersion {
                version: i32::try_from(version).unwrap_or(i32::MAX),
                body,
                written_at,
            })
            .collect())
    }

    async fn thread_authors(&self, thread_id: i64) -> StoreResult<Vec<i64>> {
        // An erased account hears of nothing more.
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT m.author_id FROM messages m JOIN users u ON u.id = m.author_id \
             WHERE m.thread_id = $1 AND u.deleted_at IS NULL",
        )
        .bind(thread_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn mark_thread_read(&self, thread_id: i64, user_id: i64, up_to: i64) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO thread_reads (thread_id, user_id, last_read_id) VALUES ($1, $2, $3) \
             ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_id = CASE \
             WHEN excluded.last_read_id > thread_reads.last_read_id THEN excluded.last_read_id \
             ELSE thread_reads.last_read_id END",
        )
        .bind(thread_id)
        .bind(user_id)
        .bind(up_to)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn read_state(&self, thread_id: i64, user_id: i64) -> StoreResult<ReadState> {
        let last_read_id: Option<i64> = sqlx::query_scalar(
            "SELECT last_read_id FROM thread_reads WHERE thread_id = $1 AND user_id = $2",
        )
        .bind(thread_id)
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        let last_read_id = last_read_id.unwrap_or(0);
        let unread: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages WHERE thread_id = $1 AND id > $2 AND author_id <> $3 \
             AND deleted_at IS NULL",
        )
        .bind(thread_id)
        .bind(last_read_id)
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(ReadState {
            last_read_id,
            unread,
        })
    }

    async fn create_meeting(
        &self,
        need_id: i64,
        kind: MeetingKind,
        d: &MeetingDetails,
        by: i64,
        now: DateTime<Utc>,
    ) -> StoreResult<Meeting> {
        let mut tx = begin_write(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO meetings (need_id, kind, title, starts_at, ends_at, location, capacity, \
             created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(need_id)
        .bind(kind.as_stored())
        .bind(&d.title)
        .bind(d.starts_at)
        .bind(d.ends_at)
        .bind(&d.location)
        .bind(d.capacity)
        .bind(by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let update = MeetingUpdate {
            meeting_id: id,
            now,
            notify: &[],
        };
        finish_meeting(tx, &update, MeetingChange::Announced).await
    }

    async fn meeting(&self, id: i64) -> StoreResult<Option<Meeting>> {
        let sql = format!("SELECT {MEETING_COLUMNS} FROM meetings WHERE id = $1");
        let row: Option<MeetingRow> = sqlx::query_as(&sql)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(meeting_of).transpose()
    }

    async fn meetings(&self, need_id: i64) -> StoreResult<Vec<Meeting>> {
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE need_id = $1 ORDER BY starts_at, id"
        );
        let rows: Vec<MeetingRow> = sqlx::query_as(&sql)
            .bind(need_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(meeting_of).collect()
    }

    async fn change_meeting(
        &self,
        update: &MeetingUpdate<'_>,
        d: &MeetingDetails,
    ) -> StoreResult<Meeting> {
        let mut tx = begin_write(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE meetings SET title = $1, starts_at = $2, ends_at = $3, location = $4, \
             capacity = $5, updated_at = $6 \
             WHERE id = $7 AND cancelled_at IS NULL AND booked <= $5",
        )
        .bind(&d.title)
        .bind(d.starts_at)
        .bind(d.ends_at)
        .bind(&d.location)
        .bind(d.capacity)
        .bind(update.now)
        .bind(update.meeting_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(why_unchanged(&mut tx, update.meeting_id).await);
        }
        finish_meeting(tx, update, MeetingChange::Changed).await
    }

    async fn cancel_meeting(&self, update: &MeetingUpdate<'_>) -> StoreResult<Meeting> {
        let mut tx = begin_write(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE meetings SET cancelled_at = $1, updated_at = $1 WHERE id = \
             $2 AND cancelled_at IS NULL",
        )
        .bind(update.now)
        .bind(update.meeting_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        finish_meeting(tx, update, MeetingChange::Cancelled).await
    }

    async fn book_meeting(
        &self,
        update: &MeetingUpdate<'_>,
        organisation_id: i64,
        by: i64,
    ) -> StoreResult<Meeting> {
        let mut tx = begin_write(&self.pool).await?;
        // The place is taken by a conditional increment: concurrent bookings queue on the
        // row and each re-checks `booked < capacity`, so the count never passes capacity.
        let taken = sqlx::query(
            "UPDATE meetings SET booked = booked + 1 WHERE id = $1 AND booked < capacity AND \
             cancelled_at IS NULL",
        )
        .bind(update.meeting_id)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 0 {
            return Err(why_unchanged(&mut tx, update.meeting_id).await);
        }
        sqlx::query(
            "INSERT INTO meeting_bookings (meeting_id, organisation_id, one_to_one_need, \
             booked_by, booked_at) \
             SELECT id, $1, CASE WHEN kind = 'ONE_TO_ONE' THEN need_id END, $2, $3 FROM meetings \
             WHERE id = $4",
        )
        .bind(organisation_id)
        .bind(by)
        .bind(update.now)
        .bind(update.meeting_id)
        .execute(&mut *tx)
        .await?;
        finish_meeting(tx, update, MeetingChange::Booked).await
    }

    async fn cancel_booking(
        &self,
        update: &MeetingUpdate<'_>,
        organisation_id: i64,
    ) -> StoreResult<Option<Meeting>> {
        let mut tx = begin_write(&self.pool).await?;
        let removed = sqlx::query(
            "DELETE FROM meeting_bookings WHERE meeting_id = $1 AND organisation_id = $2",
        )
        .bind(update.meeting_id)
        .bind(organisation_id)
        .execute(&mut *tx)
        .await?;
        if removed.rows_affected() == 0 {
            return Ok(None);
        }
        sqlx::query("UPDATE meetings SET booked = booked - 1 WHERE id = $1")
            .bind(update.meeting_id)
            .execute(&mut *tx)
            .await?;
        finish_meeting(tx, update, MeetingChange::BookingCancelled)
            .await
            .map(Some)
    }

    async fn bookings(&self, meeting_id: i64) -> StoreResult<Vec<Booking>> {
        let rows: Vec<(i64, i64, i64, DateTime<Utc>)> = sqlx::query_as(
            "SELECT meeting_id, organisation_id, booked_by, booked_at FROM meeting_bookings WHERE \
             meeting_id = $1 \
             ORDER BY booked_at, organisation_id",
        )
        .bind(meeting_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(meeting_id, organisation_id, booked_by, booked_at)| Booking {
                    meeting_id,
                    organisation_id,
                    booked_by,
                    booked_at,
                },
            )
            .collect())
    }

    async fn publish_minutes(
        &self,
        update: &MeetingUpdate<'_>,
        minutes: &str,
    ) -> StoreResult<Meeting> {
        let mut tx = begin_write(&self.pool).await?;
        let done = sqlx::query(
            "UPDATE meetings SET minutes = $1, minutes_published_at = $2, \
             updated_at = $2 WHERE id = $3",
        )
        .bind(minutes)
        .bind(update.now)
        .bind(update.meeting_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound("meeting"));
        }
        finish_meeting(tx, update, MeetingChange::MinutesPublished).await
    }
}
