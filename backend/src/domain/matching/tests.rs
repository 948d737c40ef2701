//! Hand-made cases: each number below is worked out from the table in the module's doc.

use super::*;
use crate::domain::need::tests::sample;

fn cpv(code: &str) -> CpvCode {
    CpvCode::parse(code).unwrap()
}

/// Lot 2 of the sample need: cleaning (90911200) in Göteborg (SE232), 20 work-training
/// places, reserved, with an employment requirement for newly arrived people.
fn reserved_lot() -> LotNeeds {
    LotNeeds::of(&sample(), Some(2)).unwrap()
}

/// A verified WISE that fits lot 2 perfectly; tests change one field at a time.
fn ideal(id: i64) -> Capability {
    Capability {
        organisation_id: id,
        cpv: vec![cpv("90911200")],
        regions: vec!["SE232".into()],
        staff: Some(12),
        training_places: Some(20),
        largest_contract: Some(5_000_000),
        verified: true,
        reserved_eligible: true,
        takes_employment_requirements: true,
        target_groups: vec![TargetGroup::NewlyArrived],
    }
}

fn points(fit: &Fit, factor: Factor) -> Option<u32> {
    fit.reasons
        .iter()
        .find(|r| r.factor == factor)
        .map(|r| r.points)
}

#[test]
fn a_lot_reads_its_own_fields_then_the_needs() {
    let lot = reserved_lot();
    assert_eq!(lot.cpv, cpv("90911200"));
    assert_eq!(lot.region.as_deref(), Some("SE232"));
    assert_eq!(lot.capacity, Some((20.0, Measure::TrainingPlaces)));
    assert!(lot.reserved);
    assert_eq!(lot.employment, Some(vec![TargetGroup::NewlyArrived]));

    // Lot 1 says nothing of its own: the need's code, place and value stand in.
    let first = LotNeeds::of(&sample(), Some(1)).unwrap();
    assert_eq!(first.cpv, cpv("90910000"));
    assert_eq!(first.region.as_deref(), Some("SE232"));
    assert_eq!(first.capacity, Some((14_000_000.0, Measure::Value)));
    assert!(!first.reserved);

    assert!(LotNeeds::of(&sample(), Some(9)).is_none());
    assert!(
        LotNeeds::of(&sample(), None).unwrap().reserved,
        "a reserved lot makes the need reserved"
    );
    assert_eq!(LotNeeds::all_of(&sample()).len(), 2);
}

#[test]
fn a_perfect_fit_earns_every_point() {
    let fit = fit(&reserved_lot(), &ideal(1));
    assert_eq!(fit.score, 40 + 25 + 20 + 10 + 5 + 5);
    assert_eq!(fit.reasons.len(), 6);
}

#[test]
fn cpv_points_follow_the_hierarchy() {
    let lot = reserved_lot();
    let cases = [
        ("90911200", 40), // the lot's own code
        ("90911000", 40), // above it: covers it
        ("90911210", 40), // below it
        ("90919200", 30), // same class 9091
        ("90920000", 20), // same group 909
        ("90500000", 10), // same division 90
        ("85312000", 0),  // another division
    ];
    for (code, expected) in cases {
        let cap = Capability {
            cpv: vec![cpv(code)],
            ..ideal(1)
        };
        assert_eq!(
            points(&fit(&lot, &cap), Factor::Cpv),
            Some(expected),
            "{code}"
        );
    }
    // The best of several codes counts.
    let several = Capability {
        cpv: vec![cpv("85312000"), cpv("90919200")],
        ..ideal(1)
    };
    assert_eq!(points(&fit(&lot, &several), Factor::Cpv), Some(30));
}

#[test]
fn region_points_compare_with_the_place_of_delivery() {
    let lot = reserved_lot();
    let cases: [(&[&str], u32); 5] = [
        (&["SE232"], 25), // the place itself
        (&["SE2"], 25),   // a region containing it
        (&["SE1"], 5),    // same country
        (&["NO08"], 0),   // another country
        (&[], 0),
    ];
    for (regions, expected) in cases {
        let cap = Capability {
            regions: regions.iter().map(|r| r.to_string()).collect(),
            ..ideal(1)
        };
        assert_eq!(
            points(&fit(&lot, &cap), Factor::Region),
            Some(expected),
            "{regions:?}"
        );
    }
    // Serving only part of a broad place of delivery earns less than serving all of it.
    let broad = LotNeeds {
        region: Some("SE2".into()),
        ..reserved_lot()
    };
    assert_eq!(points(&fit(&broad, &ideal(1)), Factor::Region), Some(15));
}

