//! People's data (GDPR): a person downloads everything Samspill holds about them as one JSON
//! file, and nothing about anyone else; deleting the account erases them from every table, the
//! event log and the search index, ends their sessions (open subscriptions close), and leaves
//! what they wrote for their organisation with it, by "Deleted user".

use crate::dialogue::{dialogue, Dialogue};
use crate::helpers::{token_of, Backend, Client, TestApp, PASSWORD};
use crate::on_both_databases;
use crate::operations::{
    announce_meeting, api_token, ask_question, book_meeting, change_status, create_need,
    mark_interest, post_message, save_search, start_thread, update_profile,
};
use crate::websocket_client::{closed_with, subscribed_to_notifications};
use serde_json::{json, Value};

const NAME: &str = "Gunhild Raskstrøm";
const SURNAME: &str = "Raskstrøm";
const EMAIL: &str = "gunhild.raskstrom@example.se";
const QUESTION: &str = "May trainees from our work programme do the cleaning?";
const FIRST_TEXT: &str = "Which vehicles can reach the school yards?";
const EDITED_TEXT: &str = "Which vans can reach the school yards in winter?";
const ANNA_WORDS: &str = "Vans up to 3.5 tonnes, all year.";
const ERIK_WORDS: &str = "Erik's own view on winter access.";
const DELETE: &str = "mutation($p: String!) { deleteAccount(input: { password: $p }) }";

/// Gunhild, a member of the WISE in [`dialogue`], with data in every feature: she wrote in a
/// public thread (and edited it), asked a question, booked a meeting, marked interest, saved a
/// search, made an API token, got a reply notification (an e-mail still queued), and is the
/// contact of the WISE's profile and of a need. Erik wrote in the same thread.
struct Gunhild {
    d: Dialogue,
    /// Gunhild's browser (its own session).
    client: Client,
    /// Another session of hers, as a browser sends it.
    cookie: String,
    token: String,
    thread: String,
    contact_need: String,
}

async fn gunhild_at_work(backend: Backend) -> Gunhild {
    let d = dialogue(backend, json!({})).await;
    let client = d.app.browser();
    client.register(EMAIL, NAME).await.data("register");
    d.app.confirm_email(EMAIL).await;
    let invite = d.sara.invite(&d.wise, EMAIL, "MEMBER").await;
    client
        .accept(&token_of(&invite.str("inviteMember.acceptUrl")))
        .await
        .data("acceptInvitation");
    let contact_need = names_her_as_contact(&d).await;
    let thread = writes_for_the_wise(&d, &client).await;
    let token = api_token(&client, "Gunhild's export").await.token;
    let cookie = session_cookie(&d.app).await;
    Gunhild {
        d,
        client,
        cookie,
        token,
        thread,
        contact_need,
    }
}

/// The WISE's profile and a second need name Gunhild as their contact.
async fn names_her_as_contact(d: &Dialogue) -> String {
    let profile = json!({ "servicesDescription": "Cleaning and recycling",
                          "contact": { "name": NAME, "email": EMAIL, "phone": "+46 31 00 00 00" } });
    update_profile(&d.sara, &d.wise, 0, profile)
        .await
        .data("updateProfile");
    let buyer = d
        .anna
        .gql("{ me { memberships { organisation { id } } } }", json!({}))
        .await;
    let buyer = buyer.data("me.memberships")[0]["organisation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let need = json!({ "title": "Recycling at the depot", "mainCpv": "90000000", "place": { "country": "SE" },
                       "contractNature": "SERVICES", "procedureType": "OPEN", "dates": {},
                       "contact": { "name": NAME, "email": EMAIL } });
    let created = create_need(&d.anna, &buyer, need).await;
    change_status(&d.anna, &created, "ANNOUNCED").await.id
}

