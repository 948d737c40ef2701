//! Places: NUTS regions for Sweden and Norway, ITL regions for the United Kingdom (levels 0 to
//! 3), and municipalities by name with the level-3 region they lie in. The lists ship inside the
//! binary (`backend/data/`), so no import is needed to announce a need.

use super::Country;
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: String,
    pub level: u8,
    pub name: String,
    pub parent: Option<String>,
    pub country: Country,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub country: Country,
    pub code: String,
    pub name: String,
    /// The level-3 region (NUTS 3 / ITL 3).
    pub region: String,
}

pub struct Geography {
    regions: Vec<Region>,
    region_index: HashMap<String, usize>,
    municipalities: Vec<Municipality>,
}

static EMBEDDED: LazyLock<Geography> = LazyLock::new(|| {
    Geography::parse(
        include_str!("../../data/regions.tsv"),
        include_str!("../../data/municipalities.tsv"),
    )
});

/// The country a region code belongs to: `SE...`, `NO...`, and `UK`/`TL...` for the UK.
fn country_of(code: &str) -> Option<Country> {
    match code.get(..2)? {
        "SE" => Some(Country::Se),
        "NO" => Some(Country::No),
        "UK" | "TL" => Some(Country::Gb),
        _ => None,
    }
}

fn rows(tsv: &str) -> impl Iterator<Item = Vec<&str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

impl Geography {
    pub fn embedded() -> &'static Geography {
        &EMBEDDED
    }

    /// Reads the two TSV files; malformed rows are skipped (the files are checked by tests).
    fn parse(regions_tsv: &str, municipalities_tsv: &str) -> Self {
        let regions: Vec<Region> = rows(regions_tsv)
            .filter_map(|r| {
                let [code, level, name, parent] = r[..] else {
                    return None;
                };
                Some(Region {
                    code: code.to_owned(),
                    level: level.parse().ok()?,
                    name: name.to_owned(),
                    parent: (!parent.is_empty()).then(|| parent.to_owned()),
                    country: country_of(code)?,
                })
            })
            .collect();
        let region_index = regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.code.clone(), i))
            .collect();
        let municipalities = rows(municipalities_tsv)
            .filter_map(|r| {
                let [country, code, name, region] = r[..] else {
                    return None;
                };
                Some(Municipality {
                    country: Country::from_code(country)
                        .or_else(|| (country == "UK").then_some(Country::Gb))?,
                    code: code.to_owned(),
                    name: name.to_owned(),
                    region: region.to_owned(),
                })
            })
            .collect();
        Self {
            regions,
            region_index,
            municipalities,
        }
    }

    pub fn region(&self, code: &str) -> Option<&Region> {
        self.region_index
            .get(code.trim())
            .map(|&i| &self.regions[i])
    }

    pub fn regions(&self, country: Country, level: Option<u8>) -> impl Iterator<Item = &Region> {
        self.regions
            .iter()
            .filter(move |r| r.country == country && level.is_none_or(|l| r.level == l))
    }

    /// True when `code` is `ancestor` or lies inside it.
    pub fn is_within(&self, code: &str, ancestor: &str) -> bool {
        let mut current = self.region(code);
        while let Some(region) = current {
            if region.code == ancestor {
                return true;
            }
            current = region.parent.as_deref().and_then(|p| self.region(p));
        }
        false
    }

    /// A municipality by its name, ignoring case (`göteborg` finds Göteborg).
    pub fn municipality(&self, country: Country, name: &str) -> Option<&Municipality> {
        let wanted = name.trim().to_lowercase();
        self.municipalities.iter().find(|m| {
            // Bilingual names ("Trondheim - Tråante") match on either language as well.
            let full = m.name.to_lowercase();
            m.country == country && (full == wanted || full.split(" - ").any(|part| part == wanted))
        })
    }

    /// Municipalities whose name starts with `prefix`, ignoring case, for pickers.
    pub fn municipalities_starting(
        &self,
        country: Country,
        prefix: &str,
    ) -> impl Iterator<Item = &Municipality> {
        let prefix = prefix.trim().to_lowercase();
        self.municipalities
            .iter()
            .filter(move |m| m.country == country && m.name.to_lowercase().starts_with(&prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_lists_are_complete_and_consistent() {
        let g = Geography::embedded();
        assert_eq!(
            g.regions(Country::Se, Some(3)).count(),
            21,
            "Sweden's 21 län"
        );
        assert_eq!(
            g.regions(Country::Gb, Some(3)).count(),
            179,
            "ITL 2021 level 3"
        );
        assert!(g.regions(Country::No, Some(3)).count() >= 15);
        assert_eq!(
            g.municipalities
                .iter()
                .filter(|m| m.country == Country::Se)
                .count(),
            290
        );
        assert_eq!(
            g.municipalities
                .iter()
                .filter(|m| m.country == Country::No)
                .count(),
            357
        );
        for region in &g.regions {
            if let Some(parent) = &region.parent {
                assert_eq!(
                    g.region(parent).map(|p| p.level + 1),
                    Some(region.level),
                    "{}",
                    region.code
                );
            }
        }
        for m in &g.municipalities {
            assert_eq!(
                g.region(&m.region).map(|r| r.level),
                Some(3),
                "{} {}",
                m.name,
                m.region
            );
        }
    }

    #[test]
    fn lookups() {
        let g = Geography::embedded();
        let goteborg = g.municipality(Country::Se, "göteborg").unwrap();
        assert_eq!(goteborg.region, "SE232");
        assert!(g.is_within("SE232", "SE2"));
        assert!(!g.is_within("SE232", "SE1"));
        assert!(g.municipality(Country::Gb, "Birmingham").is_some());
        assert!(g.municipality(Country::No, "Trondheim - Tråante").is_some());
        assert_eq!(
            g.municipality(Country::No, "trondheim").unwrap().region,
            "NO060"
        );
        assert_eq!(g.region("SE232").unwrap().name, "Västra Götalands län");
        assert!(g
            .municipalities_starting(Country::Se, "upp")
            .any(|m| m.name == "Uppsala"));
    }
}
