//! Needs over real HTTP and websockets, on both databases: who sees a draft (through every
//! path), the lifecycle, versions, co-buyers and validation. Finding needs is in
//! `need_filters`, what follows announcement (interest, OCDS, language) in `need_publication`.

use crate::helpers::{Backend, Client, TestApp};
use crate::on_both_databases;
use crate::operations::{api_token, try_change_status, try_create_need, update_need};
use crate::scenario::Scenario;
use samspill::domain::cpv::CpvCode;
use serde_json::{json, Value};

/// The CPV codes these tests use, loaded from the shared reference list as an import would.
/// Real codes from the shipped list (backend/data), imported again as an administrator would (the shipped list
/// already holds them; the import keeps working on top of it).
const CODES: [&str; 9] = [
    "90910000", "90911200", "90620000", "85312320", "55300000", "55520000", "48000000", "77310000",
    "39100000",
];

pub async fn import_codes(app: &TestApp) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/cpv-2008-en.tsv");
    let text = std::fs::read_to_string(path).expect("the CPV list the repository ships");
    let rows: Vec<(CpvCode, String)> = samspill::demo::parse_cpv_tsv(&text)
        .unwrap()
        .into_iter()
        .filter(|(code, _)| CODES.contains(&code.as_str()))
        .collect();
    assert_eq!(rows.len(), CODES.len());
    app.store.import_cpv(&rows).await.unwrap();
}

/// A valid need for Göteborg; tests override what they look at.
pub(crate) fn need_input(title: &str, cpv: &str) -> Value {
    json!({
        "title": title,
        "summary": "Summary of the need.",
        "description": "Some **Markdown** <script>alert(1)</script>",
        "mainCpv": cpv,
        "place": { "country": "SE", "nutsCode": "SE232", "municipality": "Göteborg" },
        "contractNature": "SERVICES",
        "procedureType": "OPEN",
        "estimatedValue": { "min": 1000000, "max": 2000000, "currency": "SEK" },
        "dates": { "expectedTenderPublication": "2027-03-01", "contractStart": "2027-09-01", "contractDurationMonths": 24 },
    })
}

pub(crate) struct World {
    pub(crate) app: TestApp,
    /// Member of Göteborgs Stad (the buyer).
    pub(crate) anna: Client,
    /// Member of Trondheim kommune (a co-buyer in some tests).
    pub(crate) ingrid: Client,
    /// Member of a WISE.
    pub(crate) sara: Client,
    /// Signed in, member of nothing.
    pub(crate) stranger: Client,
    pub(crate) anonymous: Client,
    pub(crate) goteborg: String,
    pub(crate) trondheim: String,
    pub(crate) wise: String,
}

pub(crate) async fn world(backend: Backend) -> World {
    let s = Scenario::with_codes(backend).await;
    let (buyer, co_buyer, wise) = (s.buyer().await, s.co_buyer().await, s.wise().await);
    let stranger = s.person("stranger@x.se", "Stranger").await;
    World {
        anonymous: s.anonymous(),
        app: s.app,
        anna: buyer.client,
        ingrid: co_buyer.client,
        sara: wise.client,
        stranger,
        goteborg: buyer.org,
        trondheim: co_buyer.org,
        wise: wise.org,
    }
}

impl World {
    pub(crate) async fn create(&self, need: Value) -> Value {
        self.create_with(need, json!([])).await
    }

    pub(crate) async fn create_with(&self, need: Value, co_buyers: Value) -> Value {
        let reply = try_create_need(
            &self.anna,
            json!({ "buyerId": self.goteborg, "coBuyerIds": co_buyers, "need": need }),
        )
        .await;
        let created = reply.data("createNeed").clone();
        // Trondheim's admin agrees to be named (see `trust_co_buyers` for the refusal).
        if co_buyers
            .as_array()
            .unwrap()
            .iter()
            .any(|c| *c == json!(self.trondheim))
        {
            self.ingrid
                .gql(
                    "mutation($n: ID!, $o: ID!) { answerCoBuyerRequest(needId: $n, \
                     organisationId: $o, accept: true) }",
                    json!({ "n": created["id"], "o": self.trondheim }),
                )
                .await
                .data("answerCoBuyerRequest");
        }
        created
    }