/// Gunhild's dialogue for the WISE, a reply to her from the buyer and words of Erik's; returns
/// the thread.
async fn writes_for_the_wise(d: &Dialogue, gunhild: &Client) -> String {
    let started = start_thread(
        gunhild,
        &d.need,
        "PUBLIC",
        "Access",
        FIRST_TEXT,
        Some(&d.wise),
    )
    .await;
    let thread = started.str("startThread.thread.id");
    let message = started.str("startThread.message.id");
    gunhild
        .gql(
            "mutation($id: ID!, $b: String!) { editMessage(id: $id, body: $b) { id } }",
            json!({ "id": message, "b": EDITED_TEXT }),
        )
        .await
        .data("editMessage");
    post(&d.anna, &thread, ANNA_WORDS).await;
    post(&d.erik, &thread, ERIK_WORDS).await;
    ask_question(gunhild, &d.need, &d.wise, QUESTION)
        .await
        .data("askQuestion");
    books_a_meeting(d, gunhild).await;
    mark_interest(gunhild, &d.need, &d.wise, &[])
        .await
        .data("markInterest");
    save_search(
        gunhild,
        "Cleaning near home",
        json!({ "cpv": ["90000000"] }),
    )
    .await
    .data("saveSearch");
    thread
}

async fn books_a_meeting(d: &Dialogue, gunhild: &Client) {
    let starts = chrono::Utc::now() + chrono::Duration::days(3);
    let meeting = json!({ "title": "Supplier day", "startsAt": starts.to_rfc3339(),
                          "endsAt": (starts + chrono::Duration::hours(2)).to_rfc3339(),
                          "location": "Stadshuset", "capacity": 5 });
    let announced = announce_meeting(&d.anna, &d.need, "SUPPLIER_DAY", meeting).await;
    book_meeting(gunhild, &announced.str("announceMeeting.id"), &d.wise)
        .await
        .data("bookMeeting");
}

async fn post(client: &Client, thread: &str, body: &str) {
    post_message(client, thread, body).await.data("postMessage");
}

/// Signs Gunhild in with a client of its own and returns the session cookie (`name=value`), as
/// a browser sends it.
async fn session_cookie(app: &TestApp) -> String {
    let login = json!({ "query": "mutation($i: LoginInput!) { login(input: $i) { user { id } } }",
                        "variables": { "i": { "email": EMAIL, "password": PASSWORD } } });
    let reply = reqwest::Client::new()
        .post(app.url("/graphql"))
        .json(&login)
        .send()
        .await
        .unwrap();
    let set_cookie = reply.headers()["set-cookie"].to_str().unwrap();
    set_cookie.split(';').next().unwrap().to_owned()
}

