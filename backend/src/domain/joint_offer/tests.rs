//! Hand-made cases for the offer's rules and its coverage arithmetic.

use super::*;
use crate::domain::matching::Measure;
use crate::domain::need::tests::sample;
use crate::domain::need::TargetGroup;

fn cpv(code: &str) -> CpvCode {
    CpvCode::parse(code).unwrap()
}

fn member(org: i64, role: MemberRole, state: MemberState, confirmed: bool) -> MemberEntry {
    MemberEntry {
        organisation_id: org,
        role,
        state,
        confirmed,
    }
}

/// Lead 1 (confirmed), partner 2 (not yet confirmed), organisation 3 invited.
fn forming() -> Vec<MemberEntry> {
    vec![
        member(1, MemberRole::Lead, MemberState::Accepted, true),
        member(2, MemberRole::Partner, MemberState::Accepted, false),
        member(3, MemberRole::Subcontractor, MemberState::Invited, false),
    ]
}

#[test]
fn ready_needs_every_member_confirmed_and_no_open_invitation() {
    let mut members = forming();
    assert_eq!(
        settled_status(OfferStatus::Forming, &members),
        OfferStatus::Forming
    );
    members[1].confirmed = true;
    assert_eq!(
        settled_status(OfferStatus::Forming, &members),
        OfferStatus::Forming,
        "the invitation to 3 is still open"
    );
    members[2].state = MemberState::Declined;
    assert_eq!(
        settled_status(OfferStatus::Forming, &members),
        OfferStatus::Ready
    );
    members[1].confirmed = false;
    assert_eq!(
        settled_status(OfferStatus::Ready, &members),
        OfferStatus::Forming,
        "a change after readiness sends it back"
    );
    assert_eq!(
        settled_status(OfferStatus::Submitted, &members),
        OfferStatus::Submitted,
        "a submitted offer stays submitted"
    );
}

#[test]
fn changes_are_checked_against_the_state() {
    let members = forming();
    let invite = |org| OfferOp::Invite {
        organisation_id: org,
        role: MemberRole::Partner,
        message: String::new(),
    };
    assert!(invite(4).check(OfferStatus::Forming, &members).is_ok());
    assert!(invite(2).check(OfferStatus::Forming, &members).is_err());
    assert!(invite(3).check(OfferStatus::Forming, &members).is_err());
    assert!(invite(4).check(OfferStatus::Submitted, &members).is_err());
    let as_lead = OfferOp::Invite {
        organisation_id: 4,
        role: MemberRole::Lead,
        message: String::new(),
    };
    assert!(as_lead.check(OfferStatus::Forming, &members).is_err());

    assert!(OfferOp::Admit { organisation_id: 3 }
        .check(OfferStatus::Forming, &members)
        .is_ok());
    assert!(OfferOp::Admit { organisation_id: 2 }
        .check(OfferStatus::Forming, &members)
        .is_err());
    assert!(OfferOp::Leave { organisation_id: 1 }
        .check(OfferStatus::Forming, &members)
        .unwrap_err()
        .contains("hand over"));
    assert!(OfferOp::Leave { organisation_id: 2 }
        .check(OfferStatus::Ready, &members)
        .is_ok());
    assert!(OfferOp::HandOver { organisation_id: 3 }
        .check(OfferStatus::Forming, &members)
        .is_err());
    assert!(OfferOp::HandOver { organisation_id: 2 }
        .check(OfferStatus::Forming, &members)
        .is_ok());
    assert!(OfferOp::Submit
        .check(OfferStatus::Forming, &members)
        .is_err());
    assert!(OfferOp::Submit.check(OfferStatus::Ready, &members).is_ok());
    assert!(OfferOp::Withdraw
        .check(OfferStatus::Submitted, &members)
        .is_ok());
    assert!(OfferOp::Withdraw
        .check(OfferStatus::Awarded, &members)
        .is_err());
    assert!(OfferOp::Decide { awarded: true }
        .check(OfferStatus::Ready, &members)
        .is_err());
    assert_eq!(
        OfferOp::Decide { awarded: false }.target_status(OfferStatus::Submitted),
        OfferStatus::NotAwarded
    );
}

/// Lot 2 of the sample need: cleaning (90911200) in Göteborg (SE232), 20 work-training
/// places, reserved.
fn reserved_lot() -> LotNeeds {
    LotNeeds::of(&sample(), Some(2)).unwrap()
}

