//! Rate limits on login and registration, per client address and per account, with `governor`
//! (generic cell rate algorithm; keyed limiters whose idle keys are pruned periodically).
//!
//! Wrong passwords are counted per account and address (`LoginFailures`): after the allowed
//! number an address waits before trying that account again, twice as long after each further
//! failure. An address that has failed on an account also waits while the account as a whole
//! has had too many failures; one that has not (the owner on a new network) never does, so
//! nobody can lock the owner out by guessing wrong from elsewhere.

use crate::config::RateLimits;
use crate::error::{AppError, AppResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The first wait after the allowed failures; it doubles with each further failure.
const FIRST_WAIT: Duration = Duration::from_secs(60);
/// The longest wait, and how long failures are remembered after the last one.
const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
    until: Option<Instant>,
}

/// Wrong passwords per key, with a doubling wait after `allowed` of them.
struct LoginFailures<K> {
    allowed: u32,
    counts: Mutex<HashMap<K, Failures>>,
}

impl<K: std::hash::Hash + Eq + Clone> LoginFailures<K> {
    fn new(allowed: u32) -> Self {
        Self {
            allowed: allowed.max(1),
            counts: Mutex::new(HashMap::new()),
        }
    }

    fn entry(&self, key: &K, now: Instant) -> Option<Failures> {
        let counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts
            .get(key)
            .copied()
            .filter(|f| now.duration_since(f.last) < LONGEST_WAIT)
    }

    /// True when the key failed at least once lately.
    fn has_failed(&self, key: &K) -> bool {
        self.entry(key, Instant::now()).is_some()
    }

    /// `RATE_LIMITED` while the key waits.
    fn check(&self, key: &K) -> AppResult<()> {
        let now = Instant::now();
        match self.entry(key, now).and_then(|f| f.until) {
            Some(until) if until > now => Err(AppError::RateLimited {
                retry_after_secs: (until - now).as_secs().max(1),
            }),
            _ => Ok(()),
        }
    }

    fn failed(&self, key: &K) {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        let entry = counts.entry(key.clone()).or_insert(Failures {
            count: 0,
            last: now,
            until: None,
        });
        if now.duration_since(entry.last) >= LONGEST_WAIT {
            entry.count = 0;
        }
        entry.count += 1;
        entry.last = now;
        if entry.count >= self.allowed {
            let doublings = (entry.count - self.allowed).min(10);
            let wait = FIRST_WAIT.saturating_mul(1 << doublings).min(LONGEST_WAIT);
            entry.until = Some(now + wait);
        }
    }

    fn forget(&self, key: &K) {
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.remove(key);
    }

    fn prune(&self) {
        let now = Instant::now();
        let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
        counts.retain(|_, f| now.duration_since(f.last) < LONGEST_WAIT);
    }
}

pub struct AuthLimiter {
    login_by_address: DefaultKeyedRateLimiter<IpAddr>,
    /// Wrong passwords for one account from one address.
    failures_by_pair: LoginFailures<(String, IpAddr)>,
    /// Wrong passwords for one account from anywhere.
    failures_by_account: LoginFailures<String>,
    register_by_address: DefaultKeyedRateLimiter<IpAddr>,
    /// Attempts to register one e-mail address (guards against probing which addresses exist).
    register_by_account: DefaultKeyedRateLimiter<String>,
}

impl AuthLimiter {
    pub fn new(limits: &RateLimits) -> Self {
        let per_minute = |n: u32| Quota::per_minute(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        let per_hour = |n: u32| Quota::per_hour(NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN));
        Self {
            login_by_address: RateLimiter::keyed(per_minute(limits.logins_per_address_per_minute)),
            failures_by_pair: LoginFailures::new(limits.logins_per_account_per_minute),
            // Many addresses together may fail more often before the account as a whole waits.
            failures_by_account: LoginFailures::new(
                limits.logins_per_account_per_minute.saturating_mul(3),
            ),
            register_by_address: RateLimiter::keyed(per_hour(
                limits.registrations_per_address_per_hour,
            )),
            register_by_account: RateLimiter::keyed(per_hour(
                limits.registrations_per_account_per_hour,
            )),
        }
    }

    /// Before a login attempt: the address's pace, this address's failures on the account, and
    /// (only for an address that has failed on it) the account's failures from anywhere.
    pub fn check_login(&self, address: IpAddr, account: &str) -> AppResult<()> {
        check(&self.login_by_address, &address)?;
        let pair = (account.to_owned(), address);
        self.failures_by_pair.check(&pair)?;
        if self.failures_by_pair.has_failed(&pair) {
            self.failures_by_account.check(&account.to_owned())?;
        }
        Ok(())
    }

    /// After a wrong password (or an unknown account).
    pub fn login_failed(&self, address: IpAddr, account: &str) {
        self.failures_by_pair.failed(&(account.to_owned(), address));
        self.failures_by_account.failed(&account.to_owned());
    }

    /// After a correct password: this address starts afresh on the account.
    pub fn login_succeeded(&self, address: IpAddr, account: &str) {
        self.failures_by_pair.forget(&(account.to_owned(), address));
    }

    pub fn check_registration(&self, address: IpAddr, account: &str) -> AppResult<()> {
        check(&self.register_by_address, &address)?;
        check(&self.register_by_account, &account.to_owned())
    }

    /// Forgets keys whose quota has fully recovered, so memory tracks recent activity only.
    pub fn prune(&self) {
        self.login_by_address.retain_recent();
        self.failures_by_pair.prune();
        self.failures_by_account.prune();
        self.register_by_address.retain_recent();
        self.register_by_account.retain_recent();
    }
}

fn check<K: std::hash::Hash + Eq + Clone>(
    limiter: &DefaultKeyedRateLimiter<K>,
    key: &K,
) -> AppResult<()> {
    limiter.check_key(key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        }
    })
}
