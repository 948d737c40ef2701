//! Everything held about a person, for export and erasure (`PersonalDataStore`).

use super::dialogue::{
    meeting_of, message_of, thread_of, MeetingRow, MessageRow, ThreadRow, MEETING_COLUMNS,
    MESSAGE_COLUMNS, THREAD_COLUMNS,
};
use super::email_links::log_ended;
use super::profiles::{queue_for_search, queue_need_for_search};
use super::questions::{question_of, QuestionRow, QUESTION_COLUMNS};
use super::{begin_write, lock_organisation, Db, DbStore};
use crate::domain::erasure::{placeholder_email, ErasedPerson, DELETED_USER_NAME};
use crate::domain::profile::ProfileContent;
use crate::store::needs::{like_escape, parse_content, NotificationRow, NOTIFICATION_COLUMNS};
use crate::store::personal_data::*;
use crate::store::records::*;
use crate::store::rows::{
    all, CredentialRow, InvitationRow, CREDENTIAL_COLUMNS, INVITATION_COLUMNS,
};
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

/// Holds every organisation the person belongs to, then refuses when they are the only
/// admin of one that has other members: it would be left with nobody to run it.
async fn leave_organisations(tx: &mut Transaction<'static, Db>, user_id: i64) -> StoreResult<()> {
    let orgs: Vec<i64> = sqlx::query_scalar(
        "SELECT organisation_id FROM memberships WHERE user_id = $1 ORDER BY organisation_id",
    )
    .bind(user_id)
    .fetch_all(&mut **tx)
    .await?;
    for org in orgs {
        lock_organisation(tx, org).await?;
    }
    if !sole_admin_in(&mut **tx, user_id).await?.is_empty() {
        return Err(StoreError::LastAdmin);
    }
    sqlx::query("DELETE FROM memberships WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn sole_admin_in<'e, E: sqlx::Executor<'e, Database = Db>>(
    executor: E,
    user_id: i64,
) -> StoreResult<Vec<i64>> {
    Ok(sqlx::query_scalar(
        "SELECT m.organisation_id FROM memberships m WHERE m.user_id = $1 AND m.role = 'ADMIN' \
         AND NOT EXISTS (SELECT 1 FROM memberships a WHERE a.organisation_id = m.organisation_id \
         AND a.role = 'ADMIN' AND a.user_id <> $1) \
         AND EXISTS (SELECT 1 FROM memberships o WHERE o.organisation_id = m.organisation_id AND \
         o.user_id <> $1) \
         ORDER BY m.organisation_id",
    )
    .bind(user_id)
    .fetch_all(executor)
    .await?)
}

/// Ends every session and token (logged, so open websockets close on every replica)
/// after dropping the person's own events, whose notifications go too.
async fn end_all_credentials(
    tx: &mut Transaction<'static, Db>,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Vec<i64>> {
    sqlx::query("DELETE FROM events WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    let ended: Vec<i64> =
        sqlx::query_scalar("DELETE FROM credentials WHERE user_id = $1 RETURNING id")
            .bind(user_id)
            .fetch_all(&mut **tx)
            .await?;
    let pairs: Vec<(i64, i64)> = ended.iter().map(|id| (*id, user_id)).collect();
    log_ended(tx, &pairs, now).await?;
    Ok(ended)
}

/// Rows that are the person's alone: links, saved searches, notifications (and with them
/// every e-mail still queued for the person), read markers.
async fn delete_own_rows(tx: &mut Transaction<'static, Db>, user_id: i64) -> StoreResult<()> {
    for table in [
        "email_links",
        "saved_searches",
        "notifications",
        "thread_reads",
    ] {
        sqlx::query(&format!("DELETE FROM {table} WHERE user_id = $1"))
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Invitations to the person's address keep their organisation's record, without the
/// address; open ones are revoked.
async fn forget_invitations(
    tx: &mut Transaction<'static, Db>,
    user_id: i64,
    email: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE invitations SET revoked_at = $1 WHERE lower(email) = $2 AND accepted_at \
         IS NULL AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(email.to_lowercase())
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE invitations SET email = $1 WHERE lower(email) = $2 OR accepted_by = $3")
        .bind(placeholder_email(user_id))
        .bind(email.to_lowercase())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

fn to_json(content: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// Rows of `table` whose JSON `content` may name the person: a cheap filter before each
/// candidate is parsed and checked properly.
async fn mentioning(
    tx: &mut Transaction<'static, Db>,
    select: &str,
    person: &ErasedPerson,
) -> StoreResult<Vec<(i64, i64, String)>> {
    let sql =
        format!("{select} WHERE lower(content) LIKE $1 ESCAPE '\\' OR content LIKE $2 ESCAPE '\\'");
    Ok(sqlx::query_as(&sql)
        .bind(format!("%{}%", like_escape(&person.email.to_lowercase())))
        .bind(format!("%{}%", like_escape(&person.name)))
        .fetch_all(&mut **tx)
        .await?)
}

/// Removes the person as contact of needs (and the versions published before), which
/// bumps the need's revision so an open editor cannot put them back unawares.
async fn forget_need_contacts(
    tx: &mut Transaction<'static, Db>,
    person: &ErasedPerson,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let mut removed = 0;
    for (id, buyer, json) in
        mentioning(tx, "SELECT id, buyer_id, content FROM needs", person).await?
    {
        let mut content = parse_content(&json)?;
        if content.forget_contact(person) {
            sqlx::query(
                "UPDATE needs SET content = $1, revision = revision + 1, updated_at = $2 \
                 WHERE id = $3",
            )
            .bind(to_json(&content)?)
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            queue_need_for_search(tx, id, buyer, now).await?;
            removed += 1;
        }
    }
    for (need, version, json) in mentioning(
        tx,
        "SELECT need_id, CAST(version AS BIGINT), content FROM need_versions",
        person,
    )
    .await?
    {
        let mut content = parse_content(&json)?;
        if content.forget_contact(person) {
            sqlx::query(
                "UPDATE need_versions SET content = $1 WHERE need_id = $2 AND version = $3",
            )
            .bind(to_json(&content)?)
            .bind(need)
            .bind(version)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(removed)
}

/// Empties profile contacts that are the person.
async fn forget_profile_contacts(
    tx: &mut Transaction<'static, Db>,
    person: &ErasedPerson,
    now: DateTime<Utc>,
) -> StoreResult<u64> {
    let mut removed = 0;
    for (org, _, json) in mentioning(
        tx,
        "SELECT organisation_id, CAST(0 AS BIGINT), content FROM profiles",
        person,
    )
    .await?
    {
        let mut content: ProfileContent = serde_json::from_str(&json)
            .map_err(|e| StoreError::Corrupt(format!("profile: {e}")))?;
        if content.forget_contact(person) {
            sqlx::query(
                "UPDATE profiles SET content = $1, revision = revision + 1 WHERE \
                 organisation_id = $2",
            )
            .bind(to_json(&content)?)
            .bind(org)
            .execute(&mut **tx)
            .await?;
            queue_for_search(tx, org, now).await?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// The account row keeps only its id, creation time and when it was erased.
async fn anonymise_user(
    tx: &mut Transaction<'static, Db>,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE users SET name = $1, email = $2, password_hash = '', is_platform_admin = $3, \
         email_notifications = 'OFF', digest_sent_at = NULL, email_verified_at = NULL, deleted_at \
         = $4 WHERE id = $5",
    )
    .bind(DELETED_USER_NAME)
    .bind(placeholder_email(user_id))
    .bind(false)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[async_trait::async_trait]
impl PersonalDataStore for DbStore {
    async fn writings_of(&self, user_id: i64) -> StoreResult<Writings> {
        let sql =
            format!("SELECT {MESSAGE_COLUMNS} FROM messages WHERE author_id = $1 ORDER BY id");
        let rows: Vec<MessageRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        let sql = format!(
            "SELECT {THREAD_COLUMNS} FROM threads WHERE created_by = $1 \
             OR id IN (SELECT thread_id FROM messages WHERE author_id = $1) ORDER BY id"
        );
        let threads: Vec<ThreadRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        let versions: Vec<(i64, i64, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT v.message_id, CAST(v.version AS BIGINT), v.body, v.written_at FROM \
             message_versions v \
             JOIN messages m ON m.id = v.message_id WHERE m.author_id = $1 ORDER BY v.message_id, \
             v.version",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(Writings {
            threads: threads
                .into_iter()
                .map(thread_of)
                .collect::<StoreResult<_>>()?,
            messages: rows.into_iter().map(message_of).collect(),
            versions: versions
                .into_iter()
                .map(|(id, version, body, written_at)| {
                    (
                        id,
                        MessageVersion {
                            version: i32::try_from(version).unwrap_or(i32::MAX),
                            body,
                            written_at,
                        },
                    )
                })
                .collect(),
        })
    }

    async fn questions_of(&self, user_id: i64) -> StoreResult<Vec<Question>> {
        let sql = format!(
            "SELECT {QUESTION_COLUMNS} FROM questions WHERE asked_by = $1 OR \
             answered_by = $1 ORDER BY id"
        );
        let rows: Vec<QuestionRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(question_of).collect()
    }

    async fn bookings_by(&self, user_id: i64) -> StoreResult<BookingsMade> {
        let rows: Vec<(i64, i64, i64, DateTime<Utc>)> = sqlx::query_as(
            "SELECT meeting_id, organisation_id, booked_by, booked_at FROM meeting_bookings WHERE \
             booked_by = $1 ORDER BY booked_at",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        let sql = format!(
            "SELECT {MEETING_COLUMNS} FROM meetings WHERE id IN (SELECT meeting_id FROM \
             meeting_bookings WHERE booked_by = $1) ORDER BY id"
        );
        let meetings: Vec<MeetingRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(BookingsMade {
            bookings: rows
                .into_iter()
                .map(
                    |(meeting_id, organisation_id, booked_by, booked_at)| Booking {
                        meeting_id,
                        organisation_id,
                        booked_by,
                        booked_at,
                    },
                )
                .collect(),
            meetings: meetings
                .into_iter()
                .map(meeting_of)
                .collect::<StoreResult<_>>()?,
        })
    }

    async fn all_notifications(&self, user_id: i64) -> StoreResult<Vec<Notification>> {
        let sql = format!(
            "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE user_id = $1 ORDER BY id"
        );
        let rows: Vec<NotificationRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(Notification::try_from).collect()
    }

    async fn credentials_of(&self, user_id: i64) -> StoreResult<Vec<Credential>> {
        let sql =
            format!("SELECT {CREDENTIAL_COLUMNS} FROM credentials WHERE user_id = $1 ORDER BY id");
        let rows: Vec<CredentialRow> = sqlx::query_as(&sql)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn invitations_of(&self, user_id: i64, email: &str) -> StoreResult<Vec<Invitation>> {
        let sql = format!(
            "SELECT {INVITATION_COLUMNS} FROM invitations WHERE lower(email) = $1 OR invited_by = \
             $2 OR accepted_by = $2 ORDER BY id"
        );
        let rows: Vec<InvitationRow> = sqlx::query_as(&sql)
            .bind(email.to_lowercase())
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        all(rows)
    }

    async fn links_sent_to(&self, user_id: i64) -> StoreResult<Vec<LinkSent>> {
        let rows: Vec<(
            String,
            String,
            DateTime<Utc>,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
        )> = sqlx::query_as(
            "SELECT purpose, email, created_at, expires_at, used_at FROM email_links WHERE \
             user_id = $1 ORDER BY id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(purpose, email, created_at, expires_at, used_at)| LinkSent {
                    purpose,
                    email,
                    created_at,
                    expires_at,
                    used_at,
                },
            )
            .collect())
    }

    async fn actions_of(&self, user_id: i64) -> StoreResult<Vec<RecordedAction>> {
        Ok(sqlx::query_as(&actions_sql())
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?)
    }

    async fn thread_reads_of(&self, user_id: i64) -> StoreResult<Vec<(i64, i64)>> {
        Ok(sqlx::query_as(
            "SELECT thread_id, last_read_id FROM thread_reads WHERE user_id = $1 \
             ORDER BY thread_id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn sole_admin_of(&self, user_id: i64) -> StoreResult<Vec<i64>> {
        sole_admin_in(&self.pool, user_id).await
    }

    async fn erase_person(&self, user_id: i64, now: DateTime<Utc>) -> StoreResult<Erased> {
        let mut tx = begin_write(&self.pool).await?;
        let found: Option<(String, String)> =
            sqlx::query_as("SELECT name, email FROM users WHERE id = $1 AND deleted_at IS NULL")
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (name, email) = found.ok_or(StoreError::NotFound("user"))?;
        let person = ErasedPerson { name, email };
        leave_organisations(&mut tx, user_id).await?;
        let ended_credentials = end_all_credentials(&mut tx, user_id, now).await?;
        delete_own_rows(&mut tx, user_id).await?;
        forget_invitations(&mut tx, user_id, &person.email, now).await?;
        let contacts_removed = forget_need_contacts(&mut tx, &person, now).await?
            + forget_profile_contacts(&mut tx, &person, now).await?;
        anonymise_user(&mut tx, user_id, now).await?;
        tx.commit().await?;
        Ok(Erased {
            ended_credentials,
            contacts_removed,
        })
    }
}
