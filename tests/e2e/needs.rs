//! Needs over real HTTP and websockets, on both databases: who sees a draft (through every
//! path), the lifecycle, versions, validation, filters, saved-search alerts, interest and OCDS.

use crate::helpers::{Backend, Client, TestApp, GOTEBORG, TRONDHEIM};
use crate::on_both_databases;
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
fn need_input(title: &str, cpv: &str) -> Value {
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

const NEED_FIELDS: &str = "id status revision version title reservedCode hasReservedPart descriptionHtml viewerCanEdit allowedTransitions";

struct World {
    app: TestApp,
    /// Member of Göteborgs Stad (the buyer).
    anna: Client,
    /// Member of Trondheim kommune (a co-buyer in some tests).
    ingrid: Client,
    /// Member of a WISE.
    sara: Client,
    /// Signed in, member of nothing.
    stranger: Client,
    anonymous: Client,
    goteborg: String,
    trondheim: String,
    wise: String,
}

async fn world(backend: Backend) -> World {
    let app = TestApp::spawn(backend).await;
    import_codes(&app).await;
    let (anna, ingrid, sara, stranger) =
        (app.browser(), app.browser(), app.browser(), app.browser());
    anna.register("anna@goteborg.se", "Anna").await;
    ingrid.register("ingrid@trondheim.no", "Ingrid").await;
    sara.register("sara@wise.se", "Sara").await;
    stranger.register("stranger@x.se", "Stranger").await;
    let goteborg = anna
        .create_org("MUNICIPALITY", "Göteborgs Stad", "SE", GOTEBORG)
        .await
        .str("createOrganisation.id");
    let trondheim = ingrid
        .create_org("MUNICIPALITY", "Trondheim kommune", "NO", TRONDHEIM)
        .await
        .str("createOrganisation.id");
    let wise = sara
        .create_org("WISE", "Returbutiken", "SE", "769600-1234")
        .await
        .str("createOrganisation.id");
    let anonymous = app.browser();
    World {
        app,
        anna,
        ingrid,
        sara,
        stranger,
        anonymous,
        goteborg,
        trondheim,
        wise,
    }
}

impl World {
    async fn create(&self, need: Value) -> Value {
        self.create_with(need, json!([])).await
    }

    async fn create_with(&self, need: Value, co_buyers: Value) -> Value {
        let query = format!(
            "mutation($i: CreateNeedInput!) {{ createNeed(input: $i) {{ {NEED_FIELDS} }} }}"
        );
        let reply = self
            .anna
            .gql(
                &query,
                json!({ "i": { "buyerId": self.goteborg, "coBuyerIds": co_buyers, "need": need } }),
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
                    "mutation($n: ID!, $o: ID!) { answerCoBuyerRequest(needId: $n, organisationId: $o, accept: true) }",
                    json!({ "n": created["id"], "o": self.trondheim }),
                )
                .await
                .data("answerCoBuyerRequest");
        }
        created
    }

    async fn status(&self, client: &Client, need: &Value, status: &str) -> crate::helpers::Reply {
        let query = format!("mutation($i: ChangeNeedStatusInput!) {{ changeNeedStatus(input: $i) {{ {NEED_FIELDS} }} }}");
        client.gql(&query, json!({ "i": { "id": need["id"], "revision": need["revision"], "status": status, "note": "test" } })).await
    }

    /// Moves the need through `path` as Anna and returns its final state.
    async fn walk(&self, mut need: Value, path: &[&str]) -> Value {
        for status in path {
            need = self
                .status(&self.anna, &need, status)
                .await
                .data("changeNeedStatus")
                .clone();
        }
        need
    }

    async fn announce(&self, need: Value) -> Value {
        self.walk(need, &["ANNOUNCED"]).await
    }

    async fn titles(&self, client: &Client, filter: Value) -> Vec<String> {
        let reply = client.gql("query($f: NeedFilterInput) { needs(first: 100, filter: $f) { edges { node { title } } } }", json!({ "f": filter })).await;
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
    let stranger_token = w
        .stranger
        .gql(
            "mutation { createApiToken(input: {name: \"ws\"}) { token } }",
            json!({}),
        )
        .await
        .str("createApiToken.token");
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

fn id_number(id: &str) -> i64 {
    use base64::Engine;
    let text = String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .unwrap(),
    )
    .unwrap();
    text.split_once(':').unwrap().1.parse().unwrap()
}

async fn subscribe_need_events(
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

async fn next_payload(socket: &mut crate::websocket_client::Socket) -> Value {
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
    let update = |need: &Value, input: Value| json!({ "i": { "id": need["id"], "revision": need["revision"], "need": input } });
    let query =
        format!("mutation($i: UpdateNeedInput!) {{ updateNeed(input: $i) {{ {NEED_FIELDS} }} }}");
    let draft = w.create(need_input("First title", "90910000")).await;
    let edited = w
        .anna
        .gql(
            &query,
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
    let v2 = w
        .anna
        .gql(&query, update(&announced, input))
        .await
        .data("updateNeed")
        .clone();
    assert_eq!(v2["version"], 2);
    let mut same = need_input("Third title", "90910000");
    same["summary"] = json!("A new summary");
    let unchanged = w
        .anna
        .gql(&query, update(&v2, same))
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
    let stale = w
        .anna
        .gql(
            &query,
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
        w.stranger
            .gql(&query, update(&v2, need_input("Hijack", "90910000")))
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
    let query =
        "mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { revision coBuyers { name } } }";
    let mut input = need_input("Joint procurement, edited", "90910000");
    let kept = w.anna.gql(query, json!({ "i": { "id": need["id"], "revision": need["revision"], "need": input.clone() } })).await;
    assert_eq!(
        kept.data("updateNeed.coBuyers"),
        &json!([{ "name": "Trondheim kommune" }])
    );
    input["title"] = json!("Joint procurement, alone");
    let revision = kept.data("updateNeed.revision").clone();
    let removed = w.anna.gql(query, json!({ "i": { "id": need["id"], "revision": revision, "coBuyerIds": [], "need": input } })).await;
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
        let reply = w
            .anna
            .gql(
                "mutation($i: CreateNeedInput!) { createNeed(input: $i) { id } }",
                json!({ "i": { "buyerId": w.goteborg, "need": input } }),
            )
            .await;
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
    let reply = w
        .sara
        .gql(
            "mutation($i: CreateNeedInput!) { createNeed(input: $i) { id } }",
            json!({ "i": { "buyerId": w.wise, "need": need_input("WISE need", "90910000") } }),
        )
        .await;
    assert_eq!(reply.code(), "FORBIDDEN");
    let reply = w.stranger.gql("mutation($i: CreateNeedInput!) { createNeed(input: $i) { id } }", json!({ "i": { "buyerId": w.goteborg, "need": need_input("Stranger need", "90910000") } })).await;
    assert_eq!(reply.code(), "FORBIDDEN");
}

/// Each filter finds exactly the needs it should; orders and pages follow the order.
async fn filters_order_and_pages(backend: Backend) {
    let w = world(backend).await;
    let mut cleaning = need_input("Cleaning schools", "90910000");
    cleaning["lots"] = json!([{ "title": "Reserved lot", "reserved": true, "quantity": { "amount": 20, "unit": "places" } }]);
    cleaning["flags"] = json!({ "socialObjective": true, "green": true });
    cleaning["estimatedValue"] = json!({ "max": 9000000, "currency": "SEK" });
    cleaning["dates"] = json!({ "expectedTenderPublication": "2027-05-01" });
    let mut snow = need_input("Snow clearing", "90620000");
    snow["place"] = json!({ "country": "NO", "nutsCode": "NO060", "municipality": "Trondheim" });
    snow["estimatedValue"] = json!({ "max": 3000000, "currency": "NOK" });
    snow["dates"] = json!({ "expectedTenderPublication": "2027-02-01" });
    let mut software = need_input("Welfare technology", "48000000");
    software["flags"] = json!({ "innovative": true });
    software["estimatedValue"] = Value::Null;
    software["dates"] = json!({});
    let mut counselling = need_input("Youth counselling", "85312320");
    counselling["reserved"] = json!("RES_WS");
    counselling["place"] = json!({ "country": "SE", "nutsCode": "SE110" });
    counselling["estimatedValue"] = json!({ "max": 5000000, "currency": "SEK" });
    counselling["dates"] = json!({ "expectedTenderPublication": "2027-04-01" });
    for need in [cleaning, snow, software, counselling.clone()] {
        w.announce(w.create(need).await).await;
    }
    let tendering = w
        .announce(
            w.create(counselling_like("Park maintenance", "77310000"))
                .await,
        )
        .await;
    w.walk(tendering, &["TENDERING"]).await;
    w.create(need_input("Still a draft", "90910000")).await;

    let all = [
        "Cleaning schools",
        "Park maintenance",
        "Snow clearing",
        "Welfare technology",
        "Youth counselling",
    ];
    let t = |f: Value| w.titles(&w.anonymous, f);
    assert_eq!(t(json!({})).await, all);
    assert_eq!(
        t(json!({ "cpv": ["90000000"] })).await,
        ["Cleaning schools", "Snow clearing"],
        "a division finds descendants"
    );
    assert_eq!(
        t(json!({ "cpv": ["85312320-8"] })).await,
        ["Youth counselling"],
        "the check digit is accepted"
    );
    assert_eq!(
        t(json!({ "cpv": ["85000000", "48000000"] })).await,
        ["Welfare technology", "Youth counselling"]
    );
    assert_eq!(
        t(json!({ "statuses": ["TENDERING"] })).await,
        ["Park maintenance"]
    );
    assert_eq!(t(json!({ "country": "NO" })).await, ["Snow clearing"]);
    assert_eq!(t(json!({ "region": "SE11" })).await, ["Youth counselling"]);
    assert_eq!(
        t(json!({ "region": "SE" })).await.len(),
        4,
        "a level-0 region is the country"
    );
    assert_eq!(t(json!({ "buyerIds": [w.goteborg] })).await.len(), 5);
    assert!(t(json!({ "buyerIds": [w.trondheim] })).await.is_empty());
    assert_eq!(
        t(json!({ "reserved": true })).await,
        ["Cleaning schools", "Youth counselling"],
        "need or lot reserved"
    );
    assert_eq!(
        t(json!({ "innovative": true })).await,
        ["Welfare technology"]
    );
    assert_eq!(
        t(json!({ "green": true, "socialObjective": true })).await,
        ["Cleaning schools"]
    );
    assert_eq!(
        t(json!({ "expectedTenderFrom": "2027-03-01", "expectedTenderTo": "2027-04-30" })).await,
        ["Park maintenance", "Youth counselling"]
    );
    assert_eq!(
        t(json!({ "expectedTenderFrom": "2027-04-01", "expectedTenderTo": "2027-04-01" })).await,
        ["Youth counselling"],
        "bounds are inclusive"
    );
    assert_eq!(t(json!({ "text": "CLEANING" })).await, ["Cleaning schools"]);
    assert_eq!(
        t(json!({ "text": "reserved lot" })).await,
        ["Cleaning schools"],
        "lot titles are searched"
    );
    assert!(
        t(json!({ "text": "100%_off" })).await.is_empty(),
        "LIKE wildcards match themselves"
    );
    assert_eq!(
        t(json!({ "announcedFrom": "2000-01-01T00:00:00Z" }))
            .await
            .len(),
        5
    );
    assert!(t(json!({ "announcedTo": "2000-01-01T00:00:00Z" }))
        .await
        .is_empty());
    for (filter, field) in [
        (json!({ "cpv": ["nonsense"] }), "cpv"),
        (json!({ "region": "XX999" }), "region"),
        (json!({ "buyerIds": ["bm9wZQ"] }), "buyerIds"),
        (json!({ "text": "x".repeat(201) }), "text"),
        (json!({ "text": "nul\u{0}byte" }), "text"),
        (
            json!({ "expectedTenderTo": "2999-01-01" }),
            "expectedTenderTo",
        ),
    ] {
        let reply = w
            .anonymous
            .gql(
                "query($f: NeedFilterInput) { needs(first: 5, filter: $f) { edges { cursor } } }",
                json!({ "f": filter }),
            )
            .await;
        assert_eq!(reply.field(), field);
    }

    let ordered = |order: &'static str| ordered_titles(&w.anonymous, order);
    assert_eq!(
        ordered("EXPECTED_TENDER").await,
        [
            "Snow clearing",
            "Park maintenance",
            "Youth counselling",
            "Cleaning schools",
            "Welfare technology"
        ]
    );
    assert_eq!(
        ordered("VALUE").await,
        [
            "Cleaning schools",
            "Youth counselling",
            "Snow clearing",
            "Park maintenance",
            "Welfare technology"
        ]
    );
    let newest = ordered("NEWEST").await;
    assert_eq!(newest[0], "Park maintenance");

    for order in ["NEWEST", "EXPECTED_TENDER", "VALUE"] {
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let reply = w
                .anonymous
                .gql(
                    "query($o: NeedOrder, $a: String) { needs(first: 2, orderBy: $o, after: $a) { pageInfo { hasNextPage endCursor } edges { node { title } } } }",
                    json!({ "o": order, "a": after }),
                )
                .await;
            seen.extend(
                reply
                    .data("needs.edges")
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["title"].as_str().unwrap().to_owned()),
            );
            if reply.data("needs.pageInfo.hasNextPage") != true {
                break;
            }
            after = Some(reply.str("needs.pageInfo.endCursor"));
        }
        assert_eq!(
            seen,
            ordered(order).await,
            "paging through {order} gives the same order, each need once"
        );
    }
}

async fn ordered_titles(client: &Client, order: &str) -> Vec<String> {
    let reply = client
        .gql(
            "query($o: NeedOrder) { needs(first: 10, orderBy: $o) { edges { node { title } } } }",
            json!({ "o": order }),
        )
        .await;
    reply
        .data("needs.edges")
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["title"].as_str().unwrap().to_owned())
        .collect()
}

fn counselling_like(title: &str, cpv: &str) -> Value {
    let mut need = need_input(title, cpv);
    need["estimatedValue"] = json!({ "max": 2500000, "currency": "SEK" });
    need["dates"] = json!({ "expectedTenderPublication": "2027-03-15" });
    need
}

/// A saved search alerts its owner once per matching change: on announcement and on each
/// later edit, never for needs that do not match; live over the websocket as well.
async fn saved_search_alerts_fire_once(backend: Backend) {
    let w = world(backend).await;
    let saved = w
        .sara
        .gql(
            "mutation($i: SaveSearchInput!) { saveSearch(input: $i) { id name } }",
            json!({ "i": { "name": "Cleaning in Västsverige", "filter": { "cpv": ["90900000"], "region": "SE2" } } }),
        )
        .await;
    assert_eq!(saved.str("saveSearch.name"), "Cleaning in Västsverige");
    let token = w
        .sara
        .gql(
            "mutation { createApiToken(input: {name: \"ws\"}) { token } }",
            json!({}),
        )
        .await
        .str("createApiToken.token");
    let mut socket = crate::websocket_client::open(&w.app, Some(&token)).await;
    let query = "subscription($after: String) { notifications(after: $after) { cursor notification { kind message need { title } } } }";
    crate::websocket_client::subscribe_from_now(
        &mut socket,
        &w.app.url("/graphql"),
        "alerts",
        query,
    )
    .await;

    let unread = || {
        w.sara.gql("{ me { unreadNotificationCount notifications(first: 10) { edges { node { id kind message } } } } }", json!({}))
    };
    let draft = w.create(need_input("Office cleaning", "90910000")).await;
    assert_eq!(
        unread().await.data("me.unreadNotificationCount"),
        0,
        "drafts alert nobody"
    );
    let other = w.create(need_input("Snow clearing", "90620000")).await;
    w.announce(other).await;
    assert_eq!(
        unread().await.data("me.unreadNotificationCount"),
        0,
        "a need that does not match"
    );

    let announced = w.announce(draft).await;
    let live = next_payload(&mut socket).await;
    assert_eq!(
        live["data"]["notifications"]["notification"]["kind"],
        "SAVED_SEARCH_MATCH"
    );
    assert_eq!(
        live["data"]["notifications"]["notification"]["need"]["title"],
        "Office cleaning"
    );
    assert_eq!(unread().await.data("me.unreadNotificationCount"), 1);

    let update = "mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { revision } }";
    let mut edited = need_input("Office cleaning, extended", "90910000");
    edited["summary"] = json!("More buildings.");
    w.anna.gql(update, json!({ "i": { "id": announced["id"], "revision": announced["revision"], "need": edited } })).await.data("updateNeed");
    let after_edit = unread().await;
    assert_eq!(
        after_edit.data("me.unreadNotificationCount"),
        2,
        "one more for the edit, not more"
    );
    let newest = after_edit.data("me.notifications.edges")[0]["node"].clone();
    assert!(newest["message"]
        .as_str()
        .unwrap()
        .contains("Cleaning in Västsverige"));
    assert_eq!(
        next_payload(&mut socket).await["data"]["notifications"]["notification"]["need"]["title"],
        "Office cleaning, extended"
    );

    let marked = w
        .sara
        .gql(
            "mutation($id: ID!) { markNotificationsRead(upTo: $id) }",
            json!({ "id": newest["id"] }),
        )
        .await;
    assert_eq!(marked.data("markNotificationsRead"), 2);
    assert_eq!(unread().await.data("me.unreadNotificationCount"), 0);
    let others = w
        .stranger
        .gql("{ me { unreadNotificationCount } }", json!({}))
        .await;
    assert_eq!(
        others.data("me.unreadNotificationCount"),
        0,
        "alerts reach only the search's owner"
    );
    let searches = w
        .sara
        .gql("{ me { savedSearches { id filter } } }", json!({}))
        .await;
    let search_id = searches.data("me.savedSearches")[0]["id"].clone();
    assert_eq!(
        searches.data("me.savedSearches")[0]["filter"]["region"],
        "SE2"
    );
    assert_eq!(
        w.stranger
            .gql(
                "mutation($id: ID!) { deleteSavedSearch(id: $id) }",
                json!({ "id": search_id })
            )
            .await
            .code(),
        "NOT_FOUND"
    );
    assert_eq!(
        w.sara
            .gql(
                "mutation($id: ID!) { deleteSavedSearch(id: $id) }",
                json!({ "id": search_id })
            )
            .await
            .data("deleteSavedSearch"),
        true
    );
}

/// A WISE marks interest (in a lot); the buyer sees it, nobody else does; the WISE's members
/// hear of every later update.
async fn interest_is_seen_by_the_buyer(backend: Backend) {
    let w = world(backend).await;
    let mut input = need_input("Cleaning with lots", "90910000");
    input["lots"] = json!([{ "title": "North" }, { "title": "Reserved", "reserved": true }]);
    let need = w.announce(w.create(input.clone()).await).await;
    let mark = "mutation($i: MarkInterestInput!) { markInterest(input: $i) { lotNumbers organisation { name } } }";
    let marked = w
        .sara
        .gql(
            mark,
            json!({ "i": { "needId": need["id"], "organisationId": w.wise, "lotNumbers": [2] } }),
        )
        .await;
    assert_eq!(
        marked.data("markInterest"),
        &json!({ "lotNumbers": [2], "organisation": { "name": "Returbutiken" } })
    );
    let bad_lot = w
        .sara
        .gql(
            mark,
            json!({ "i": { "needId": need["id"], "organisationId": w.wise, "lotNumbers": [3] } }),
        )
        .await;
    assert_eq!(bad_lot.field(), "lotNumbers");
    let not_member = w
        .stranger
        .gql(
            mark,
            json!({ "i": { "needId": need["id"], "organisationId": w.wise } }),
        )
        .await;
    assert_eq!(not_member.code(), "FORBIDDEN");
    let buyer_org = w
        .anna
        .gql(
            mark,
            json!({ "i": { "needId": need["id"], "organisationId": w.goteborg } }),
        )
        .await;
    assert_eq!(buyer_org.code(), "FORBIDDEN", "buyers do not mark interest");

    let interested = "query($id: ID!) { need(id: $id) { interestedOrganisations { organisation { name } lotNumbers } viewerInterests { lotNumbers } } }";
    let seen = w.anna.gql(interested, json!({ "id": need["id"] })).await;
    assert_eq!(
        seen.data("need.interestedOrganisations"),
        &json!([{ "organisation": { "name": "Returbutiken" }, "lotNumbers": [2] }])
    );
    assert_eq!(
        w.stranger
            .gql(interested, json!({ "id": need["id"] }))
            .await
            .code(),
        "FORBIDDEN"
    );
    let own = w
        .sara
        .gql(
            "query($id: ID!) { need(id: $id) { viewerInterests { lotNumbers } } }",
            json!({ "id": need["id"] }),
        )
        .await;
    assert_eq!(
        own.data("need.viewerInterests"),
        &json!([{ "lotNumbers": [2] }])
    );

    input["summary"] = json!("Changed after interest.");
    w.anna
        .gql(
            "mutation($i: UpdateNeedInput!) { updateNeed(input: $i) { id } }",
            json!({ "i": { "id": need["id"], "revision": need["revision"], "need": input } }),
        )
        .await
        .data("updateNeed");
    let notified = w
        .sara
        .gql(
            "{ me { notifications(first: 5) { edges { node { kind need { title } } } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        notified.data("me.notifications.edges")[0]["node"]["kind"],
        "NEED_CHANGED"
    );
    let anna_notes = w
        .anna
        .gql("{ me { unreadNotificationCount } }", json!({}))
        .await;
    assert_eq!(
        anna_notes.data("me.unreadNotificationCount"),
        0,
        "the editor is not notified of their own change"
    );
    let withdraw =
        "mutation($n: ID!, $o: ID!) { withdrawInterest(needId: $n, organisationId: $o) }";
    assert_eq!(
        w.sara
            .gql(withdraw, json!({ "n": need["id"], "o": w.wise }))
            .await
            .data("withdrawInterest"),
        true
    );
    assert_eq!(
        w.sara
            .gql(withdraw, json!({ "n": need["id"], "o": w.wise }))
            .await
            .code(),
        "NOT_FOUND"
    );
}

/// The release package of public needs validates against the OCDS 1.1 schemas, offline.
async fn ocds_validates(backend: Backend) {
    let w = world(backend).await;
    let mut rich = need_input("Cleaning of schools", "90910000");
    rich["additionalCpvs"] = json!(["90911200"]);
    rich["rationale"] = json!("The contract ends.");
    rich["reserved"] = json!("RES_WS");
    rich["lots"] = json!([
        { "title": "North", "cpv": "90911200", "estimatedValue": { "max": 500000, "currency": "SEK" } },
        { "title": "Training team", "reserved": true, "quantity": { "amount": 20, "unit": "work-training places" } },
    ]);
    rich["maxLotsPerBidder"] = json!(1);
    rich["dates"] = json!({
        "dialogueOpens": "2027-01-10", "dialogueCloses": "2027-02-10", "questionsDeadline": "2027-02-01T12:00:00Z",
        "expectedTenderPublication": "2027-03-01", "contractStart": "2027-09-01", "contractDurationMonths": 36
    });
    rich["engagement"] = json!([{ "kind": "SUPPLIER_DAY", "startsAt": "2027-01-20T09:00:00Z", "place": "City hall", "description": "Presentation" }]);
    let need = w.create_with(rich, json!([w.trondheim])).await;
    w.walk(need, &["ANNOUNCED", "IN_DIALOGUE"]).await;
    w.walk(
        w.create(need_input("Snow", "90620000")).await,
        &["ANNOUNCED", "TENDERING", "CANCELLED"],
    )
    .await;
    let package = reqwest::get(w.app.url("/ocds/releases"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let parsed: Value = serde_json::from_str(&package).unwrap();
    assert_eq!(parsed["releases"].as_array().unwrap().len(), 2);
    let release = &parsed["releases"][1];
    assert_eq!(release["tender"]["lots"].as_array().unwrap().len(), 2);
    assert_eq!(
        release["parties"].as_array().unwrap().len(),
        2,
        "buyer and co-buyer"
    );
    assert_eq!(
        release["tender"]["otherRequirements"]["reservedParticipation"],
        json!(["shelteredWorkshop"])
    );
    assert!(release["tender"]["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .all(|m| m["type"] == "engagement"));
    crate::ocds::assert_valid_package(&package);
    let field = w
        .anonymous
        .gql(
            "{ needs(first: 1) { edges { node { ocdsRelease } } } }",
            json!({}),
        )
        .await;
    assert!(field.data("needs.edges")[0]["node"]["ocdsRelease"]["ocid"]
        .as_str()
        .unwrap()
        .starts_with("ocds-"));
}

/// The store's SQL filter and the in-memory matcher used for alerts decide alike.
async fn sql_filter_agrees_with_matcher(backend: Backend) {
    use samspill::domain::need::NeedFilter;
    use samspill::store::{NeedOrder, NeedQuery};
    let w = world(backend).await;
    let mut variants = Vec::new();
    for (i, (cpv, nuts, flags)) in [
        ("90910000", "SE232", json!({ "green": true })),
        ("90620000", "SE110", json!({ "innovative": true })),
        ("85312320", "SE232", json!({ "socialObjective": true })),
        ("48000000", "SE121", json!({ "smeSuitable": true })),
    ]
    .into_iter()
    .enumerate()
    {
        let mut need = need_input(&format!("Need number {i} cleaning"), cpv);
        // The first need is placed by municipality only; its region comes from the municipality.
        need["place"] = if i == 0 {
            json!({ "country": "SE", "municipality": "Göteborg" })
        } else {
            json!({ "country": "SE", "nutsCode": nuts })
        };
        need["flags"] = flags;
        if i == 3 {
            need["lots"] = json!([{ "title": "100% reserved_lot", "reserved": true }]);
            need["dates"] = json!({ "expectedTenderPublication": "2027-06-01" });
        }
        let created = w.create(need).await;
        variants.push(if i % 2 == 0 {
            w.announce(created).await
        } else {
            created
        });
    }
    let filters: Vec<NeedFilter> = [
        json!({}),
        json!({ "cpv": ["90000000"] }),
        json!({ "region": "SE23" }),
        json!({ "green": false }),
        json!({ "statuses": ["DRAFT"] }),
        json!({ "text": "number 2" }),
        json!({ "cpv": ["85000000"], "socialObjective": true }),
        json!({ "innovative": true, "region": "SE1" }),
        json!({ "region": "SE232" }),
        json!({ "reserved": true }),
        json!({ "reserved": false, "smeSuitable": false }),
        json!({ "country": "SE" }),
        json!({ "country": "NO" }),
        json!({ "text": "100%" }),
        json!({ "text": "%" }),
        json!({ "text": "reserved_lot" }),
        json!({ "text": "reserved lot" }),
        json!({ "expectedTenderFrom": "2027-04-01" }),
        json!({ "expectedTenderTo": "2027-04-01" }),
        json!({ "announcedFrom": "2000-01-01T00:00:00Z" }),
        json!({ "announcedTo": "2000-01-01T00:00:00Z" }),
        json!({ "buyers": [1] }),
        json!({ "buyers": [99] }),
    ]
    .into_iter()
    .map(|f| serde_json::from_value(f).unwrap())
    .collect();
    let everything = w
        .app
        .store
        .needs(&NeedQuery {
            filter: NeedFilter::default(),
            drafts_of: vec![id_number(&w.goteborg)],
            order: NeedOrder::Newest,
            after: None,
            first: 100,
        })
        .await
        .unwrap();
    assert_eq!(everything.len(), 4);
    for filter in filters {
        let query = NeedQuery {
            filter: filter.clone(),
            drafts_of: vec![id_number(&w.goteborg)],
            order: NeedOrder::Newest,
            after: None,
            first: 100,
        };
        let mut by_sql: Vec<i64> = w
            .app
            .store
            .needs(&query)
            .await
            .unwrap()
            .iter()
            .map(|n| n.id)
            .collect();
        let mut by_matcher: Vec<i64> = everything
            .iter()
            .filter(|n| filter.matches(&n.facts()))
            .map(|n| n.id)
            .collect();
        by_sql.sort_unstable();
        by_matcher.sort_unstable();
        assert_eq!(by_sql, by_matcher, "{filter:?}");
    }
}

/// A need records its language: by default the buyer's (Swedish for Göteborg, bokmål for
/// Trondheim), or the one given; an update that leaves it out keeps it; an unknown tag is
/// refused on its field; the OCDS release carries it.
async fn language_defaults_from_the_buyer(backend: Backend) {
    let w = world(backend).await;
    let fields = "id revision language";
    let create = |buyer: &str, need: Value| json!({ "i": { "buyerId": buyer, "need": need } });
    let create_query =
        format!("mutation($i: CreateNeedInput!) {{ createNeed(input: $i) {{ {fields} }} }}");
    let swedish = w
        .anna
        .gql(
            &create_query,
            create(&w.goteborg, need_input("Städning", "90910000")),
        )
        .await;
    assert_eq!(swedish.str("createNeed.language"), "sv");

    let mut norwegian = need_input("Snørydding", "90620000");
    norwegian["place"] =
        json!({ "country": "NO", "nutsCode": "NO060", "municipality": "Trondheim" });
    norwegian["estimatedValue"] = json!({ "max": 9000000, "currency": "NOK" });
    let bokmal = w
        .ingrid
        .gql(&create_query, create(&w.trondheim, norwegian.clone()))
        .await;
    assert_eq!(bokmal.str("createNeed.language"), "nb");

    norwegian["language"] = json!("nn");
    let nynorsk = w
        .ingrid
        .gql(&create_query, create(&w.trondheim, norwegian.clone()))
        .await
        .data("createNeed")
        .clone();
    assert_eq!(nynorsk["language"], "nn");

    let update_query =
        format!("mutation($i: UpdateNeedInput!) {{ updateNeed(input: $i) {{ {fields} }} }}");
    let mut unchanged = norwegian.clone();
    unchanged.as_object_mut().unwrap().remove("language");
    unchanged["summary"] = json!("Vintervedlikehald av fortau.");
    let kept = w
        .ingrid
        .gql(
            &update_query,
            json!({ "i": { "id": nynorsk["id"], "revision": nynorsk["revision"], "need": unchanged } }),
        )
        .await
        .data("updateNeed")
        .clone();
    assert_eq!(kept["language"], "nn", "left out, the language stays");

    let mut english = norwegian.clone();
    english["language"] = json!(" EN ");
    let changed = w
        .ingrid
        .gql(
            &update_query,
            json!({ "i": { "id": kept["id"], "revision": kept["revision"], "need": english } }),
        )
        .await;
    assert_eq!(changed.str("updateNeed.language"), "en");

    let mut german = need_input("Reinigung", "90910000");
    german["language"] = json!("de");
    let refused = w.anna.gql(&create_query, create(&w.goteborg, german)).await;
    assert_eq!(refused.code(), "BAD_USER_INPUT");
    assert_eq!(refused.field(), "language");

    let announced = w
        .walk(swedish.data("createNeed").clone(), &["ANNOUNCED"])
        .await;
    let release = w
        .anonymous
        .gql(
            "query($id: ID!) { need(id: $id) { ocdsRelease } }",
            json!({ "id": announced["id"] }),
        )
        .await;
    let release = release.data("need.ocdsRelease");
    assert_eq!(release["language"], "sv", "{release}");
}

on_both_databases!(
    language_defaults_from_the_buyer,
    drafts_never_leak,
    lifecycle_follows_the_rules,
    edits_after_announcement_are_versioned,
    validation_names_each_field,
    filters_order_and_pages,
    saved_search_alerts_fire_once,
    interest_is_seen_by_the_buyer,
    ocds_validates,
    sql_filter_agrees_with_matcher,
    co_buyers_survive_updates,
);
