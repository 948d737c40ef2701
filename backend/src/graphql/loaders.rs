//! Batched reads for one request: the resolvers of a list ask for one record each, and the
//! records are read together, with one store call per kind of record and level of the query.
//!
//! async-graphql resolves the items of a list and the fields of an object concurrently, in
//! the request's own task: every `buyer` of a page of needs is polled before any of them is
//! polled again. So the first resolver to ask for a key that is not loaded yet leads a round:
//! it yields to the executor (again while a turn brought new keys), which lets every sibling
//! add its key to the round, then reads all of them with one call; the others wait for the
//! round and take their record from it. There is no timer (unlike async-graphql's
//! `DataLoader`, whose default 1 ms delay would be most of a request's time here). Records
//! read once are kept for the rest of the request, so a buyer of twenty needs is read once.
//!
//! `Loaders` is request data for queries and mutations over HTTP; a resolver that finds none
//! (a websocket operation, where a subscription lives for long and must not see stale
//! records) reads directly.

use super::services;
use crate::domain::cpv::CpvCode;
use crate::error::{AppError, AppResult};
use crate::store::{Organisation, Profile, User};
use async_graphql::Context;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;
use std::sync::Mutex;
use tokio::sync::watch;

/// Turns a round's leader waits at most for more keys (see [`Batch::gather`]).
const MAX_GATHER_TURNS: usize = 8;

/// One request's batched reads.
#[derive(Default)]
pub struct Loaders {
    organisations: Batch<i64, Organisation>,
    cpv_labels: Batch<CpvCode, String>,
    authors: Batch<i64, User>,
    profiles: Batch<i64, Profile>,
}

impl Loaders {
    fn of<'a>(ctx: &Context<'a>) -> Option<&'a Loaders> {
        ctx.data_opt::<Loaders>()
    }
}

/// An organisation by id, read with the others of the same round.
pub async fn organisation(ctx: &Context<'_>, id: i64) -> AppResult<Organisation> {
    let services = services(ctx)?;
    let Some(loaders) = Loaders::of(ctx) else {
        return services.organisation(id).await;
    };
    loaders
        .organisations
        .load(id, |ids| async move {
            services.organisations_by_ids(&ids).await
        })
        .await?
        .ok_or_else(|| AppError::NotFound("Organisation".into()))
}

/// Several organisations, in the order of `ids`, read in the same round as any others.
pub async fn organisations(ctx: &Context<'_>, ids: &[i64]) -> AppResult<Vec<Organisation>> {
    let loads = ids.iter().map(|&id| organisation(ctx, id));
    futures_util::future::try_join_all(loads).await
}

/// A CPV code's English label, read with the others of the same round.
pub async fn cpv_label(ctx: &Context<'_>, code: &CpvCode) -> AppResult<Option<String>> {
    let services = services(ctx)?;
    let Some(loaders) = Loaders::of(ctx) else {
        return services.cpv_label(code).await;
    };
    loaders
        .cpv_labels
        .load(code.clone(), |codes| async move {
            services.cpv_labels(&codes).await
        })
        .await
}

/// An organisation's profile as the viewer may see it, read with the others of the round.
pub async fn profile(ctx: &Context<'_>, organisation_id: i64) -> AppResult<Option<Profile>> {
    let services = services(ctx)?;
    let viewer = super::viewer(ctx);
    let Some(loaders) = Loaders::of(ctx) else {
        return services.profile(viewer, organisation_id).await;
    };
    loaders
        .profiles
        .load(organisation_id, |ids| async move {
            services.profiles_of(viewer, &ids).await
        })
        .await
}

/// The name shown beside what a person wrote or changed (`None` for an unknown id).
pub async fn user_name(ctx: &Context<'_>, id: i64) -> AppResult<Option<String>> {
    Ok(author(ctx, id).await?.map(|u| u.name))
}

/// The person shown beside what they wrote or changed, read with the others of the round; only
/// their name and whether they deleted their account are for display.
pub async fn author(ctx: &Context<'_>, id: i64) -> AppResult<Option<User>> {
    let services = services(ctx)?;
    let Some(loaders) = Loaders::of(ctx) else {
        return services.author(id).await;
    };
    loaders
        .authors
        .load(id, |ids| async move { services.authors(&ids).await })
        .await
}

