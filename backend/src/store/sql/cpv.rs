//! The CPV code list: lookups, search by code or words, loading (`CpvStore`).

use super::needs::bind_all;
use super::{begin_write, DbStore};
use crate::domain::cpv::{CpvCode, CpvQuery};
use crate::store::needs::{like_escape, Arg, Sql};
use crate::store::*;

#[async_trait::async_trait]
impl crate::store::cpv::CpvStore for DbStore {
    async fn cpv_missing(&self, codes: &[CpvCode]) -> StoreResult<Vec<CpvCode>> {
        let pool = &self.pool;
        let mut missing = Vec::new();
        for code in codes {
            let found: Option<String> =
                sqlx::query_scalar("SELECT code FROM cpv_codes WHERE code = $1")
                    .bind(code.as_str())
                    .fetch_optional(pool)
                    .await?;
            if found.is_none() {
                missing.push(code.clone());
            }
        }
        Ok(missing)
    }
    async fn cpv_label(&self, code: &CpvCode) -> StoreResult<Option<String>> {
        let pool = &self.pool;
        Ok(
            sqlx::query_scalar("SELECT label FROM cpv_codes WHERE code = $1")
                .bind(code.as_str())
                .fetch_optional(pool)
                .await?,
        )
    }
    async fn import_cpv(&self, rows: &[(CpvCode, String)]) -> StoreResult<u64> {
        let pool = &self.pool;
        let mut tx = begin_write(pool).await?;
        for (code, label) in rows {
            sqlx::query(
                "INSERT INTO cpv_codes (code, label) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE \
                 SET label = excluded.label",
            )
            .bind(code.as_str())
            .bind(label)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(rows.len() as u64)
    }
    async fn cpv_count(&self) -> StoreResult<i64> {
        let pool = &self.pool;
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cpv_codes")
            .fetch_one(pool)
            .await?)
    }
    /// Adds the codes the list lacks, a thousand rows per statement, leaving labels an
    /// administrator imported as they are.
    async fn add_cpv(&self, rows: &[(CpvCode, String)]) -> StoreResult<u64> {
        let pool = &self.pool;
        let mut tx = begin_write(pool).await?;
        let mut added = 0;
        for chunk in rows.chunks(1000) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, ${})", 2 * i + 1, 2 * i + 2))
                .collect();
            let sql = format!(
                "INSERT INTO cpv_codes (code, label) VALUES {} ON CONFLICT (code) DO NOTHING",
                values.join(", ")
            );
            let mut query = sqlx::query(&sql);
            for (code, label) in chunk {
                query = query.bind(code.as_str()).bind(label.as_str());
            }
            added += query.execute(&mut *tx).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(added)
    }
    async fn search_cpv(
        &self,
        query: &CpvQuery,
        limit: i64,
    ) -> StoreResult<Vec<(CpvCode, String)>> {
        let pool = &self.pool;
        let mut sql = Sql::default();
        sql.push("SELECT code, label FROM cpv_codes WHERE 1 = 1");
        for prefix in &query.code_prefixes {
            let p = sql.arg(Arg::Text(format!("{prefix}%")));
            sql.push(&format!(" AND code LIKE {p}"));
        }
        for word in &query.words {
            let p = sql.arg(Arg::Text(format!("%{}%", like_escape(word))));
            sql.push(&format!(" AND lower(label) LIKE {p} ESCAPE '\\'"));
        }
        // Broader codes first: a division (85000000) has two significant digits, a group
        // three, a class four, and so on.
        let p = sql.arg(Arg::Int(limit));
        sql.push(&format!(
            " ORDER BY CASE WHEN length(rtrim(code, '0')) < 2 THEN 2 ELSE length(rtrim(code, \
             '0')) END, code LIMIT {p}"
        ));
        let rows: Vec<(String, String)> = bind_all(sqlx::query_as(&sql.text), &sql.args)
            .fetch_all(pool)
            .await?;
        rows.into_iter()
            .map(|(code, label)| {
                CpvCode::parse(&code)
                    .map(|code| (code, label))
                    .map_err(|e| StoreError::Corrupt(e.0))
            })
            .collect()
    }
}
