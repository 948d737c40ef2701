//! Joint offers, their members, seats per lot and history (`JointOfferStore`).

use super::events::insert_event;
use super::needs::write_notifications;
use super::{begin_write, lock_offer, Db, DbStore};
use crate::domain::joint_offer::{self as offers, MemberEntry, OfferOp};
use crate::store::joint_offers::*;
use crate::store::*;
use chrono::{DateTime, Utc};
use sqlx::Transaction;

const OFFER_COLUMNS: &str =
    "id, need_id, lead_org, status, lots, pitch, partner_call, partner_call_at, \
     (SELECT MIN(t.id) FROM threads t WHERE t.consortium_id = joint_offers.id) AS thread_id, \
     created_by, created_at, updated_at, submitted_at";

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    need_id: i64,
    lead_org: i64,
    status: String,
    lots: String,
    pitch: String,
    partner_call: Option<String>,
    partner_call_at: Option<DateTime<Utc>>,
    thread_id: Option<i64>,
    created_by: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    submitted_at: Option<DateTime<Utc>>,
}

fn offer_of(r: OfferRow) -> StoreResult<JointOffer> {
    Ok(JointOffer {
        id: r.id,
        need_id: r.need_id,
        lead_org: r.lead_org,
        status: offers::OfferStatus::from_stored(&r.status)
            .ok_or_else(|| StoreError::Corrupt(r.status.clone()))?,
        lots: serde_json::from_str(&r.lots).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        pitch: r.pitch,
        partner_call: r.partner_call,
        partner_call_at: r.partner_call_at,
        thread_id: r.thread_id,
        created_by: r.created_by,
        created_at: r.created_at,
        updated_at: r.updated_at,
        submitted_at: r.submitted_at,
    })
}

pub(super) const MEMBER_COLUMNS: &str =
    "offer_id, organisation_id, role, state, contribution, confirmed_at, message, added_by, \
     created_at, updated_at, \
     eligibility_at_submission";

#[derive(sqlx::FromRow)]
pub(super) struct MemberRow {
    offer_id: i64,
    organisation_id: i64,
    role: String,
    state: String,
    contribution: String,
    confirmed_at: Option<DateTime<Utc>>,
    message: String,
    added_by: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    eligibility_at_submission: Option<String>,
}

pub(super) fn member_of(r: MemberRow) -> StoreResult<OfferMember> {
    Ok(OfferMember {
        offer_id: r.offer_id,
        organisation_id: r.organisation_id,
        role: offers::MemberRole::from_stored(&r.role)
            .ok_or_else(|| StoreError::Corrupt(r.role.clone()))?,
        state: offers::MemberState::from_stored(&r.state)
            .ok_or_else(|| StoreError::Corrupt(r.state.clone()))?,
        contribution: serde_json::from_str(&r.contribution)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        confirmed_at: r.confirmed_at,
        message: r.message,
        added_by: r.added_by,
        created_at: r.created_at,
        updated_at: r.updated_at,
        eligibility_at_submission: r
            .eligibility_at_submission
            .map(|json| serde_json::from_str(&json))
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

fn entry_of(m: &OfferMember) -> MemberEntry {
    MemberEntry {
        organisation_id: m.organisation_id,
        role: m.role,
        state: m.state,
        confirmed: m.confirmed_at.is_some(),
    }
}

fn json<T: serde::Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

async fn fetch_offer<'e, E>(executor: E, id: i64) -> StoreResult<Option<JointOffer>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let sql = format!("SELECT {OFFER_COLUMNS} FROM joint_offers WHERE id = $1");
    let row: Option<OfferRow> = sqlx::query_as(&sql)
        .bind(id)
        .fetch_optional(executor)
        .await?;
    row.map(offer_of).transpose()
}

async fn fetch_members<'e, E>(executor: E, offer_id: i64) -> StoreResult<Vec<OfferMember>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let sql = format!(
        "SELECT {MEMBER_COLUMNS} FROM joint_offer_members WHERE offer_id = $1 \
         ORDER BY CASE role WHEN 'LEAD' THEN 0 ELSE 1 END, created_at, organisation_id"
    );
    let rows: Vec<MemberRow> = sqlx::query_as(&sql)
        .bind(offer_id)
        .fetch_all(executor)
        .await?;
    rows.into_iter().map(member_of).collect()
}

