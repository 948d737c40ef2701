//! The same behaviour tests for both search engines behind `SearchIndex`: the embedded
//! tantivy index always, Meilisearch when `SAMSPILL_MEILI_URL` (and `SAMSPILL_MEILI_KEY`) name
//! a real server. Meilisearch cannot be installed on the machines these tests usually run on;
//! without a server its test says it was skipped and why, and passes.

use samspill::domain::cpv::CpvCode;
use samspill::search::{
    IndexChange, MeiliIndex, NeedDoc, NeedSearch, PartnerDoc, PartnerQuery, SearchIndex,
    TantivyIndex,
};
use std::collections::BTreeSet;
use std::time::Duration;

fn partner(
    id: i64,
    kind: &'static str,
    name: &str,
    summary: &str,
    region: &str,
    cpv: &str,
) -> PartnerDoc {
    PartnerDoc {
        organisation_id: id,
        kind,
        name: name.into(),
        summary: summary.into(),
        text: String::new(),
        cpv: vec![cpv.into()],
        regions: vec![region.into()],
        target_groups: vec!["NEWLY_ARRIVED"],
        staff: Some(id as u32 * 10),
        training_places: Some(id as u32),
        verified_wise: kind == "WISE",
        res_ws_eligible: kind == "WISE",
        public: id != 3,
    }
}

fn documents() -> Vec<IndexChange> {
    vec![
        IndexChange::Upsert(Box::new(partner(
            1,
            "WISE",
            "Returbutiken",
            "Vi erbjuder städning av skolor.",
            "SE232",
            "90911200",
        ))),
        IndexChange::Upsert(Box::new(partner(
            2,
            "SUPPLIER",
            "Fönsterputs Väst",
            "Window cleaning for offices.",
            "SE110",
            "90911300",
        ))),
        IndexChange::Upsert(Box::new(partner(
            3,
            "SUPPLIER",
            "Hemlig AB",
            "Städningen sköts av oss.",
            "NO081",
            "90910000",
        ))),
        IndexChange::Upsert(Box::new(partner(
            4,
            "SUPPLIER",
            "Skolmat",
            "School meals and catering.",
            "SE232",
            "55520000",
        ))),
        IndexChange::UpsertNeed(Box::new(NeedDoc {
            need_id: 7,
            title: "Städning av förskolor".into(),
            summary: "Lokalvård i förskolor.".into(),
            text: String::new(),
            cpv: vec!["90911200".into()],
            regions: vec!["SE232".into()],
            status: "ANNOUNCED",
            reserved: true,
            innovative: false,
        })),
        IndexChange::UpsertNeed(Box::new(NeedDoc {
            need_id: 8,
            title: "School meals".into(),
            summary: "Lunches for twelve schools.".into(),
            text: String::new(),
            cpv: vec!["55520000".into()],
            regions: vec!["SE110".into()],
            status: "WITHDRAWN",
            reserved: false,
            innovative: true,
        })),
    ]
}

fn partners(text: &str) -> PartnerQuery {
    PartnerQuery {
        text: text.into(),
        signed_in: true,
        limit: 20,
        ..PartnerQuery::default()
    }
}

async fn ids(index: &dyn SearchIndex, query: PartnerQuery) -> BTreeSet<i64> {
    index
        .search_partners(&query)
        .await
        .unwrap()
        .hits
        .iter()
        .map(|h| h.organisation_id)
        .collect()
}

fn set(ids: &[i64]) -> BTreeSet<i64> {
    ids.iter().copied().collect()
}

