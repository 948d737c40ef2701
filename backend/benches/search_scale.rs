//! Partner search at scale on the embedded engine: index throughput, query latency for
//! selective and common queries, and the time from a write to it being searchable.
//!
//!     cargo bench --bench search_scale -- --profiles 100000,1000000 --runs 5
//!
//! Profiles are generated deterministically (a fixed seed): real CPV codes from the shared
//! list, real region codes, descriptions drawn from a Swedish and English vocabulary. The index
//! lives in a temporary directory on disk, as in production. Each query is run `--repeat`
//! times per run; p50/p95 are over those, and the figures printed are the medians over
//! `--runs` runs (the machines are shared and noisy). "Write to searchable" is one profile
//! applied (committed and the reader reloaded) until a search finds it; the follower applies
//! a write at once after its commit wakes it, so this is the engine's share of the delay.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use samspill::domain::cpv::CpvCode;
use samspill::search::{IndexChange, PartnerDoc, PartnerQuery, SearchIndex, TantivyIndex};
use std::time::{Duration, Instant};

const BATCH: usize = 20_000;
const WORDS: &[&str] = &[
    "städning",
    "lokalvård",
    "fönsterputs",
    "kontor",
    "skolor",
    "trädgård",
    "skötsel",
    "catering",
    "måltider",
    "flytt",
    "återbruk",
    "textil",
    "tvätteri",
    "cykelverkstad",
    "snöröjning",
    "fastighetsskötsel",
    "cleaning",
    "gardening",
    "recycling",
    "laundry",
    "logistics",
    "warehouse",
    "repairs",
    "carpentry",
    "painting",
    "workshop",
    "training",
    "handledning",
    "praktik",
    "arbetsträning",
    "integration",
    "nyanlända",
    "unga",
    "långtidsarbetslösa",
    "café",
    "bageri",
    "second",
    "hand",
    "reparation",
    "transport",
];
/// A word no generated profile has until the benchmark adds one: the selective query's word.
const RARE: &str = "sjöräddningsutbildning";

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    repeat: usize,
}

fn args() -> Args {
    let mut parsed = Args {
        sizes: vec![100_000],
        runs: 3,
        repeat: 50,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--profiles" => {
                parsed.sizes = it
                    .next()
                    .unwrap()
                    .split(',')
                    .map(|n| n.parse().unwrap())
                    .collect()
            }
            "--runs" => parsed.runs = it.next().unwrap().parse().unwrap(),
            "--repeat" => parsed.repeat = it.next().unwrap().parse().unwrap(),
            _ => {} // cargo bench passes `--bench`
        }
    }
    parsed
}

fn cpv_codes() -> Vec<String> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/cpv-2008-en.tsv"))
            .expect("the CPV list the repository ships");
    text.lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|c| {
            c.starts_with("90")
                || c.starts_with("55")
                || c.starts_with("77")
                || c.starts_with("85")
                || c.starts_with("79")
        })
        .map(str::to_owned)
        .collect()
}

fn regions() -> Vec<String> {
    use samspill::domain::geography::Geography;
    use samspill::domain::Country;
    let g = Geography::embedded();
    [
        Country::Se,
        Country::No,
        Country::Dk,
        Country::Fi,
        Country::Gb,
    ]
    .into_iter()
    .flat_map(|c| {
        g.regions(c, Some(3))
            .map(|r| r.code.clone())
            .collect::<Vec<_>>()
    })
    .collect()
}

