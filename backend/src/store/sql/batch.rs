//! Many parents' children in one statement each (`BatchStore`), for the GraphQL loaders.

use super::joint_offers::{member_of, MemberRow, MEMBER_COLUMNS};
use super::needs::needs_by_ids;
use super::profiles::{profile_of, ProfileRow};
use super::DbStore;
use crate::domain::cpv::CpvCode;
use crate::store::batch::*;
use crate::store::records::*;
use crate::store::rows::*;
use crate::store::*;

/// Runs `read` over chunks of `ids` and joins the results.
async fn chunked<T, F, Fut>(ids: &[i64], read: F) -> StoreResult<Vec<T>>
where
    F: Fn(Vec<i64>) -> Fut,
    Fut: std::future::Future<Output = StoreResult<Vec<T>>>,
{
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(MAX_IDS_PER_STATEMENT) {
        out.extend(read(chunk.to_vec()).await?);
    }
    Ok(out)
}

#[async_trait::async_trait]
impl BatchStore for DbStore {
    async fn organisations_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Organisation>> {
        chunked(ids, |chunk| async move {
            let sql = format!(
                "SELECT {ORG_COLUMNS} FROM organisations WHERE id IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, OrgRow>(&sql);
            for id in &chunk {
                query = query.bind(*id);
            }
            all(query.fetch_all(&self.pool).await?)
        })
        .await
    }

    async fn needs_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<Need>> {
        chunked(ids, |chunk| async move {
            needs_by_ids(&self.pool, &chunk).await
        })
        .await
    }

    async fn users_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<User>> {
        chunked(ids, |chunk| async move {
            let sql = format!(
                "SELECT {USER_COLUMNS} FROM users WHERE id IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, UserRow>(&sql);
            for id in &chunk {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(&self.pool).await?;
            Ok(rows.into_iter().map(User::from).collect())
        })
        .await
    }

    async fn cpv_labels(&self, codes: &[CpvCode]) -> StoreResult<Vec<(CpvCode, String)>> {
        let mut out = Vec::with_capacity(codes.len());
        for chunk in codes.chunks(MAX_IDS_PER_STATEMENT) {
            let sql = format!(
                "SELECT code, label FROM cpv_codes WHERE code IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, (String, String)>(&sql);
            for code in chunk {
                query = query.bind(code.as_str());
            }
            for (code, label) in query.fetch_all(&self.pool).await? {
                let code = CpvCode::parse(&code).map_err(|e| StoreError::Corrupt(e.0))?;
                out.push((code, label));
            }
        }
        Ok(out)
    }

    async fn profiles_of(&self, org_ids: &[i64]) -> StoreResult<Vec<Profile>> {
        chunked(org_ids, |chunk| async move {
            let sql = format!(
                "SELECT organisation_id, content, revision, updated_by, updated_at FROM profiles \
                 WHERE organisation_id IN ({})",
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, ProfileRow>(&sql);
            for id in &chunk {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(&self.pool).await?;
            rows.into_iter().map(profile_of).collect()
        })
        .await
    }

    async fn offer_members_of(&self, offer_ids: &[i64]) -> StoreResult<Vec<OfferMember>> {
        chunked(offer_ids, |chunk| async move {
            let sql = format!(
                "SELECT {} FROM joint_offer_members WHERE offer_id IN ({}) \
                 ORDER BY offer_id, CASE role WHEN 'LEAD' THEN 0 ELSE 1 END, created_at, \
                 organisation_id",
                MEMBER_COLUMNS,
                placeholders(chunk.len())
            );
            let mut query = sqlx::query_as::<_, MemberRow>(&sql);
            for id in &chunk {
                query = query.bind(*id);
            }
            let rows = query.fetch_all(&self.pool).await?;
            rows.into_iter().map(member_of).collect()
        })
        .await
    }

    async fn memberships_in(&self, user_id: i64, org_ids: &[i64]) -> StoreResult<Vec<Membership>> {
        chunked(org_ids, |chunk| async move {
            let sql = format!(
                "SELECT {MEMBERSHIP_COLUMNS} FROM memberships WHERE user_id = $1 AND \
                 organisation_id IN ({})",
                (2..chunk.len() + 2)
                    .map(|i| format!("${i}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            let mut query = sqlx::query_as::<_, MembershipRow>(&sql).bind(user_id);
            for id in &chunk {
                query = query.bind(*id);
            }
            all(query.fetch_all(&self.pool).await?)
        })
        .await
    }
}
