//! Rate limits on login and registration, per client address and per account, with `governor`
//! (generic cell rate algorithm; keyed limiters whose idle keys are pruned periodically).

use crate::config::RateLimits;
use crate::error::{AppError, AppResult};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::net::IpAddr;
use std::num::NonZeroU32;

pub struct AuthLimiter {
    login_by_address: DefaultKeyedRateLimiter<IpAddr>,
    login_by_account: DefaultKeyedRateLimiter<String>,
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
            login_by_account: RateLimiter::keyed(per_minute(limits.logins_per_account_per_minute)),
            register_by_address: RateLimiter::keyed(per_hour(
                limits.registrations_per_address_per_hour,
            )),
            register_by_account: RateLimiter::keyed(per_hour(
                limits.registrations_per_account_per_hour,
            )),
        }
    }

    pub fn check_login(&self, address: IpAddr, account: &str) -> AppResult<()> {
        check(&self.login_by_address, &address)?;
        check(&self.login_by_account, &account.to_owned())
    }

    pub fn check_registration(&self, address: IpAddr, account: &str) -> AppResult<()> {
        check(&self.register_by_address, &address)?;
        check(&self.register_by_account, &account.to_owned())
    }

    /// Forgets keys whose quota has fully recovered, so memory tracks recent activity only.
    pub fn prune(&self) {
        self.login_by_address.retain_recent();
        self.login_by_account.retain_recent();
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