fn profile(id: i64, rng: &mut StdRng, cpv: &[String], regions: &[String]) -> PartnerDoc {
    let kind = ["WISE", "SUPPLIER", "SUPPLIER", "OTHER"][rng.gen_range(0..4)];
    let mut sentence = |n: usize| {
        (0..n)
            .map(|_| WORDS[rng.gen_range(0..WORDS.len())])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let summary = sentence(12);
    let text = sentence(20);
    let verified = kind == "WISE" && rng.gen_bool(0.5);
    PartnerDoc {
        organisation_id: id,
        kind,
        name: format!("Företag {id} AB"),
        summary,
        text,
        cpv: (0..rng.gen_range(1..4))
            .map(|_| cpv[rng.gen_range(0..cpv.len())].clone())
            .collect(),
        regions: (0..rng.gen_range(1..3))
            .map(|_| regions[rng.gen_range(0..regions.len())].clone())
            .collect(),
        target_groups: vec![
            ["NEWLY_ARRIVED", "YOUNG_PEOPLE", "LONG_TERM_UNEMPLOYED"][rng.gen_range(0..3)],
        ],
        staff: Some(rng.gen_range(1..500)),
        training_places: Some(rng.gen_range(0..40)),
        verified_wise: verified,
        res_ws_eligible: verified && rng.gen_bool(0.7),
        public: rng.gen_bool(0.8),
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.partial_cmp(b).unwrap());
    values[values.len() / 2]
}

/// The queries measured: (name, query). Selective ones match few profiles; common ones many.
fn queries() -> Vec<(&'static str, PartnerQuery)> {
    let base = PartnerQuery {
        signed_in: true,
        limit: 20,
        ..PartnerQuery::default()
    };
    vec![
        (
            "selective: rare word",
            PartnerQuery {
                text: RARE.into(),
                ..base.clone()
            },
        ),
        (
            "selective: word + region + CPV + verified",
            PartnerQuery {
                text: "fönsterputs".into(),
                region: Some("SE232".into()),
                cpv: Some(CpvCode::parse("90911000").unwrap()),
                verified_wise: Some(true),
                ..base.clone()
            },
        ),
        (
            "selective: typo",
            PartnerQuery {
                text: "sjöräddningsutbildnin".into(),
                ..base.clone()
            },
        ),
        (
            "common: one word",
            PartnerQuery {
                text: "städning".into(),
                ..base.clone()
            },
        ),
        (
            "common: two words, anonymous",
            PartnerQuery {
                text: "cleaning skolor".into(),
                signed_in: false,
                ..base.clone()
            },
        ),
        (
            "common: filters only (kind WISE)",
            PartnerQuery {
                kinds: vec!["WISE".into()],
                ..base.clone()
            },
        ),
    ]
}

struct RunFigures {
    docs_per_second: f64,
    /// Per query: (p50 ms, p95 ms).
    latency: Vec<(f64, f64)>,
    searchable_ms: f64,
}

async fn run(size: usize, repeat: usize, cpv: &[String], regions: &[String]) -> RunFigures {
    let dir = std::env::temp_dir().join(format!("samspill-search-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let index = TantivyIndex::open(&dir).unwrap();
    let mut rng = StdRng::seed_from_u64(2026);
    let started = Instant::now();
    let mut id = 0i64;
    while (id as usize) < size {
        let changes: Vec<IndexChange> = (0..BATCH.min(size - id as usize))
            .map(|_| {
                id += 1;
                let mut doc = profile(id, &mut rng, cpv, regions);
                if id % 20_000 == 7 {
                    doc.text.push(' ');
                    doc.text.push_str(RARE);
                }
                IndexChange::Upsert(Box::new(doc))
            })
            .collect();
        index.apply(changes, id).await.unwrap();
    }
    let docs_per_second = size as f64 / started.elapsed().as_secs_f64();

    let mut latency = Vec::new();
    for (_, query) in queries() {
        let mut times = Vec::with_capacity(repeat);
        for _ in 0..repeat {
            let t = Instant::now();
            std::hint::black_box(index.search_partners(&query).await.unwrap());
            times.push(t.elapsed());
        }
        times.sort();
        latency.push((ms(percentile(&times, 0.5)), ms(percentile(&times, 0.95))));
    }

    let mut searchable = Vec::new();
    for n in 0..5 {
        let new_id = size as i64 + 1 + n;
        let mut doc = profile(new_id, &mut rng, cpv, regions);
        doc.text = format!("nyskrivenprofil{n}");
        let t = Instant::now();
        index
            .apply(vec![IndexChange::Upsert(Box::new(doc))], new_id)
            .await
            .unwrap();
        let query = PartnerQuery {
            text: format!("nyskrivenprofil{n}"),
            signed_in: true,
            limit: 1,
            ..PartnerQuery::default()
        };
        while index.search_partners(&query).await.unwrap().total == 0 {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        searchable.push(ms(t.elapsed()));
    }
    drop(index);
    let _ = std::fs::remove_dir_all(&dir);
    RunFigures {
        docs_per_second,
        latency,
        searchable_ms: median(searchable),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args();
    let cpv = cpv_codes();
    let regions = regions();
    for &size in &args.sizes {
        let mut runs = Vec::new();
        for _ in 0..args.runs {
            runs.push(run(size, args.repeat, &cpv, &regions).await);
        }
        println!("\n{size} profiles, median of {} runs", args.runs);
        println!(
            "  index throughput: {:.0} profiles/s",
            median(runs.iter().map(|r| r.docs_per_second).collect())
        );
        println!(
            "  write to searchable: {:.1} ms",
            median(runs.iter().map(|r| r.searchable_ms).collect())
        );
        println!("  | query | p50 ms | p95 ms |");
        for (i, (name, _)) in queries().iter().enumerate() {
            println!(
                "  | {name} | {:.2} | {:.2} |",
                median(runs.iter().map(|r| r.latency[i].0).collect()),
                median(runs.iter().map(|r| r.latency[i].1).collect())
            );
        }
    }
}
