//! Notification e-mail: claiming what to send, immediate and daily (`MailStore`).

use super::{begin_write, Db, DbStore};
use crate::store::mail::*;
use crate::store::needs::{NotificationRow, NOTIFICATION_COLUMNS};
use crate::store::records::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

async fn recipient(tx: &mut Transaction<'static, Db>, user_id: i64) -> StoreResult<Recipient> {
    let (email, name): (String, String) =
        sqlx::query_as("SELECT email, name FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_one(&mut **tx)
            .await?;
    Ok(Recipient {
        user_id,
        email,
        name,
    })
}

/// Claims every unsent notification of one person.
async fn claim_of_user(
    tx: &mut Transaction<'static, Db>,
    user_id: i64,
    now: DateTime<Utc>,
) -> StoreResult<Vec<Notification>> {
    let sql = format!(
        "UPDATE notifications SET emailed_at = $1 WHERE user_id = $2 AND emailed_at IS NULL \
         RETURNING {NOTIFICATION_COLUMNS}"
    );
    let rows: Vec<NotificationRow> = sqlx::query_as(&sql)
        .bind(now)
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?;
    let mut claimed = rows
        .into_iter()
        .map(Notification::try_from)
        .collect::<StoreResult<Vec<_>>>()?;
    claimed.sort_by_key(|n| n.id);
    Ok(claimed)
}

#[async_trait::async_trait]
impl MailStore for DbStore {
    async fn email_preference(&self, user_id: i64) -> StoreResult<EmailPreference> {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT email_notifications FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        let stored = stored.ok_or(StoreError::NotFound("user"))?;
        EmailPreference::from_stored(&stored).ok_or(StoreError::Corrupt(stored))
    }

    async fn set_email_preference(&self, user_id: i64, pref: EmailPreference) -> StoreResult<()> {
        sqlx::query("UPDATE users SET email_notifications = $1 WHERE id = $2")
            .bind(pref.as_stored())
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn pass_over_unwanted(&self, now: DateTime<Utc>) -> StoreResult<u64> {
        let done = sqlx::query(
            "UPDATE notifications SET emailed_at = $1 WHERE emailed_at IS NULL \
             AND user_id IN (SELECT id FROM users WHERE email_notifications = 'OFF')",
        )
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    async fn claim_immediate(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<DueEmail>> {
        let mut tx = begin_write(&self.pool).await?;
        // Only rows still unsent are claimed: on PostgreSQL a second replica's UPDATE
        // waits for this one and then finds `emailed_at` set.
        let sql = format!(
            "UPDATE notifications SET emailed_at = $1 WHERE id IN (SELECT n.id FROM notifications \
             n \
             JOIN users u ON u.id = n.user_id WHERE n.emailed_at IS NULL AND \
             u.email_notifications = 'IMMEDIATE' \
             ORDER BY n.id LIMIT $2) AND emailed_at IS NULL RETURNING {NOTIFICATION_COLUMNS}"
        );
        let rows: Vec<NotificationRow> = sqlx::query_as(&sql)
            .bind(now)
            .bind(i64::from(limit))
            .fetch_all(&mut *tx)
            .await?;
        let mut due = Vec::with_capacity(rows.len());
        for row in rows {
            let notification = Notification::try_from(row)?;
            let recipient = recipient(&mut tx, notification.user_id).await?;
            due.push(DueEmail {
                recipient,
                notifications: vec![notification],
            });
        }
        tx.commit().await?;
        due.sort_by_key(|d| d.notifications[0].id);
        Ok(due)
    }

    async fn claim_digests(
        &self,
        now: DateTime<Utc>,
        due_before: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<DueEmail>> {
        let mut tx = begin_write(&self.pool).await?;
        let users: Vec<i64> = sqlx::query_scalar(
            "UPDATE users SET digest_sent_at = $1 WHERE id IN (SELECT u.id FROM users u \
             WHERE u.email_notifications = 'DAILY' AND (u.digest_sent_at IS NULL OR \
             u.digest_sent_at < $2) \
             AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.emailed_at IS \
             NULL) \
             ORDER BY u.id LIMIT $3) AND (digest_sent_at IS NULL OR digest_sent_at < $2) \
             RETURNING id",
        )
        .bind(now)
        .bind(due_before)
        .bind(i64::from(limit))
        .fetch_all(&mut *tx)
        .await?;
        let mut due = Vec::with_capacity(users.len());
        for user_id in users {
            let notifications = claim_of_user(&mut tx, user_id, now).await?;
            if !notifications.is_empty() {
                let recipient = recipient(&mut tx, user_id).await?;
                due.push(DueEmail {
                    recipient,
                    notifications,
                });
            }
        }
        tx.commit().await?;
        due.sort_by_key(|d| d.recipient.user_id);
        Ok(due)
    }

    async fn release_email(&self, email: &DueEmail, digest: bool) -> StoreResult<()> {
        let mut tx = begin_write(&self.pool).await?;
        for notification in &email.notifications {
            sqlx::query("UPDATE notifications SET emailed_at = NULL WHERE id = $1")
                .bind(notification.id)
                .execute(&mut *tx)
                .await?;
        }
        if digest {
            sqlx::query("UPDATE users SET digest_sent_at = NULL WHERE id = $1")
                .bind(email.recipient.user_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