/// What every engine must do, on the same documents.
async fn behaves_like_a_search_engine(index: &dyn SearchIndex) {
    index.clear().await.unwrap();
    assert_eq!(
        index.applied_through().await.unwrap(),
        None,
        "a cleared index needs a build"
    );
    index.apply(documents(), 41).await.unwrap();
    assert_eq!(index.applied_through().await.unwrap(), Some(41));

    // Word forms in both directions, typos, case and accents.
    assert_eq!(ids(index, partners("städningen")).await, set(&[1, 3]));
    assert_eq!(ids(index, partners("STÄDNING")).await, set(&[1, 3]));
    assert_eq!(ids(index, partners("cleaned")).await, set(&[2]));
    assert_eq!(ids(index, partners("clening")).await, set(&[2]));
    // Visibility: a profile for signed-in users is not shown to anonymous visitors.
    let anonymous = PartnerQuery {
        signed_in: false,
        ..partners("städning")
    };
    assert_eq!(ids(index, anonymous).await, set(&[1]));
    // Hierarchical filters and facet counts one level below the filter.
    let west = PartnerQuery {
        region: Some("SE2".into()),
        ..partners("")
    };
    let found = index.search_partners(&west).await.unwrap();
    assert_eq!(
        found
            .hits
            .iter()
            .map(|h| h.organisation_id)
            .collect::<BTreeSet<_>>(),
        set(&[1, 4])
    );
    assert_eq!(found.facets.region, vec![("SE23".to_owned(), 2)]);
    let cleaning = PartnerQuery {
        cpv: Some(CpvCode::parse("90910000").unwrap()),
        ..partners("")
    };
    assert_eq!(ids(index, cleaning).await, set(&[1, 2, 3]));
    let wise = PartnerQuery {
        kinds: vec!["WISE".into()],
        min_staff: Some(5),
        max_staff: Some(15),
        ..partners("")
    };
    assert_eq!(ids(index, wise).await, set(&[1]));
    let all = index.search_partners(&partners("")).await.unwrap();
    assert_eq!(all.total, 4);
    assert_eq!(
        all.facets.kind,
        vec![("SUPPLIER".to_owned(), 3), ("WISE".to_owned(), 1)]
    );
    assert_eq!(all.facets.res_ws_eligible, 1);
    assert_eq!(
        all.hits
            .iter()
            .map(|h| h.organisation_id)
            .collect::<Vec<_>>(),
        [1, 2, 3, 4],
        "without words, by id"
    );
    // Snippets are escaped HTML with the matches marked.
    let marked = index.search_partners(&partners("städning")).await.unwrap();
    assert!(
        marked
            .hits
            .iter()
            .any(|h| h.snippet.contains("<mark>städning</mark>")),
        "{marked:?}"
    );
    // Odd input is safe or refused clearly.
    for odd in ["\"; DROP TABLE x; --", "kind = WISE OR 1", "((", "🧹", "*"] {
        index.search_partners(&partners(odd)).await.unwrap();
    }
    assert!(index
        .search_partners(&partners(&"a ".repeat(400)))
        .await
        .is_err());
    let backwards = PartnerQuery {
        min_staff: Some(50),
        max_staff: Some(10),
        ..partners("")
    };
    assert!(index.search_partners(&backwards).await.is_err());

    // Needs: words, filters and counts, newest (highest id) first without words.
    let needs = |text: &str| NeedSearch {
        text: text.into(),
        limit: 10,
        ..NeedSearch::default()
    };
    let all_needs = index.search_needs(&needs("")).await.unwrap();
    assert_eq!(
        all_needs.hits.iter().map(|h| h.need_id).collect::<Vec<_>>(),
        [8, 7]
    );
    assert_eq!(all_needs.facets.reserved, 1);
    let found = index.search_needs(&needs("förskolorna")).await.unwrap();
    assert_eq!(
        found.hits.iter().map(|h| h.need_id).collect::<Vec<_>>(),
        [7]
    );
    let withdrawn = NeedSearch {
        statuses: vec!["WITHDRAWN".into()],
        ..needs("")
    };
    assert_eq!(
        index.search_needs(&withdrawn).await.unwrap().hits[0].need_id,
        8
    );

    // Removing and replacing are by id, and applying twice changes nothing.
    index
        .apply(vec![IndexChange::Remove(3), IndexChange::RemoveNeed(8)], 42)
        .await
        .unwrap();
    index
        .apply(vec![IndexChange::Remove(3), IndexChange::RemoveNeed(8)], 42)
        .await
        .unwrap();
    assert_eq!(ids(index, partners("städning")).await, set(&[1]));
    assert_eq!(index.search_needs(&needs("")).await.unwrap().total, 1);
    assert_eq!(index.applied_through().await.unwrap(), Some(42));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_embedded_engine_behaves() {
    behaves_like_a_search_engine(&TantivyIndex::in_memory().unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meilisearch_behaves_the_same() {
    let Ok(url) = std::env::var("SAMSPILL_MEILI_URL") else {
        eprintln!(
            "SKIPPED meilisearch_behaves_the_same: SAMSPILL_MEILI_URL is not set. Meilisearch \
             cannot be installed on this machine; set SAMSPILL_MEILI_URL (and SAMSPILL_MEILI_KEY) \
             to a real server to run this test."
        );
        return;
    };
    let key = std::env::var("SAMSPILL_MEILI_KEY").ok();
    let prefix = format!("samspill_test_{}_{}", std::process::id(), rand_suffix());
    let index = MeiliIndex::connect(&url, key.as_deref(), &prefix)
        .await
        .unwrap();
    behaves_like_a_search_engine(&index).await;
    index.delete_indexes().await.unwrap();
}

fn rand_suffix() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO)
        .subsec_nanos()
        .into()
}