async fn fetch_offers<'e, E>(executor: E, condition: &str, id: i64) -> StoreResult<Vec<JointOffer>>
where
    E: sqlx::Executor<'e, Database = Db>,
{
    let sql = format!("SELECT {OFFER_COLUMNS} FROM joint_offers WHERE {condition} ORDER BY id");
    let rows: Vec<OfferRow> = sqlx::query_as(&sql).bind(id).fetch_all(executor).await?;
    rows.into_iter().map(offer_of).collect()
}

/// Takes the organisation's places in the offer's lots. A second bidding place for the
/// same lot hits the unique index: a refusal, not an internal error.
async fn take_seats(
    tx: &mut Transaction<'static, Db>,
    offer: &JointOffer,
    org: i64,
    bidding: bool,
) -> StoreResult<()> {
    for &lot in &offer.lots {
        let inserted = sqlx::query(
            "INSERT INTO joint_offer_seats (offer_id, organisation_id, need_id, lot, bidding) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(offer.id)
        .bind(org)
        .bind(offer.need_id)
        .bind(i64::from(lot))
        .bind(bidding)
        .execute(&mut **tx)
        .await;
        match inserted {
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                let which = if lot == 0 {
                    "this need".to_owned()
                } else {
                    format!("lot {lot}")
                };
                return Err(StoreError::Refused(format!(
                    "This organisation already bids in another joint offer for {which}. An \
                     organisation may bid in only one joint offer per lot; it may subcontract in \
                     several where the need allows subcontracting."
                )));
            }
            other => {
                other?;
            }
        }
    }
    Ok(())
}

async fn release_seats(
    tx: &mut Transaction<'static, Db>,
    offer_id: i64,
    org: Option<i64>,
) -> StoreResult<()> {
    match org {
        Some(org) => {
            sqlx::query(
                "DELETE FROM joint_offer_seats WHERE offer_id = $1 AND organisation_id = $2",
            )
            .bind(offer_id)
            .bind(org)
            .execute(&mut **tx)
            .await?
        }
        None => {
            sqlx::query("DELETE FROM joint_offer_seats WHERE offer_id = $1")
                .bind(offer_id)
                .execute(&mut **tx)
                .await?
        }
    };
    Ok(())
}

async fn set_member(
    tx: &mut Transaction<'static, Db>,
    offer_id: i64,
    org: i64,
    assignments: &str,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    let sql = format!(
        "UPDATE joint_offer_members SET {assignments}, updated_at = $1 WHERE \
         offer_id = $2 AND organisation_id = $3"
    );
    sqlx::query(&sql)
        .bind(now)
        .bind(offer_id)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// An invitation or a request, as [`open_standing`] writes it.
struct Standing<'a> {
    org: i64,
    role: offers::MemberRole,
    state: offers::MemberState,
    message: &'a str,
    contribution: &'a offers::Contribution,
}

