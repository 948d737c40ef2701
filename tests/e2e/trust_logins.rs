//! Wrong passwords are counted per account and address: the guessing address waits (longer
//! each time), the owner signing in from another address never does, and an address that joins
//! the guessing after the account had many failures waits after its first wrong try. Behind a
//! load balancer the address is the client's from `X-Forwarded-For`, believed only from the
//! configured trusted proxies.

use crate::helpers::{Backend, Client, TestApp, PASSWORD};
use crate::on_both_databases;
use std::net::{IpAddr, Ipv4Addr};

/// A browser whose connections come from `127.0.0.n` (all of 127/8 is this machine).
fn from(app: &TestApp, n: u8) -> Client {
    Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
            .build()
            .unwrap(),
        endpoint: app.url("/graphql"),
        bearer: None,
    }
}

/// A browser at `127.0.0.n` whose requests say `X-Forwarded-For: forwarded`.
fn forwarding(app: &TestApp, n: u8, forwarded: &str) -> Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", forwarded.parse().unwrap());
    Client {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, n)))
            .default_headers(headers)
            .build()
            .unwrap(),
        endpoint: app.url("/graphql"),
        bearer: None,
    }
}

/// Ten wrong passwords from one address lock that address out of the account (even with the
/// right password) but not the owner at another address; after the account's failures add up,
/// a further guessing address waits after one wrong try, while a fresh address still gets in.
async fn guessing_never_locks_the_owner_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    app.browser().register("anna@goteborg.se", "Anna").await;
    let attacker = from(&app, 2);
    let mut codes = Vec::new();
    for _ in 0..12 {
        codes.push(
            attacker
                .login("anna@goteborg.se", "wrong password!")
                .await
                .code()
                .to_owned(),
        );
    }
    assert_eq!(codes[..10], ["UNAUTHENTICATED"; 10]);
    assert_eq!(codes[10..], ["RATE_LIMITED"; 2]);
    let right_from_attacker = attacker.login("anna@goteborg.se", PASSWORD).await;
    assert_eq!(right_from_attacker.code(), "RATE_LIMITED");

    let owner = from(&app, 3);
    owner
        .login("anna@goteborg.se", PASSWORD)
        .await
        .data("login");

    // Two more addresses push the account past 30 failures in all.
    for n in [4, 5] {
        let other = from(&app, n);
        for _ in 0..10 {
            assert_eq!(
                other.login("anna@goteborg.se", "wrong again!").await.code(),
                "UNAUTHENTICATED"
            );
        }
    }
    let late = from(&app, 6);
    assert_eq!(
        late.login("anna@goteborg.se", "one more guess")
            .await
            .code(),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        late.login("anna@goteborg.se", "and another").await.code(),
        "RATE_LIMITED",
        "the account as a whole is resting"
    );
    from(&app, 7)
        .login("anna@goteborg.se", PASSWORD)
        .await
        .data("login");
}

/// With the load balancer at 127.0.0.9 trusted, its clients are told apart by
/// `X-Forwarded-For`: the guesser waits, the owner behind the same balancer does not. The same
/// header from an untrusted address is ignored, so it cannot be used to dodge the wait.
async fn forwarded_for_counts_only_from_trusted_proxies(backend: Backend) {
    let app = TestApp::spawn_with(backend, |config| {
        config.trusted_proxies = "127.0.0.9".parse().unwrap();
    })
    .await;
    app.browser().register("anna@goteborg.se", "Anna").await;
    let guess = |client: &Client| {
        let client = client.clone();
        async move {
            client
                .login("anna@goteborg.se", "wrong password!")
                .await
                .code()
                .to_owned()
        }
    };
    let guesser = forwarding(&app, 9, "198.51.100.1");
    for _ in 0..10 {
        assert_eq!(guess(&guesser).await, "UNAUTHENTICATED");
    }
    assert_eq!(guess(&guesser).await, "RATE_LIMITED");
    forwarding(&app, 9, "198.51.100.2")
        .login("anna@goteborg.se", PASSWORD)
        .await
        .data("login");

    let untrusted = forwarding(&app, 3, "198.51.100.7");
    for _ in 0..10 {
        assert_eq!(guess(&untrusted).await, "UNAUTHENTICATED");
    }
    let dodging = forwarding(&app, 3, "198.51.100.8");
    assert_eq!(
        dodging.login("anna@goteborg.se", PASSWORD).await.code(),
        "RATE_LIMITED",
        "an untrusted peer's X-Forwarded-For is not believed"
    );
}

on_both_databases!(
    forwarded_for_counts_only_from_trusted_proxies,
    guessing_never_locks_the_owner_out
);