fn wise(id: i64, places: u32) -> Capability {
    Capability {
        organisation_id: id,
        cpv: vec![cpv("90911200")],
        regions: vec!["SE232".into()],
        staff: Some(5),
        training_places: Some(places),
        largest_contract: None,
        verified: true,
        reserved_eligible: true,
        takes_employment_requirements: true,
        target_groups: vec![TargetGroup::NewlyArrived],
    }
}

fn with(profile: Capability, contribution: Contribution) -> MemberCapacity {
    MemberCapacity {
        profile,
        contribution,
    }
}

#[test]
fn contributions_add_up_per_lot() {
    // 8 + 7 of 20 places: 5 missing; nobody could take the lot alone.
    let lot = reserved_lot();
    let places = |n| Contribution {
        training_places: Some(n),
        ..Contribution::default()
    };
    let members = [with(wise(1, 10), places(8)), with(wise(2, 12), places(7))];
    let assessed = assess_lot(&lot, &members);
    assert_eq!(
        assessed.coverage.capacity,
        Some((20.0, 15.0, Measure::TrainingPlaces))
    );
    assert_eq!(
        assessed.gaps,
        vec![Gap::Capacity {
            missing: 5.0,
            measure: Measure::TrainingPlaces
        }]
    );
    assert!(assessed.alone_capable.is_empty());

    // A third member for 5 places closes the gap.
    let mut three = members.to_vec();
    three.push(with(wise(3, 5), places(5)));
    assert!(assess_lot(&lot, &three).gaps.is_empty());
}

#[test]
fn a_member_working_on_other_lots_adds_nothing_here() {
    let lot = reserved_lot();
    let elsewhere = Contribution {
        lots: vec![1],
        training_places: Some(20),
        ..Contribution::default()
    };
    let assessed = assess_lot(&lot, &[with(wise(1, 20), elsewhere)]);
    assert_eq!(
        assessed.coverage.capacity,
        Some((20.0, 0.0, Measure::TrainingPlaces))
    );
    assert!(assessed.gaps.contains(&Gap::Cpv));
    assert!(assessed.gaps.contains(&Gap::Reserved));
    assert_eq!(
        assessed.alone_capable,
        vec![1],
        "by its profile it could take the lot alone"
    );
}

#[test]
fn stated_regions_and_codes_replace_the_profiles() {
    let lot = reserved_lot();
    let narrowed = Contribution {
        regions: vec!["SE110".into()],
        cpv: vec![cpv("55520000")],
        training_places: Some(20),
        ..Contribution::default()
    };
    let assessed = assess_lot(&lot, &[with(wise(1, 20), narrowed)]);
    assert!(assessed.gaps.contains(&Gap::Region));
    assert!(assessed.gaps.contains(&Gap::Cpv));
    assert!(!assessed.gaps.contains(&Gap::Reserved));
}

#[test]
fn a_reserved_lot_needs_an_eligible_member() {
    let lot = reserved_lot();
    let mut supplier = wise(1, 20);
    supplier.reserved_eligible = false;
    let assessed = assess_lot(&lot, &[with(supplier, Contribution::default())]);
    assert_eq!(assessed.gaps, vec![Gap::Reserved]);
    assert!(assessed.alone_capable.is_empty());
}

#[test]
fn a_need_without_lots_is_lot_zero() {
    let contribution = Contribution {
        lots: vec![0],
        ..Contribution::default()
    };
    assert!(contribution.covers_lot(0));
    assert!(!contribution.covers_lot(1));
    assert!(Contribution::default().covers_lot(7));
}

#[test]
fn stored_names_round_trip() {
    for status in [
        OfferStatus::Forming,
        OfferStatus::Ready,
        OfferStatus::Submitted,
        OfferStatus::Withdrawn,
        OfferStatus::Awarded,
        OfferStatus::NotAwarded,
    ] {
        assert_eq!(OfferStatus::from_stored(status.as_stored()), Some(status));
    }
    for kind in [
        OfferChangeKind::Created,
        OfferChangeKind::LeadHandedOver,
        OfferChangeKind::StatusChanged,
    ] {
        assert_eq!(OfferChangeKind::from_stored(kind.as_stored()), Some(kind));
    }
    assert_eq!(MemberState::from_stored("LEFT"), Some(MemberState::Left));
    assert_eq!(
        MemberRole::from_stored("SUBCONTRACTOR"),
        Some(MemberRole::Subcontractor)
    );
}