/// `GET /account/export.json` with a cookie, a bearer token or nothing.
async fn export(app: &TestApp, cookie: Option<&str>, bearer: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(app.url("/account/export.json"));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    if let Some(token) = bearer {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// The file holds Gunhild's account, membership, messages with their earlier text, question,
/// booking, notification, sessions, token, saved search and interest, as an attachment; it holds
/// no secret and nothing of what others wrote or who they are.
async fn export_holds_the_persons_data_and_no_one_elses(backend: Backend) {
    let g = gunhild_at_work(backend).await;
    let response = export(&g.d.app, Some(&g.cookie), None).await;
    assert_eq!(response.status(), 200);
    let disposition = response.headers()["content-disposition"].to_str().unwrap();
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let text = response.text().await.unwrap();
    let data: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(data["account"]["name"], NAME);
    assert_eq!(data["account"]["email"], EMAIL);
    assert_eq!(data["account"]["emailConfirmed"], true);
    assert_eq!(data["memberships"][0]["organisation"], "Returbutiken");
    assert_eq!(data["memberships"][0]["role"], "MEMBER");
    assert_eq!(data["messages"][0]["body"], EDITED_TEXT);
    assert_eq!(data["messages"][0]["earlierTexts"][0]["body"], FIRST_TEXT);
    assert_eq!(data["threads"][0]["startedByYou"], true);
    assert_eq!(data["questions"][0]["question"], QUESTION);
    assert_eq!(data["meetingBookings"][0]["title"], "Supplier day");
    assert_eq!(data["notifications"][0]["kind"], "THREAD_REPLY");
    assert_eq!(data["apiTokens"][0]["name"], "Gunhild's export");
    assert_eq!(data["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(data["savedSearches"][0]["name"], "Cleaning near home");
    let actions: Vec<&str> = data["otherRecords"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    assert!(actions.contains(&"interest marked"), "{actions:?}");
    let session = g.cookie.split_once('=').unwrap().1;
    for not_hers in [
        "sara@wise.se",
        "anna@goteborg.se",
        "erik@stad.se",
        ANNA_WORDS,
        ERIK_WORDS,
        &g.token,
        session,
        "argon2",
    ] {
        assert!(!text.contains(not_hers), "the export holds {not_hers:?}");
    }
    // An API client gets the same file; nobody gets it without a credential.
    let by_token = export(&g.d.app, None, Some(&g.token)).await;
    assert_eq!(by_token.status(), 200);
    assert_eq!(export(&g.d.app, None, None).await.status(), 401);
}

/// Deleting asks for the password again, and is refused (with a reason a client can
/// translate) while the person is the only admin of an organisation with other members; once
/// another member is admin it goes ahead. An organisation she is alone in does not stop it.
async fn deletion_needs_the_password_and_a_successor_admin(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let (gunhild, olle) = (app.browser(), app.browser());
    gunhild.register(EMAIL, NAME).await.data("register");
    olle.register("olle@kafe.co.uk", "Olle")
        .await
        .data("register");
    app.confirm_email("olle@kafe.co.uk").await;
    let cafe = gunhild
        .create_org("SUPPLIER", "Gunhilds Kafé", "GB", "01234567")
        .await
        .str("createOrganisation.id");
    gunhild
        .create_org("SUPPLIER", "Gunhild Alone Ltd", "GB", "07654321")
        .await
        .str("createOrganisation.id");
    let invite = gunhild.invite(&cafe, "olle@kafe.co.uk", "MEMBER").await;
    olle.accept(&token_of(&invite.str("inviteMember.acceptUrl")))
        .await
        .data("acceptInvitation");

    let anonymous = app.browser().gql(DELETE, json!({ "p": PASSWORD })).await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    let wrong = gunhild
        .gql(DELETE, json!({ "p": "not my password at all" }))
        .await;
    assert_eq!(wrong.code(), "BAD_USER_INPUT");
    assert_eq!(wrong.field(), "password");
    assert_eq!(
        wrong.body["errors"][0]["extensions"]["reason"],
        "WRONG_PASSWORD"
    );
    let sole = gunhild.gql(DELETE, json!({ "p": PASSWORD })).await;
    assert_eq!(sole.code(), "CONFLICT");
    assert_eq!(sole.body["errors"][0]["extensions"]["reason"], "SOLE_ADMIN");
    assert!(
        sole.message().contains("Gunhilds Kafé"),
        "{}",
        sole.message()
    );
    assert!(!sole.message().contains("Alone"), "{}", sole.message());
    assert_eq!(
        gunhild
            .gql("{ me { name } }", json!({}))
            .await
            .str("me.name"),
        NAME
    );

    let olle_id = olle.me_id().await;
    gunhild
        .gql(
            "mutation($o: ID!, $u: ID!) { changeMemberRole(input: {organisationId: $o, userId: \
             $u, role: ADMIN}) { role } }",
            json!({ "o": cafe, "u": olle_id }),
        )
        .await
        .data("changeMemberRole");
    assert_eq!(
        gunhild
            .gql(DELETE, json!({ "p": PASSWORD }))
            .await
            .data("deleteAccount"),
        true
    );
    let members = olle
        .gql(
            "query($o: ID!) { organisation(id: $o) { members(first: 10) { edges { node { user { \
             name } role } } } } }",
            json!({ "o": cafe }),
        )
        .await;
    let members = members
        .data("organisation.members.edges")
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(members.len(), 1, "{members:?}");
}

/// After deletion the name, the e-mail address and the surname are in no column of any table
/// (event log included) and not found by search; both of her sessions and her token end at once
/// (open subscriptions close with 4403) and she cannot sign in; what she wrote for the WISE
/// stays, by "Deleted user", and she hears of nothing more.
async fn deletion_erases_the_person_everywhere(backend: Backend) {
    let g = gunhild_at_work(backend).await;
    let app = &g.d.app;
    let (url, origin) = (app.ws_url(), format!("http://{}", app.addr));
    let mut by_cookie = subscribed_to_notifications(&url, &origin, Some(&g.cookie), None).await;
    let mut by_token = subscribed_to_notifications(&url, &origin, None, Some(&g.token)).await;
    let deleted = g.client.gql(DELETE, json!({ "p": PASSWORD })).await;
    assert_eq!(deleted.data("deleteAccount"), &json!(true));
    assert_eq!(closed_with(&mut by_cookie).await, 4403);
    assert_eq!(closed_with(&mut by_token).await, 4403);

    assert_eq!(
        app.browser().login(EMAIL, PASSWORD).await.code(),
        "UNAUTHENTICATED"
    );
    assert_eq!(export(app, Some(&g.cookie), None).await.status(), 401);
    assert_eq!(export(app, None, Some(&g.token)).await.status(), 401);
    assert!(g
        .client
        .gql("{ me { id } }", json!({}))
        .await
        .data("me")
        .is_null());

    for needle in [NAME, EMAIL, SURNAME] {
        let found = columns_holding(backend, app.database_url(), needle).await;
        assert!(found.is_empty(), "{needle:?} is still in {found:?}");
    }
    not_found_by_search(&g).await;
    the_wise_keeps_its_record(&g).await;
    hears_of_nothing_more(&g, backend).await;
}

/// Neither index finds her, once the contact changes she caused have been indexed.
async fn not_found_by_search(g: &Gunhild) {
    let needs = "query($q: String!) { searchNeeds(query: $q) { totalCount matches { snippet need \
                 { title } } } }";
    let settled =
        g.d.anna
            .once_caught_up(needs, json!({ "q": "Recycling depot" }), |r| {
                r.body["data"]["searchNeeds"]["totalCount"] == 1
            })
            .await;
    assert_eq!(settled.data("searchNeeds.totalCount"), 1);
    let partners = "query($q: String!) { searchPartners(query: $q) { totalCount } }";
    for needle in [NAME, SURNAME, EMAIL] {
        let vars = json!({ "q": needle });
        assert_eq!(
            g.d.anna
                .gql(needs, vars.clone())
                .await
                .data("searchNeeds.totalCount"),
            0,
            "{needle}: {}",
            g.d.anna.gql(needs, vars.clone()).await.body
        );
        assert_eq!(
            g.d.anna
                .gql(partners, vars)
                .await
                .data("searchPartners.totalCount"),
            0,
            "{needle}"
        );
    }
}

/// Her messages (as last edited), question and booking stay with the WISE, by "Deleted user";
/// the contacts that named her are empty.
async fn the_wise_keeps_its_record(g: &Gunhild) {
    // A page of 100 with the fields the web app's consortium thread asks for: `authorErased`
    // must not push that query over the complexity limit.
    let page = "query($id: ID!) { node(id: $id) { ... on Thread { id messages(first: 100) { nodes \
                { id html \
                authorName authorErased authorOrganisation { id name } createdAt deletedAt } } } \
                } }";
    let thread = g.d.anna.gql(page, json!({ "id": g.thread })).await;
    let first = &thread.data("node.messages.nodes")[0];
    assert!(
        first["html"].as_str().unwrap().contains(EDITED_TEXT),
        "{first}"
    );
    assert_eq!(first["authorName"], "Deleted user");
    assert_eq!(first["authorErased"], true);
    assert_eq!(first["authorOrganisation"]["name"], "Returbutiken");
    let need = g
        .d
        .anna
        .gql(
            "query($id: ID!) { need(id: $id) { questions { question askingOrganisation { name } } \
             meetings { bookings { organisation { name } } } } }",
            json!({ "id": g.d.need }),
        )
        .await;
    assert_eq!(need.data("need.questions")[0]["question"], QUESTION);
    assert_eq!(
        need.data("need.meetings")[0]["bookings"][0]["organisation"]["name"],
        "Returbutiken"
    );
    let contact =
        g.d.anna
            .gql(
                "query($id: ID!) { need(id: $id) { contact { name } } }",
                json!({ "id": g.contact_need }),
            )
            .await;
    assert!(contact.data("need.contact").is_null());
    let profile = g
        .d
        .sara
        .gql(
            "query($id: ID!) { organisation(id: $id) { profile { content { servicesDescription \
             contact { name email phone } } } } }",
            json!({ "id": g.d.wise }),
        )
        .await;
    let content = profile.data("organisation.profile.content");
    assert_eq!(content["servicesDescription"], "Cleaning and recycling");
    assert_eq!(
        content["contact"],
        json!({ "name": "", "email": null, "phone": null })
    );
}

/// Nothing reaches the erased account any more: a new reply in the thread she wrote in
/// notifies the others only, and its placeholder address gets no password reset link.
async fn hears_of_nothing_more(g: &Gunhild, backend: Backend) {
    post(
        &g.d.anna,
        &g.thread,
        "Anyone else with questions on access?",
    )
    .await;
    let url = g.d.app.database_url();
    let id = number(
        backend,
        url,
        "SELECT MAX(id) FROM users WHERE deleted_at IS NOT NULL",
    )
    .await;
    let reset = "mutation($e: String!) { requestPasswordReset(input: { email: $e }) }";
    let placeholder = format!("deleted-{id}@erased.invalid");
    let asked = g.d.anonymous.gql(reset, json!({ "e": placeholder })).await;
    assert_eq!(asked.data("requestPasswordReset"), &json!(true));
    let notified = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE \
                    u.deleted_at IS NOT NULL";
    assert_eq!(number(backend, url, notified).await, 0);
    let links = format!("SELECT COUNT(*) FROM email_links WHERE user_id = {id}");
    assert_eq!(number(backend, url, &links).await, 0);
}

/// One number from the database, read directly.
async fn number(backend: Backend, url: &str, sql: &str) -> i64 {
    match backend {
        Backend::Sqlite => {
            let pool = sqlx::SqlitePool::connect(url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap()
        }
        Backend::Postgres => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            sqlx::query_scalar(sql).fetch_one(&pool).await.unwrap()
        }
    }
}

/// Every `table.column` of the database where `needle` occurs (letter case aside), found by
/// listing the tables and columns the database itself reports, so a table added later is
/// searched too.
async fn columns_holding(backend: Backend, url: &str, needle: &str) -> Vec<String> {
    let pattern = format!("%{}%", needle.to_lowercase());
    macro_rules! scan {
        ($pool:expr, $columns:expr) => {{
            let mut found = Vec::new();
            let columns: Vec<(String, String)> =
                sqlx::query_as($columns).fetch_all(&$pool).await.unwrap();
            assert!(columns.len() > 100, "only {} columns listed", columns.len());
            for (table, column) in columns {
                let sql = format!(
                    "SELECT COUNT(*) FROM \"{table}\" WHERE lower(CAST(\"{column}\" \
                     AS TEXT)) LIKE $1"
                );
                let hits: i64 = sqlx::query_scalar(&sql)
                    .bind(&pattern)
                    .fetch_one(&$pool)
                    .await
                    .unwrap();
                if hits > 0 {
                    found.push(format!("{table}.{column}"));
                }
            }
            $pool.close().await;
            found
        }};
    }
    match backend {
        Backend::Sqlite => scan!(
            sqlx::SqlitePool::connect(url).await.unwrap(),
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE \
             m.type = 'table'"
        ),
        Backend::Postgres => scan!(
            sqlx::PgPool::connect(url).await.unwrap(),
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT) FROM \
             information_schema.columns \
             WHERE table_schema = 'public'"
        ),
    }
}

on_both_databases!(
    export_holds_the_persons_data_and_no_one_elses,
    deletion_needs_the_password_and_a_successor_admin,
    deletion_erases_the_person_everywhere,
);