/// Adds (or re-opens, after a decline or a departure) an invitation or a request.
async fn open_standing(
    tx: &mut Transaction<'static, Db>,
    offer_id: i64,
    s: Standing<'_>,
    update: &OfferUpdate,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO joint_offer_members (offer_id, organisation_id, role, state, contribution, \
         message, added_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
         ON CONFLICT (offer_id, organisation_id) DO UPDATE SET role = excluded.role, state = \
         excluded.state, \
         contribution = excluded.contribution, message = excluded.message, added_by = \
         excluded.added_by, \
         confirmed_at = NULL, updated_at = excluded.updated_at",
    )
    .bind(offer_id)
    .bind(s.org)
    .bind(s.role.as_stored())
    .bind(s.state.as_stored())
    .bind(json(s.contribution)?)
    .bind(s.message)
    .bind(update.by)
    .bind(update.now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Writes the part of a change that is particular to it.
async fn apply(
    tx: &mut Transaction<'static, Db>,
    offer: &JointOffer,
    members: &[OfferMember],
    update: &OfferUpdate,
) -> StoreResult<()> {
    let (id, now) = (offer.id, update.now);
    let member = |org: i64| members.iter().find(|m| m.organisation_id == org);
    match &update.op {
        OfferOp::Invite {
            organisation_id,
            role,
            message,
        } => {
            let contribution = offers::Contribution::default();
            let state = offers::MemberState::Invited;
            let standing = Standing {
                org: *organisation_id,
                role: *role,
                state,
                message,
                contribution: &contribution,
            };
            open_standing(tx, id, standing, update).await?;
        }
        OfferOp::Request {
            organisation_id,
            role,
            message,
            contribution,
        } => {
            let state = offers::MemberState::Requested;
            let standing = Standing {
                org: *organisation_id,
                role: *role,
                state,
                message,
                contribution,
            };
            open_standing(tx, id, standing, update).await?;
        }
        OfferOp::Admit { organisation_id } => {
            set_member(tx, id, *organisation_id, "state = 'ACCEPTED'", now).await?;
            let role = member(*organisation_id)
                .map(|m| m.role)
                .unwrap_or(offers::MemberRole::Partner);
            take_seats(tx, offer, *organisation_id, role.bids()).await?;
        }
        OfferOp::Refuse { organisation_id } => {
            set_member(
                tx,
                id,
                *organisation_id,
                "state = CASE state WHEN 'INVITED' THEN 'DECLINED' ELSE 'REJECTED' END",
                now,
            )
            .await?;
        }
        OfferOp::Leave { organisation_id } => {
            set_member(
                tx,
                id,
                *organisation_id,
                "state = 'LEFT', confirmed_at = NULL",
                now,
            )
            .await?;
            release_seats(tx, id, Some(*organisation_id)).await?;
        }
        OfferOp::HandOver { organisation_id } => {
            set_member(tx, id, offer.lead_org, "role = 'PARTNER'", now).await?;
            set_member(tx, id, *organisation_id, "role = 'LEAD'", now).await?;
            sqlx::query("UPDATE joint_offers SET lead_org = $1 WHERE id = $2")
                .bind(*organisation_id)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            // A subcontractor that takes the lead now bids: it takes bidding places.
            if member(*organisation_id).is_some_and(|m| !m.role.bids()) {
                release_seats(tx, id, Some(*organisation_id)).await?;
                take_seats(tx, offer, *organisation_id, true).await?;
            }
        }
        OfferOp::Contribute {
            organisation_id,
            contribution,
        } => {
            sqlx::query(
                "UPDATE joint_offer_members SET contribution = $1, updated_at = $2 WHERE \
                 offer_id = $3 AND organisation_id = $4",
            )
            .bind(json(contribution)?)
            .bind(now)
            .bind(id)
            .bind(*organisation_id)
            .execute(&mut **tx)
            .await?;
        }
        OfferOp::Confirm { organisation_id } => {
            sqlx::query(
                "UPDATE joint_offer_members SET confirmed_at = $1, updated_at = $1 WHERE \
                 offer_id = $2 AND organisation_id = $3",
            )
            .bind(now)
            .bind(id)
            .bind(*organisation_id)
            .execute(&mut **tx)
            .await?;
        }
        OfferOp::Edit { lots, pitch } => {
            sqlx::query("UPDATE joint_offers SET lots = $1, pitch = $2 WHERE id = $3")
                .bind(json(lots)?)
                .bind(pitch)
                .bind(id)
                .execute(&mut **tx)
                .await?;
            // Every member's places follow the lots.
            release_seats(tx, id, None).await?;
            let moved = JointOffer {
                lots: lots.clone(),
                ..offer.clone()
            };
            for m in members
                .iter()
                .filter(|m| m.state == offers::MemberState::Accepted)
            {
                take_seats(tx, &moved, m.organisation_id, m.role.bids()).await?;
            }
        }
        OfferOp::Call { text } => {
            sqlx::query(
                "UPDATE joint_offers SET partner_call = $1, partner_call_at = $2 WHERE id = $3",
            )
            .bind(text.as_deref())
            .bind(text.as_ref().map(|_| now))
            .bind(id)
            .execute(&mut **tx)
            .await?;
        }
        OfferOp::Submit => {
            sqlx::query(
                "UPDATE joint_offers SET submitted_at = COALESCE(submitted_at, $1), \
                 partner_call = NULL, partner_call_at = NULL WHERE id = $2",
            )
            .bind(now)
            .bind(id)
            .execute(&mut **tx)
            .await?;
            for (organisation_id, eligibility) in &update.eligibility {
                sqlx::query(
                    "UPDATE joint_offer_members SET eligibility_at_submission = \
                     COALESCE(eligibility_at_submission, $1) \
                     WHERE offer_id = $2 AND organisation_id = $3 AND state = 'ACCEPTED'",
                )
                .bind(json(eligibility)?)
                .bind(id)
                .bind(*organisation_id)
                .execute(&mut **tx)
                .await?;
            }
        }
        OfferOp::Withdraw => {
            sqlx::query(
                "UPDATE joint_offers SET partner_call = NULL, partner_call_at = NULL WHERE id = $1",
            )
            .bind(id)
            .execute(&mut **tx)
            .await?;
            release_seats(tx, id, None).await?;
        }
        OfferOp::Decide { .. } => {}
    }
    if update.op.unsettles_composition() {
        sqlx::query("UPDATE joint_offer_members SET confirmed_at = NULL WHERE offer_id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The history entry and the live event of a change, inside its transaction.
async fn record(
    tx: &mut Transaction<'static, Db>,
    offer: &JointOffer,
    kind: offers::OfferChangeKind,
    organisation_id: Option<i64>,
    detail: &str,
    by: i64,
    now: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO joint_offer_changes (offer_id, kind, organisation_id, status, detail, \
         changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(offer.id)
    .bind(kind.as_stored())
    .bind(organisation_id)
    .bind(offer.status.as_stored())
    .bind(detail)
    .bind(by)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    let payload = EventPayload::JointOffer {
        offer_id: offer.id,
        need_id: offer.need_id,
        change: kind,
        organisation_id,
    };
    insert_event(tx, None, Some(offer.need_id), &payload, now).await
}

#[async_trait::async_trait]
impl JointOfferStore for DbStore {
    async fn create_joint_offer(&self, new: &NewJointOffer) -> StoreResult<JointOffer> {
        let mut tx = begin_write(&self.pool).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO joint_offers (need_id, lead_org, status, lots, pitch, created_by, \
             created_at, updated_at) \
             VALUES ($1, $2, 'FORMING', $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(new.need_id)
        .bind(new.lead_org)
        .bind(json(&new.lots)?)
        .bind(&new.pitch)
        .bind(new.by)
        .bind(new.now)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO joint_offer_members (offer_id, organisation_id, role, state, \
             contribution, message, added_by, created_at, updated_at) \
             VALUES ($1, $2, 'LEAD', 'ACCEPTED', $3, '', $4, $5, $5)",
        )
        .bind(id)
        .bind(new.lead_org)
        .bind(json(&new.contribution)?)
        .bind(new.by)
        .bind(new.now)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO threads (need_id, kind, consortium_id, title, created_by, created_at, \
             last_message_at) \
             VALUES ($1, 'CONSORTIUM', $2, $3, $4, $5, $5)",
        )
        .bind(new.need_id)
        .bind(id)
        .bind(&new.thread_title)
        .bind(new.by)
        .bind(new.now)
        .execute(&mut *tx)
        .await?;
        let offer = fetch_offer(&mut *tx, id)
            .await?
            .ok_or(StoreError::NotFound("joint offer"))?;
        take_seats(&mut tx, &offer, new.lead_org, true).await?;
        record(
            &mut tx,
            &offer,
            offers::OfferChangeKind::Created,
            Some(new.lead_org),
            "",
            new.by,
            new.now,
        )
        .await?;
        tx.commit().await?;
        Ok(offer)
    }

    async fn joint_offer(&self, id: i64) -> StoreResult<Option<JointOffer>> {
        fetch_offer(&self.pool, id).await
    }

    async fn joint_offers_of_need(&self, need_id: i64) -> StoreResult<Vec<JointOffer>> {
        fetch_offers(&self.pool, "need_id = $1", need_id).await
    }

    async fn joint_offers_of_organisation(&self, org_id: i64) -> StoreResult<Vec<JointOffer>> {
        fetch_offers(
            &self.pool,
            "id IN (SELECT offer_id FROM joint_offer_members WHERE organisation_id = $1)",
            org_id,
        )
        .await
    }

    async fn partner_calls(
        &self,
        need_id: Option<i64>,
        limit: u32,
    ) -> StoreResult<Vec<JointOffer>> {
        let sql = format!(
            "SELECT {OFFER_COLUMNS} FROM joint_offers WHERE partner_call IS NOT NULL AND status \
             IN ('FORMING', 'READY') \
             AND ($1 = 0 OR need_id = $1) ORDER BY partner_call_at DESC, id DESC LIMIT $2"
        );
        let rows: Vec<OfferRow> = sqlx::query_as(&sql)
            .bind(need_id.unwrap_or(0))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter().map(offer_of).collect()
    }

    async fn offer_members(&self, offer_id: i64) -> StoreResult<Vec<OfferMember>> {
        fetch_members(&self.pool, offer_id).await
    }

    async fn offer_history(&self, offer_id: i64) -> StoreResult<Vec<OfferChange>> {
        let rows: Vec<(i64, String, Option<i64>, String, String, i64, DateTime<Utc>)> =
            sqlx::query_as(
                "SELECT id, kind, organisation_id, status, detail, changed_by, changed_at FROM \
                 joint_offer_changes \
                 WHERE offer_id = $1 ORDER BY id",
            )
            .bind(offer_id)
            .fetch_all(&self.pool)
            .await?;
        rows.into_iter()
            .map(
                |(id, kind, organisation_id, status, detail, changed_by, changed_at)| {
                    Ok(OfferChange {
                        id,
                        kind: offers::OfferChangeKind::from_stored(&kind)
                            .ok_or_else(|| StoreError::Corrupt(kind.clone()))?,
                        organisation_id,
                        status: offers::OfferStatus::from_stored(&status)
                            .ok_or_else(|| StoreError::Corrupt(status.clone()))?,
                        detail,
                        changed_by,
                        changed_at,
                    })
                },
            )
            .collect()
    }

    async fn shared_seats(&self, offer_id: i64) -> StoreResult<Vec<SharedSeat>> {
        let rows: Vec<(i64, i64, i64, i64, bool, bool)> = sqlx::query_as(
            "SELECT s.organisation_id, CAST(s.lot AS BIGINT), o.id, o.lead_org, s.bidding, \
             t.bidding \
             FROM joint_offer_seats s \
             JOIN joint_offer_seats t ON t.need_id = s.need_id AND t.lot = s.lot AND \
             t.organisation_id = s.organisation_id AND t.offer_id <> s.offer_id \
             JOIN joint_offers o ON o.id = t.offer_id \
             WHERE s.offer_id = $1 ORDER BY s.lot, s.organisation_id, o.id",
        )
        .bind(offer_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    organisation_id,
                    lot,
                    other_offer_id,
                    other_lead_org,
                    bidding_here,
                    bidding_there,
                )| SharedSeat {
                    organisation_id,
                    lot: u32::try_from(lot).unwrap_or_default(),
                    other_offer_id,
                    other_lead_org,
                    bidding_here,
                    bidding_there,
                },
            )
            .collect())
    }

    async fn change_joint_offer(&self, update: &OfferUpdate) -> StoreResult<JointOffer> {
        let mut tx = begin_write(&self.pool).await?;
        lock_offer(&mut tx, update.offer_id).await?;
        let offer = fetch_offer(&mut *tx, update.offer_id)
            .await?
            .ok_or(StoreError::NotFound("joint offer"))?;
        let members = fetch_members(&mut *tx, offer.id).await?;
        let entries: Vec<MemberEntry> = members.iter().map(entry_of).collect();
        update
            .op
            .check(offer.status, &entries)
            .map_err(StoreError::Refused)?;
        apply(&mut tx, &offer, &members, update).await?;
        let after: Vec<MemberEntry> = fetch_members(&mut *tx, offer.id)
            .await?
            .iter()
            .map(entry_of)
            .collect();
        let status = offers::settled_status(update.op.target_status(offer.status), &after);
        sqlx::query("UPDATE joint_offers SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(status.as_stored())
            .bind(update.now)
            .bind(offer.id)
            .execute(&mut *tx)
            .await?;
        let changed = fetch_offer(&mut *tx, offer.id)
            .await?
            .ok_or(StoreError::NotFound("joint offer"))?;
        record(
            &mut tx,
            &changed,
            update.op.kind(),
            update.op.organisation(),
            &update.detail,
            update.by,
            update.now,
        )
        .await?;
        write_notifications(&mut tx, &update.notify, update.now).await?;
        tx.commit().await?;
        Ok(changed)
    }
}
