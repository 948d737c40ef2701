//! Accounts over real HTTP: registration, sign-in, sessions, API tokens, rate limits.

use crate::helpers::{Backend, TestApp, PASSWORD};
use crate::on_both_databases;
use crate::operations::api_token;
use serde_json::json;

/// Registering signs the browser in; logging out ends that session; logging in starts a new one.
async fn register_login_logout_with_cookies(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.browser();
    let reply = browser.register("Anna@Goteborg.se", "Anna Berg").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.str("register.user.email"), "anna@goteborg.se");
    assert_eq!(
        browser
            .gql("{ me { name email } }", json!({}))
            .await
            .str("me.name"),
        "Anna Berg"
    );

    assert_eq!(
        browser
            .gql("mutation { logout }", json!({}))
            .await
            .data("logout"),
        true
    );
    assert!(browser
        .gql("{ me { id } }", json!({}))
        .await
        .data("me")
        .is_null());

    let reply = browser.login("anna@goteborg.se", PASSWORD).await;
    assert!(reply.data("login.user.id").is_string());
    assert!(!browser
        .gql("{ me { id } }", json!({}))
        .await
        .data("me")
        .is_null());
}

/// The session cookie is HttpOnly and SameSite, so page scripts and other sites cannot use it.
async fn session_cookie_attributes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = reqwest::Client::new()
        .post(app.url("/graphql"))
        .json(
            &json!({ "query": "mutation { register(input: {email: \"c@x.se\", name: \"C\", \
                               password: \"long enough pw\"}) { user { id } } }" }),
        )
        .send()
        .await
        .unwrap();
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("samspill_session=sps_"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
}

/// A personal API token works as a bearer token until it is revoked; a bad one is refused
/// with 401 rather than treated as anonymous.
async fn api_tokens_work_until_revoked(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.browser();
    browser.register("bo@trondheim.no", "Bo").await;
    let created = api_token(&browser, "CI export").await;
    let token = created.token;
    assert!(token.starts_with("spt_"));
    let api = browser.with_bearer(&token);
    assert_eq!(
        api.gql("{ me { email apiTokens { name } } }", json!({}))
            .await
            .data("me.apiTokens")[0]["name"],
        "CI export"
    );

    let token_id = created.id;
    let revoked = browser
        .gql(
            "mutation($id: ID!) { revokeApiToken(id: $id) }",
            json!({ "id": token_id }),
        )
        .await;
    assert_eq!(revoked.data("revokeApiToken"), true);
    let refused = api.gql("{ me { id } }", json!({})).await;
    assert_eq!((refused.status, refused.code()), (401, "UNAUTHENTICATED"));

    let garbage = browser.with_bearer("spt_not_a_real_token");
    assert_eq!(garbage.gql("{ me { id } }", json!({})).await.status, 401);
}

/// A duplicate e-mail is a conflict and creates nothing; a wrong password says nothing about
/// whether the account exists.
async fn duplicate_email_and_wrong_password(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.browser();
    browser.register("anna@goteborg.se", "Anna").await;
    let duplicate = app.browser().register("ANNA@goteborg.se", "Impostor").await;
    assert_eq!(duplicate.code(), "CONFLICT");
    assert!(duplicate.message().contains("already exists"));
    let login = app.browser().login("anna@goteborg.se", PASSWORD).await;
    assert!(
        login.data("login.user.id").is_string(),
        "the original password still works"
    );

    let wrong = app
        .browser()
        .login("anna@goteborg.se", "not the password")
        .await;
    let unknown = app
        .browser()
        .login("nobody@goteborg.se", "not the password")
        .await;
    assert_eq!(wrong.code(), "UNAUTHENTICATED");
    assert_eq!(wrong.message(), unknown.message());
}

/// Each registration field is validated with a message naming the field.
async fn registration_validation_names_the_field(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = app.browser();
    for (email, name, password, field) in [
        ("not-an-email", "Anna", "long enough pw", "email"),
        ("a@b.se", "   ", "long enough pw", "name"),
        ("a@b.se", "Anna", "short", "password"),
    ] {
        let reply = browser.register_with(email, name, password).await;
        assert_eq!(
            (reply.code(), reply.field()),
            ("BAD_USER_INPUT", field),
            "{}",
            reply.body
        );
    }
    assert!(
        browser
            .gql("{ me { id } }", json!({}))
            .await
            .data("me")
            .is_null(),
        "nothing was created"
    );
}

/// Repeated logins from one address are slowed down with RATE_LIMITED.
async fn login_is_rate_limited(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.rate_limits.logins_per_account_per_minute = 3
    })
    .await;
    let browser = app.browser();
    browser.register("anna@goteborg.se", "Anna").await;
    let mut codes = Vec::new();
    for _ in 0..5 {
        codes.push(
            browser
                .login("anna@goteborg.se", "wrong password!")
                .await
                .code()
                .to_owned(),
        );
    }
    assert_eq!(codes[..3], ["UNAUTHENTICATED"; 3]);
    assert_eq!(codes[3..], ["RATE_LIMITED"; 2]);
    let limited = browser.login("anna@goteborg.se", PASSWORD).await;
    assert_eq!(
        limited.code(),
        "RATE_LIMITED",
        "even the right password waits"
    );
    assert!(
        limited.body["errors"][0]["extensions"]["retryAfter"]
            .as_u64()
            .unwrap()
            >= 1
    );
}

/// Registering the same address again and again is limited per e-mail address as well.
async fn registration_is_rate_limited_per_account(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.rate_limits.registrations_per_account_per_hour = 2
    })
    .await;
    let (first, second, third) = (app.browser(), app.browser(), app.browser());
    first.register("taken@x.se", "One").await;
    assert_eq!(
        second.register("taken@x.se", "Two").await.code(),
        "CONFLICT"
    );
    assert_eq!(
        third.register("Taken@X.se", "Three").await.code(),
        "RATE_LIMITED"
    );
}

/// Registrations per address are limited too.
async fn registration_is_rate_limited(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.rate_limits.registrations_per_address_per_hour = 2
    })
    .await;
    let browser = app.browser();
    browser.register("one@x.se", "One").await;
    browser.register("two@x.se", "Two").await;
    assert_eq!(
        browser.register("three@x.se", "Three").await.code(),
        "RATE_LIMITED"
    );
}

on_both_databases!(
    register_login_logout_with_cookies,
    session_cookie_attributes,
    api_tokens_work_until_revoked,
    duplicate_email_and_wrong_password,
    registration_validation_names_the_field,
    login_is_rate_limited,
    registration_is_rate_limited,
    registration_is_rate_limited_per_account,
);