#[test]
fn capacity_points_are_the_share_of_the_lot() {
    let lot = reserved_lot();
    let with_places = |places| Capability {
        training_places: places,
        ..ideal(1)
    };
    assert_eq!(
        points(&fit(&lot, &with_places(Some(8))), Factor::Capacity),
        Some(8)
    );
    assert_eq!(
        points(&fit(&lot, &with_places(Some(40))), Factor::Capacity),
        Some(20)
    );
    assert_eq!(
        points(&fit(&lot, &with_places(None)), Factor::Capacity),
        Some(0)
    );
    let explained = fit(&lot, &with_places(Some(8)));
    let reason = explained
        .reasons
        .iter()
        .find(|r| r.factor == Factor::Capacity)
        .unwrap();
    assert_eq!(
        reason.explanation(),
        "Can take on 8 of 20 work-training places."
    );

    // Lot 1 has no quantity: the largest contract is set against the need's 14 million.
    let first = LotNeeds::of(&sample(), Some(1)).unwrap();
    let cap = Capability {
        largest_contract: Some(7_000_000),
        ..ideal(1)
    };
    assert_eq!(points(&fit(&first, &cap), Factor::Capacity), Some(10));
}

#[test]
fn reserved_and_employment_count_only_where_the_lot_asks() {
    let lot = reserved_lot();
    let not_eligible = Capability {
        reserved_eligible: false,
        ..ideal(1)
    };
    assert_eq!(points(&fit(&lot, &not_eligible), Factor::Reserved), Some(0));

    let first = LotNeeds::of(&sample(), Some(1)).unwrap();
    assert_eq!(
        points(&fit(&first, &ideal(1)), Factor::Reserved),
        None,
        "lot 1 is not reserved"
    );

    let other_group = Capability {
        target_groups: vec![TargetGroup::YoungPeople],
        ..ideal(1)
    };
    assert_eq!(
        points(&fit(&lot, &other_group), Factor::Employment),
        Some(0)
    );
    let no_requirement = LotNeeds {
        employment: None,
        ..reserved_lot()
    };
    assert_eq!(
        points(&fit(&no_requirement, &ideal(1)), Factor::Employment),
        None
    );
}

#[test]
fn a_group_covers_what_any_member_covers_and_adds_up_capacity() {
    let lot = reserved_lot();
    let cleaner = Capability {
        training_places: Some(8),
        reserved_eligible: false,
        ..ideal(1)
    };
    let trainer = Capability {
        cpv: vec![cpv("80530000")],
        regions: vec!["SE1".into()],
        training_places: Some(8),
        ..ideal(2)
    };
    let coverage = Coverage::of(&lot, &[cleaner.clone(), trainer.clone()]);
    assert!(coverage.cpv_covered && coverage.region_covered && coverage.reserved_covered);
    assert_eq!(
        coverage.capacity,
        Some((20.0, 16.0, Measure::TrainingPlaces))
    );
    assert_eq!(
        coverage.gaps(),
        vec![Gap::Capacity {
            missing: 4.0,
            measure: Measure::TrainingPlaces
        }]
    );

    // Without the trainer: capacity 12 short and nobody eligible for the reserved lot.
    let alone = Coverage::of(&lot, &[cleaner]);
    assert_eq!(
        alone.gaps(),
        vec![
            Gap::Capacity {
                missing: 12.0,
                measure: Measure::TrainingPlaces
            },
            Gap::Reserved
        ]
    );
    assert_eq!(
        Gap::Reserved.explanation(&lot),
        "No member is eligible for this reserved lot: a verified WISE with at least 30 % \
         target-group staff must take part."
    );

    // The trainer alone lacks the service and the place.
    let gaps = Coverage::of(&lot, &[trainer]).gaps();
    assert!(gaps.contains(&Gap::Cpv) && gaps.contains(&Gap::Region));
}

#[test]
fn a_complement_earns_points_only_for_the_gaps() {
    let lot = reserved_lot();
    let gaps = vec![
        Gap::Capacity {
            missing: 4.0,
            measure: Measure::TrainingPlaces,
        },
        Gap::Reserved,
    ];
    // Six places fill the four missing: full capacity points; eligible: 10.
    let candidate = Capability {
        training_places: Some(6),
        ..ideal(3)
    };
    let fit = complement(&lot, &gaps, &candidate);
    assert_eq!(fit.score, 20 + 10);
    assert_eq!(fit.reasons.len(), 2);
    // Two places fill half the gap.
    let small = Capability {
        training_places: Some(2),
        reserved_eligible: false,
        ..ideal(4)
    };
    assert_eq!(complement(&lot, &gaps, &small).score, 10);
    // No gaps, nothing to earn.
    assert_eq!(complement(&lot, &[], &candidate).score, 0);
}

#[test]
fn ranking_is_by_score_then_id_and_drops_zero() {
    let fit_of = |score| Fit {
        score,
        reasons: vec![],
    };
    let ranked = rank(
        vec![
            (fit_of(50), 9, "i"),
            (fit_of(70), 5, "e"),
            (fit_of(50), 2, "b"),
            (fit_of(0), 1, "a"),
        ],
        10,
    );
    let order: Vec<i64> = ranked.iter().map(|(_, id, _)| *id).collect();
    assert_eq!(order, [5, 2, 9]);
    assert_eq!(
        rank(vec![(fit_of(1), 1, ()), (fit_of(2), 2, ())], 1).len(),
        1
    );
}