    pub(crate) async fn status(
        &self,
        client: &Client,
        need: &Value,
        status: &str,
    ) -> crate::helpers::Reply {
        let id = need["id"].as_str().unwrap();
        try_change_status(client, id, &need["revision"], status, Some("test")).await
    }

    /// Moves the need through `path` as Anna and returns its final state.
    pub(crate) async fn walk(&self, mut need: Value, path: &[&str]) -> Value {
        for status in path {
            need = self
                .status(&self.anna, &need, status)
                .await
                .data("changeNeedStatus")
                .clone();
        }
        need
    }

    pub(crate) async fn announce(&self, need: Value) -> Value {
        self.walk(need, &["ANNOUNCED"]).await
    }

    pub(crate) async fn titles(&self, client: &Client, filter: Value) -> Vec<String> {
        let reply = client
            .gql(
                "query($f: NeedFilterInput) { needs(first: 100, filter: $f) { \
                 edges { node { title } } } }",
                json!({ "f": filter }),
            )
            .await;
        let mut titles: Vec<String> = reply
            .data("needs.edges")
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
            .collect();
        titles.sort();
        titles
    }
}

/// A draft is invisible to everyone outside the buyer side: `need`, `node`, lists, OCDS and
/// subscriptions; members of a co-buyer see it. Announcing makes it public everywhere.
async fn drafts_never_leak(backend: Backend) {
    let w = world(backend).await;
    let mut socket = subscribe_need_events(&w.app, None).await;
    let stranger_token = api_token(&w.stranger, "ws").await.token;
    let mut stranger_socket = subscribe_need_events(&w.app, Some(&stranger_token)).await;
    let draft = w
        .create_with(need_input("Secret draft", "90910000"), json!([w.trondheim]))
        .await;
    let id = draft["id"].as_str().unwrap().to_owned();
    let number = id_number(&id);
    for outsider in [&w.stranger, &w.anonymous, &w.sara] {
        assert!(outsider
            .gql(
                "query($id: ID!) { need(id: $id) { id } }",
                json!({ "id": id })
            )
            .await
            .data("need")
            .is_null());
        assert!(outsider
            .gql(
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": id })
            )
            .await
            .data("node")
            .is_null());
        assert!(w.titles(outsider, json!({})).await.is_empty());
        assert!(w
            .titles(outsider, json!({ "statuses": ["DRAFT"] }))
            .await
            .is_empty());
    }
    let ocds = reqwest::get(w.app.url(&format!("/ocds/needs/{number}")))
        .await
        .unwrap();
    assert_eq!(ocds.status(), 404);
    let package: Value = reqwest::get(w.app.url("/ocds/releases"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(package["releases"].as_array().unwrap().is_empty());
    assert_eq!(w.titles(&w.anna, json!({})).await, ["Secret draft"]);
    assert_eq!(
        w.titles(&w.ingrid, json!({})).await,
        ["Secret draft"],
        "a co-buyer's member sees the draft"
    );

    let announced = w.announce(draft).await;
    assert_eq!(announced["status"], "ANNOUNCED");
    // The anonymous subscriber saw nothing of the draft; the announcement is its first event.
    let event = next_payload(&mut socket).await;
    assert_eq!(event["data"]["needEvents"]["kind"], "ANNOUNCED", "{event}");
    assert_eq!(event["data"]["needEvents"]["need"]["title"], "Secret draft");
    let event = next_payload(&mut stranger_socket).await;
    assert_eq!(
        event["data"]["needEvents"]["kind"], "ANNOUNCED",
        "a signed-in outsider saw no draft event: {event}"
    );
    let public = w
        .stranger
        .gql(
            "query($id: ID!) { need(id: $id) { revision createdAt announcedAt } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        public.data("need.revision").is_null() && public.data("need.createdAt").is_null(),
        "draft history stays private"
    );
    assert!(!public.data("need.announcedAt").is_null());
    assert_eq!(w.titles(&w.anonymous, json!({})).await, ["Secret draft"]);
    assert_eq!(
        reqwest::get(w.app.url(&format!("/ocds/needs/{number}")))
            .await
            .unwrap()
            .status(),
        200
    );
}

pub(crate) fn id_number(id: &str) -> i64 {
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .unwrap(),
    )
    .unwrap();
    text.split_once(':').unwrap().1.parse().unwrap()
}

pub(crate) async fn subscribe_need_events(
    app: &TestApp,
    token: Option<&str>,
) -> crate::websocket_client::Socket {
    let mut socket = crate::websocket_client::open(app, token).await;
    let query =
        "subscription($after: String) { needEvents(after: $after) { kind need { title status } } }";
    crate::websocket_client::subscribe_from_now(&mut socket, &app.url("/graphql"), "n", query)
        .await;
    socket
}

pub(crate) async fn next_payload(socket: &mut crate::websocket_client::Socket) -> Value {
    let message = crate::websocket_client::receive(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    message["payload"].clone()
}

/// Every transition the table allows works and is recorded; every other one is refused with
/// the status field named; a stale revision is a conflict.
async fn lifecycle_follows_the_rules(backend: Backend) {
    let w = world(backend).await;
    const ALL: [&str; 8] = [
        "DRAFT",
        "ANNOUNCED",
        "IN_DIALOGUE",
        "TENDERING",
        "AWARDED",
        "CLOSED",
        "WITHDRAWN",
        "CANCELLED",
    ];
    let allowed = |from: &str| -> &'static [&'static str] {
        match from {
            "DRAFT" => &["ANNOUNCED"],
            "ANNOUNCED" => &["IN_DIALOGUE", "TENDERING", "WITHDRAWN"],
            "IN_DIALOGUE" => &["TENDERING", "WITHDRAWN"],
            "TENDERING" => &["AWARDED", "CANCELLED"],
            "AWARDED" => &["CLOSED"],
            _ => &[],
        }
    };
    for path in [
        &["ANNOUNCED", "IN_DIALOGUE", "TENDERING", "AWARDED", "CLOSED"][..],
        &["ANNOUNCED", "WITHDRAWN"][..],
        &["ANNOUNCED", "IN_DIALOGUE", "WITHDRAWN"][..],
        &["ANNOUNCED", "TENDERING", "CANCELLED"][..],
    ] {
        let mut need = w
            .create(need_input(&format!("Path {}", path.join(" ")), "90910000"))
            .await;
        let mut from = "DRAFT";
        for &to in path {
            for &other in ALL.iter().filter(|s| !allowed(from).contains(s)) {
                let refused = w.status(&w.anna, &need, other).await;
                assert_eq!(
                    (refused.code(), refused.field()),
                    ("BAD_USER_INPUT", "status"),
                    "{from} -> {other}"
                );
            }
            let allowed_now: Vec<String> = need["allowedTransitions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect();
            assert_eq!(allowed_now, allowed(from), "allowedTransitions from {from}");
            let stale =
                json!({ "id": need["id"], "revision": need["revision"].as_i64().unwrap() - 1 });
            assert_eq!(w.status(&w.anna, &stale, to).await.code(), "CONFLICT");
            need = w
                .status(&w.anna, &need, to)
                .await
                .data("changeNeedStatus")
                .clone();
            assert_eq!(need["status"], to);
            from = to;
        }
        for &other in &ALL {
            let refused = w.status(&w.anna, &need, other).await;
            assert_eq!(
                refused.field(),
                "status",
                "{from} is final, so -> {other} is refused"
            );
        }
        let history = w
            .anna
            .gql(
                "query($id: ID!) { need(id: $id) { statusHistory { from to note by } } }",
                json!({ "id": need["id"] }),
            )
            .await;
        let steps = history.data("need.statusHistory").as_array().unwrap();
        assert_eq!(steps.len(), path.len());
        assert_eq!(
            steps[0],
            json!({ "from": "DRAFT", "to": "ANNOUNCED", "note": "test", "by": "Anna" })
        );
        let public = w
            .anonymous
            .gql(
                "query($id: ID!) { need(id: $id) { statusHistory { by } } }",
                json!({ "id": need["id"] }),
            )
            .await;
        assert!(
            public.data("need.statusHistory")[0]["by"].is_null(),
            "who changed it is for the buyer side"
        );
    }
    // Only the buyer side moves a need.
    let need = w
        .announce(w.create(need_input("Not yours", "90910000")).await)
        .await;
    assert_eq!(
        w.status(&w.stranger, &need, "IN_DIALOGUE").await.code(),
        "FORBIDDEN"
    );
    assert_eq!(
        w.status(&w.anonymous, &need, "IN_DIALOGUE").await.code(),
        "UNAUTHENTICATED"
    );
}

/// Draft edits are not versions; announcing publishes version 1; each later edit is a new
/// version whose changed fields are listed; a stale revision is a conflict, not an overwrite.
async fn edits_after_announcement_are_versioned(backend: Backend) {
    let w = world(backend).await;
    let update = |need: &Value, input: Value| json!({ "id": need["id"], "revision": need["revision"], "need": input });
    let draft = w.create(need_input("First title", "90910000")).await;
    let edited = update_need(
        &w.anna,
        update(&draft, need_input("Second title", "90910000")),
    )
    .await
    .data("updateNeed")
    .clone();
    assert_eq!(
        (edited["version"].as_i64(), edited["revision"].as_i64()),
        (Some(0), Some(2))
    );
    let announced = w.announce(edited).await;
    assert_eq!(announced["version"], 1);
    let mut input = need_input("Third title", "90910000");
    input["summary"] = json!("A new summary");
    let v2 = update_need(&w.anna, update(&announced, input))
        .await
        .data("updateNeed")
        .clone();
    assert_eq!(v2["version"], 2);
    let mut same = need_input("Third title", "90910000");
    same["summary"] = json!("A new summary");
    let unchanged = update_need(&w.anna, update(&v2, same))
        .await
        .data("updateNeed")
        .clone();
    assert_eq!(
        (
            unchanged["version"].as_i64(),
            unchanged["revision"].as_i64()
        ),
        (Some(2), v2["revision"].as_i64()),
        "saving without changes makes no version"
    );
    let stale = update_need(
        &w.anna,
        update(&announced, need_input("Lost update", "90910000")),
    )
    .await;
    assert_eq!(stale.code(), "CONFLICT");
    let versions = w
        .anonymous
        .gql(
            "query($id: ID!) { need(id: $id) { title versions { version changedFields } } }",
            json!({ "id": v2["id"] }),
        )
        .await;
    assert_eq!(versions.str("need.title"), "Third title");
    assert_eq!(
        versions.data("need.versions"),
        &json!([{ "version": 1, "changedFields": [] }, { "version": 2, "changedFields": ["summary", "title"] }])
    );
    assert!(
        !v2["descriptionHtml"].as_str().unwrap().contains("<script>"),
        "no script survives rendering"
    );
    assert!(
        update_need(&w.stranger, update(&v2, need_input("Hijack", "90910000")))
            .await
            .code()
            == "FORBIDDEN"
    );
}

/// Changes a valid need input into an invalid one.
type Breaker = Box<dyn Fn(&mut Value)>;

/// Leaving out `coBuyerIds` on an update keeps the co-buyers; an empty list removes them.
async fn co_buyers_survive_updates(backend: Backend) {
    let w = world(backend).await;
    let need = w
        .create_with(
            need_input("Joint procurement", "90910000"),
            json!([w.trondheim]),
        )
        .await;
    let mut input = need_input("Joint procurement, edited", "90910000");
    let kept = update_need(
        &w.anna,
        json!({ "id": need["id"], "revision": need["revision"], "need": input.clone() }),
    )
    .await;
    assert_eq!(
        kept.data("updateNeed.coBuyers"),
        &json!([{ "name": "Trondheim kommune" }])
    );
    input["title"] = json!("Joint procurement, alone");
    let revision = kept.data("updateNeed.revision").clone();
    let removed = update_need(
        &w.anna,
        json!({ "id": need["id"], "revision": revision, "coBuyerIds": [], "need": input }),
    )
    .await;
    assert_eq!(removed.data("updateNeed.coBuyers"), &json!([]));
    assert!(
        w.titles(&w.ingrid, json!({})).await.is_empty(),
        "the former co-buyer no longer sees the draft"
    );
}

/// Each field's validation names the field, and a refused need is not created.
async fn validation_names_each_field(backend: Backend) {
    let w = world(backend).await;
    let cases: Vec<(&str, Breaker)> = vec![
        ("title", Box::new(|n| n["title"] = json!("x"))),
        ("mainCpv", Box::new(|n| n["mainCpv"] = json!("12345678"))),
        ("mainCpv", Box::new(|n| n["mainCpv"] = json!("9091"))),
        (
            "additionalCpvs",
            Box::new(|n| n["additionalCpvs"] = json!(["90911200", "99999999"])),
        ),
        (
            "place.nutsCode",
            Box::new(|n| n["place"]["nutsCode"] = json!("SE999")),
        ),
        (
            "place.municipality",
            Box::new(|n| n["place"]["municipality"] = json!("Uppsala")),
        ),
        (
            "estimatedValue.min",
            Box::new(|n| n["estimatedValue"]["min"] = json!(-5)),
        ),
        (
            "estimatedValue.max",
            Box::new(|n| n["estimatedValue"]["max"] = json!(10)),
        ),
        (
            "estimatedValue.max",
            Box::new(|n| n["estimatedValue"]["max"] = json!(1.5)),
        ),
        (
            "lots[1].title",
            Box::new(|n| n["lots"] = json!([{ "title": "Lot one" }, { "title": "" }])),
        ),
        (
            "lots[0].cpv",
            Box::new(|n| n["lots"] = json!([{ "title": "Lot one", "cpv": "11111111" }])),
        ),
        (
            "maxLotsPerBidder",
            Box::new(|n| n["maxLotsPerBidder"] = json!(2)),
        ),
        (
            "dates.contractStart",
            Box::new(|n| n["dates"]["contractStart"] = json!("2027-01-01")),
        ),
        (
            "dates.contractDurationMonths",
            Box::new(|n| n["dates"]["contractDurationMonths"] = json!(-1)),
        ),
        (
            "dates.contractStart",
            Box::new(|n| n["dates"]["contractStart"] = json!("+10000-01-01")),
        ),
        (
            "dates.expectedTenderPublication",
            Box::new(|n| n["dates"]["expectedTenderPublication"] = json!("1999-12-31")),
        ),
        (
            "reserved",
            Box::new(|n| n["reserved"] = json!("RES_PUB_SER")),
        ),
        (
            "employment.targetGroups",
            Box::new(|n| {
                n["employment"] =
                    json!({ "variant": "DIALOGUE_ONLY", "targetGroups": [], "followUpBy": "Unit" })
            }),
        ),
        (
            "employment.volumeFullTimeMonths",
            Box::new(
                |n| n["employment"] = json!({ "variant": "EMPLOYMENT_OR_TRAINING", "targetGroups": ["NEWLY_ARRIVED"], "followUpBy": "Unit" }),
            ),
        ),
        (
            "contact.email",
            Box::new(|n| n["contact"] = json!({ "name": "Anna", "email": "nope" })),
        ),
    ];
    for (field, break_it) in cases {
        let mut input = need_input("A valid title", "90910000");
        break_it(&mut input);
        let reply = try_create_need(&w.anna, json!({ "buyerId": w.goteborg, "need": input })).await;
        assert_eq!(
            (reply.code(), reply.field()),
            ("BAD_USER_INPUT", field),
            "{}",
            reply.body
        );
        assert!(!reply.message().is_empty());
    }
    // res-pub-ser is accepted for an Art. 77 service.
    let mut counselling = need_input("Counselling", "85312320");
    counselling["reserved"] = json!("RES_PUB_SER");
    assert_eq!(w.create(counselling).await["reservedCode"], "res-pub-ser");
    assert_eq!(
        w.titles(&w.anna, json!({})).await,
        ["Counselling"],
        "no refused need was created"
    );
    // Only members of a public buyer create needs.
    let reply = try_create_need(
        &w.sara,
        json!({ "buyerId": w.wise, "need": need_input("WISE need", "90910000") }),
    )
    .await;
    assert_eq!(reply.code(), "FORBIDDEN");
    let reply = try_create_need(
        &w.stranger,
        json!({ "buyerId": w.goteborg, "need": need_input("Stranger need", "90910000") }),
    )
    .await;
    assert_eq!(reply.code(), "FORBIDDEN");
}

on_both_databases!(
    drafts_never_leak,
    lifecycle_follows_the_rules,
    edits_after_announcement_are_versioned,
    validation_names_each_field,
    co_buyers_survive_updates,
);
