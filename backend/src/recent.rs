//! A bounded map of what was used recently, for values that are costly to build from a text
//! and depend on nothing else: parsed queries, parsed need documents.
//!
//! Two generations instead of a least-recently-used list: entries go into the current one;
//! when it holds its budget of bytes it becomes the previous one (the one before is dropped),
//! and an entry found in the previous generation moves back into the current one. What is in
//! use survives every turn, nothing is tracked per read, and memory stays within twice the
//! budget (plus the values).

use foldhash::fast::RandomState;
use std::collections::HashMap;
use std::sync::Mutex;

/// Keys can be a need's whole document, some kilobytes: SipHash took more instructions per
/// page than the rest of the lookup. foldhash is seeded at random per map, like SipHash.
type Map<V> = HashMap<Box<str>, V, RandomState>;

pub struct Recent<V> {
    /// Bytes of keys one generation holds before it turns.
    budget: usize,
    generations: Mutex<Generations<V>>,
}

struct Generations<V> {
    current: Map<V>,
    current_bytes: usize,
    previous: Map<V>,
}

impl<V: Clone> Recent<V> {
    /// A map whose generations each hold `budget` bytes of keys.
    pub fn new(budget: usize) -> Self {
        Recent {
            budget,
            generations: Mutex::new(Generations {
                current: Map::default(),
                current_bytes: 0,
                previous: Map::default(),
            }),
        }
    }

    /// The value kept for `key`, if any.
    pub fn get(&self, key: &str) -> Option<V> {
        let mut generations = self.generations.lock().ok()?;
        if let Some(value) = generations.current.get(key) {
            return Some(value.clone());
        }
        let (key, value) = generations.previous.remove_entry(key)?;
        generations.insert(key, value.clone(), self.budget);
        Some(value)
    }

    /// Keeps `value` for `key`. A key longer than the budget is not kept.
    pub fn insert(&self, key: &str, value: V) {
        if key.len() > self.budget {
            return;
        }
        if let Ok(mut generations) = self.generations.lock() {
            generations.insert(key.into(), value, self.budget);
        }
    }
}

impl<V> Generations<V> {
    fn insert(&mut self, key: Box<str>, value: V, budget: usize) {
        if self.current_bytes + key.len() > budget {
            self.previous = std::mem::take(&mut self.current);
            self.current_bytes = 0;
        }
        self.current_bytes += key.len();
        self.current.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::Recent;

    #[test]
    fn keeps_what_is_in_use_when_a_generation_turns() {
        let recent = Recent::new(8);
        recent.insert("aa", 1);
        recent.insert("bb", 2);
        recent.insert("cc", 3);
        recent.insert("dd", 4);
        // Full: the next key turns the generation, and "aa".."dd" become the previous one.
        recent.insert("ee", 5);
        assert_eq!(
            recent.get("aa"),
            Some(1),
            "found in the previous generation"
        );
        recent.insert("ff", 6);
        recent.insert("gg", 7);
        // The current one (ee, aa, ff, gg) turns again: bb, cc and dd were not used, and go.
        recent.insert("hh", 8);
        assert_eq!(recent.get("aa"), Some(1));
        assert_eq!(recent.get("ee"), Some(5));
        assert_eq!(recent.get("bb"), None);
        assert_eq!(recent.get("dd"), None);
    }

    #[test]
    fn does_not_keep_a_key_longer_than_the_budget() {
        let recent = Recent::new(4);
        recent.insert("too long", 1);
        assert_eq!(recent.get("too long"), None);
    }
}