/// Records of one kind read so far in a request, and the round being gathered.
struct Batch<K, V> {
    state: Mutex<BatchState<K, V>>,
}

impl<K, V> Default for Batch<K, V> {
    fn default() -> Self {
        Self {
            state: Mutex::new(BatchState {
                loaded: HashMap::new(),
                gathering: HashSet::new(),
                asked: 0,
                round: None,
            }),
        }
    }
}

struct BatchState<K, V> {
    /// Keys read so far; `None` for a key that does not exist.
    loaded: HashMap<K, Option<V>>,
    /// Keys asked for in the round being gathered.
    gathering: HashSet<K>,
    /// How many times a key was asked for that was not loaded (repeats included), so that a
    /// leader can tell whether a turn brought anyone new.
    asked: u64,
    /// The round being gathered: it tells when its read is done (`Some(Ok)`) or failed.
    round: Option<watch::Receiver<Option<Result<(), AppError>>>>,
}

type Outcome = Option<Result<(), AppError>>;

enum Role {
    Loaded,
    Lead(watch::Sender<Outcome>),
    Wait(watch::Receiver<Outcome>),
}

impl<K: Clone + Eq + Hash, V: Clone> Batch<K, V> {
    fn lock(&self) -> AppResult<std::sync::MutexGuard<'_, BatchState<K, V>>> {
        self.state
            .lock()
            .map_err(|_| AppError::Internal("a batched read panicked".into()))
    }

    /// Takes part in the current round, or starts one.
    fn join(&self, key: &K) -> AppResult<Role> {
        let mut state = self.lock()?;
        if state.loaded.contains_key(key) {
            return Ok(Role::Loaded);
        }
        state.gathering.insert(key.clone());
        state.asked += 1;
        // A round whose leader was dropped (its request cancelled a branch) is not waited for.
        if let Some(round) = state.round.as_ref().filter(|r| r.has_changed().is_ok()) {
            return Ok(Role::Wait(round.clone()));
        }
        let (done, round) = watch::channel(None);
        state.round = Some(round);
        Ok(Role::Lead(done))
    }

    /// Lets the siblings polled after the leader join its round: yields to the executor until
    /// a whole turn adds no key. One turn is enough when every sibling is polled in it; a
    /// long list may take more (a `FuturesUnordered` over many items, or tokio's cooperative
    /// budget, ends a turn early), which is what the further turns are for.
    async fn gather(&self) -> AppResult<()> {
        let mut seen = self.lock()?.asked;
        for _ in 0..MAX_GATHER_TURNS {
            tokio::task::yield_now().await;
            let now = self.lock()?.asked;
            if now == seen {
                break;
            }
            seen = now;
        }
        Ok(())
    }

    /// The record for `key`, read by `read` together with every other key asked for in the
    /// same round.
    async fn load<F, Fut>(&self, key: K, read: F) -> AppResult<Option<V>>
    where
        F: FnOnce(Vec<K>) -> Fut,
        Fut: std::future::Future<Output = AppResult<HashMap<K, V>>>,
    {
        let mut read = Some(read);
        loop {
            match self.join(&key)? {
                Role::Loaded => break,
                Role::Lead(done) => {
                    self.gather().await?;
                    let keys: Vec<K> = {
                        let mut state = self.lock()?;
                        state.round = None;
                        state.gathering.drain().collect()
                    };
                    let read = read
                        .take()
                        .ok_or_else(|| AppError::Internal("a batched read ran twice".into()))?;
                    let result = match read(keys.clone()).await {
                        Ok(mut found) => {
                            let mut state = self.lock()?;
                            for key in keys {
                                let value = found.remove(&key);
                                state.loaded.insert(key, value);
                            }
                            Ok(())
                        }
                        Err(err) => Err(err),
                    };
                    let _ = done.send(Some(result.clone()));
                    result?;
                    break;
                }
                Role::Wait(mut round) => match round.wait_for(Option::is_some).await {
                    Ok(outcome) => {
                        if let Some(Err(err)) = outcome.clone() {
                            return Err(err);
                        }
                        break;
                    }
                    // The leader was dropped before it read: lead a round of our own.
                    Err(_) => continue,
                },
            }
        }
        let state = self.lock()?;
        Ok(state.loaded.get(&key).cloned().flatten())
    }
}
