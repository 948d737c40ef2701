//! `searchNeeds`: full-text search over public needs on the same engine as partner search,
//! with filters and counts per filter value.

use super::ids;
use super::need_inputs::NeedStatus;
use super::need_types::NeedNode;
use super::profiles::{cpv_filter, region_filter, search_page, values, FacetValue};
use super::{services, viewer};
use crate::error::{AppError, AppResult};
use crate::search::{NeedFacetCounts, NeedSearch};
use async_graphql::{Context, InputObject, Object, SimpleObject};

#[derive(InputObject, Default)]
pub struct NeedSearchFilter {
    /// Leave empty for every public status.
    #[graphql(default)]
    pub statuses: Vec<NeedStatus>,
    /// A NUTS/ITL code; places inside it match too.
    pub region: Option<String>,
    /// A CPV code; codes below it in the hierarchy match too.
    pub cpv: Option<String>,
    /// Only needs with (or without) a reserved lot.
    pub reserved: Option<bool>,
    pub innovative: Option<bool>,
}

#[derive(SimpleObject)]
pub struct NeedFacets {
    pub status: Vec<FacetValue>,
    /// Countries, or the regions inside the filtered region.
    pub region: Vec<FacetValue>,
    /// CPV divisions, or the groups inside the filtered code.
    pub cpv: Vec<FacetValue>,
    pub reserved: u64,
    pub innovative: u64,
}

impl From<NeedFacetCounts> for NeedFacets {
    fn from(f: NeedFacetCounts) -> Self {
        Self {
            status: values(f.status),
            region: values(f.region),
            cpv: values(f.cpv),
            reserved: f.reserved,
            innovative: f.innovative,
        }
    }
}

#[derive(SimpleObject)]
pub struct NeedMatch {
    pub need: NeedNode,
    /// HTML: the matching passage, escaped, with matched words in `<mark>`.
    pub snippet: String,
}

#[derive(SimpleObject)]
pub struct NeedSearchResult {
    pub total_count: usize,
    pub matches: Vec<NeedMatch>,
    pub facets: NeedFacets,
    pub has_next_page: bool,
    /// Pass as `after` for the next page.
    pub end_cursor: Option<String>,
}

#[derive(Default)]
pub struct NeedSearchQuery;

#[Object]
impl NeedSearchQuery {
    /// Finds public needs by words (typos and Swedish, Norwegian and English word forms
    /// forgiven) and filters, with counts per filter value; newest first without words.
    #[graphql(complexity = "first.clamp(1, 100) as usize * child_complexity")]
    async fn search_needs(
        &self,
        ctx: &Context<'_>,
        #[graphql(default)] query: String,
        #[graphql(default)] filter: NeedSearchFilter,
        #[graphql(default = 20)] first: i32,
        after: Option<String>,
    ) -> AppResult<NeedSearchResult> {
        let (offset, limit) = search_page(first, after.as_deref())?;
        let cpv = cpv_filter(filter.cpv.as_deref())?;
        region_filter(ctx, filter.region.as_deref())?;
        if filter.statuses.contains(&NeedStatus::Draft) {
            return Err(AppError::bad_input(
                "filter.statuses",
                "Drafts are not searchable; find your own drafts under your organisation's needs.",
            ));
        }
        let search = NeedSearch {
            text: query,
            statuses: filter
                .statuses
                .iter()
                .map(|s| {
                    crate::domain::need::NeedStatus::from(*s)
                        .as_stored()
                        .to_owned()
                })
                .collect(),
            region: filter.region,
            cpv,
            reserved: filter.reserved,
            innovative: filter.innovative,
            offset,
            limit,
        };
        let (hits, needs) = services(ctx)?.search_needs(viewer(ctx), search).await?;
        let end = offset + hits.hits.len();
        let matches = hits
            .hits
            .into_iter()
            .filter_map(|hit| {
                needs
                    .iter()
                    .find(|n| n.id == hit.need_id)
                    .map(|n| NeedMatch {
                        need: NeedNode(n.clone()),
                        snippet: hit.snippet,
                    })
            })
            .collect();
        Ok(NeedSearchResult {
            total_count: hits.total,
            matches,
            facets: hits.facets.into(),
            has_next_page: end < hits.total,
            end_cursor: (end > offset).then(|| ids::cursor(end as i64)),
        })
    }
}
