//! Open data: each public need as an OCDS 1.1 release (planning, tender with lots, parties,
//! milestones for the dialogue dates), and release packages.
//!
//! Pure functions from records to JSON; the transport serves them at stable URLs and the
//! schema exposes them as a field. `tests/ocds/validate.py` checks the output against the
//! official release and release-package schemas.

use crate::domain::need::{
    ContractNature, EngagementKind, NeedStatus, ProcedureType, ReservedParticipation,
};
use crate::store::{Need, Organisation};
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Extensions whose fields the releases use.
pub const EXTENSIONS: [&str; 2] = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_otherRequirements_extension/master/extension.json",
];

/// What a release needs besides the need itself.
pub struct ReleaseContext<'a> {
    /// The publisher's OCID prefix, such as `ocds-xxxxxx`.
    pub ocid_prefix: &'a str,
    pub buyer: &'a Organisation,
    pub co_buyers: &'a [Organisation],
    /// English labels of the need's CPV codes.
    pub cpv_labels: &'a HashMap<String, String>,
}

pub fn ocid(prefix: &str, need_id: i64) -> String {
    format!("{prefix}-need-{need_id}")
}

fn timestamp(date: NaiveDate) -> String {
    date.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc().to_rfc3339())
        .unwrap_or_default()
}

/// The party id: the register identifier (`SE-BLV-2120001355`) once an administrator has
/// verified the organisation; until then a platform id, so that an unverified copy of an
/// authority never speaks under the real one's register identifier.
fn party_id(org: &Organisation) -> String {
    if org.verification.is_none() {
        return format!("samspill-org-{}", org.id);
    }
    let number: String = org
        .org_number
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    format!("{}-{number}", org.org_number.scheme())
}

/// A party; an unverified organisation carries no register identifier and says it is
/// unverified (`details.verified: false`).
fn party(org: &Organisation, roles: &[&str]) -> Value {
    let mut party = json!({
        "id": party_id(org),
        "name": org.name,
        "address": { "countryName": org.country().code() },
        "roles": roles,
        "details": { "verified": org.verification.is_some() },
    });
    if org.verification.is_some() {
        let number: String = org
            .org_number
            .as_str()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect();
        party["identifier"] =
            json!({ "scheme": org.org_number.scheme(), "id": number, "legalName": org.name });
    }
    if let Some(region) = &org.region {
        party["address"]["region"] = json!(region);
    }
    party
}

/// Adds a party, or its roles to the party already there with the same id: within a release a
/// party id appears once.
fn add_party(parties: &mut Vec<Value>, new: Value) {
    let existing = parties.iter_mut().find(|p| p["id"] == new["id"]);
    match existing {
        Some(party) => {
            let mut roles: Vec<Value> = party["roles"].as_array().cloned().unwrap_or_default();
            for role in new["roles"].as_array().into_iter().flatten() {
                if !roles.contains(role) {
                    roles.push(role.clone());
                }
            }
            party["roles"] = Value::Array(roles);
        }
        None => parties.push(new),
    }
}

fn tag(status: NeedStatus, version: i64) -> &'static str {
    match status {
        NeedStatus::Draft | NeedStatus::Announced | NeedStatus::InDialogue if version > 1 => {
            "planningUpdate"
        }
        NeedStatus::Draft | NeedStatus::Announced | NeedStatus::InDialogue => "planning",
        NeedStatus::Withdrawn => "planningUpdate",
        NeedStatus::Tendering => "tender",
        NeedStatus::Cancelled => "tenderCancellation",
        NeedStatus::Awarded | NeedStatus::Closed => "award",
    }
}

fn tender_status(status: NeedStatus) -> &'static str {
    match status {
        NeedStatus::Draft | NeedStatus::Announced | NeedStatus::InDialogue => "planned",
        NeedStatus::Tendering => "active",
        NeedStatus::Awarded | NeedStatus::Closed => "complete",
        NeedStatus::Withdrawn => "withdrawn",
        NeedStatus::Cancelled => "cancelled",
    }
}

fn procurement_method(procedure: ProcedureType) -> (&'static str, &'static str) {
    match procedure {
        ProcedureType::Open => ("open", "Open procedure"),
        ProcedureType::Restricted => ("selective", "Restricted procedure"),
        ProcedureType::Negotiated => ("selective", "Negotiated procedure"),
        ProcedureType::CompetitiveDialogue => ("selective", "Competitive dialogue"),
        ProcedureType::InnovationPartnership => ("selective", "Innovation partnership"),
        ProcedureType::DirectAwardBelowThreshold => ("direct", "Direct award below threshold"),
        ProcedureType::DynamicPurchasingSystem => ("selective", "Dynamic purchasing system"),
    }
}

fn value(amount: Option<i64>, currency: &str) -> Option<Value> {
    amount.map(|a| json!({ "amount": a, "currency": currency }))
}

fn classification(code: &str, labels: &HashMap<String, String>) -> Value {
    let mut c = json!({ "scheme": "CPV", "id": code });
    if let Some(label) = labels.get(code) {
        c["description"] = json!(label);
    }
    c
}

fn engagement_title(kind: EngagementKind) -> &'static str {
    match kind {
        EngagementKind::RequestForInformation => "Request for information",
        EngagementKind::SupplierDay => "Supplier day",
        EngagementKind::OneToOneMeetings => "One-to-one meetings",
        EngagementKind::DraftConsultation => "Consultation on draft documents",
    }
}

/// The need as one OCDS release.
pub fn release(need: &Need, ctx: &ReleaseContext<'_>) -> Value {
    let c = &need.content;
    let ocid = ocid(ctx.ocid_prefix, need.id);
    let mut parties = vec![party(ctx.buyer, &["buyer", "procuringEntity"])];
    for co_buyer in ctx.co_buyers {
        add_party(&mut parties, party(co_buyer, &["buyer"]));
    }

    let mut tender = json!({
        "id": format!("need-{}", need.id),
        "title": c.title,
        "description": if c.summary.trim().is_empty() { &c.description } else { &c.summary },
        "status": tender_status(need.status),
        "procurementMethod": procurement_method(c.procedure_type).0,
        "procurementMethodDetails": procurement_method(c.procedure_type).1,
        "mainProcurementCategory": match c.contract_nature {
            ContractNature::Works => "works",
            ContractNature::Supplies => "goods",
            ContractNature::Services => "services",
        },
        "items": items(need, ctx.cpv_labels),
        "milestones": milestones(need),
    });
    if let Some(estimate) = &c.estimated_value {
        let currency = estimate.currency.as_stored();
        if let Some(v) = value(estimate.max.or(estimate.min), currency) {
            tender["value"] = v;
        }
        if let (Some(min), Some(_)) = (estimate.min, estimate.max) {
            tender["minValue"] = json!({ "amount": min, "currency": currency });
        }
    }
    if !c.lots.is_empty() {
        tender["lots"] = json!(c.lots.iter().map(lot_json).collect::<Vec<_>>());
        if let Some(max) = c.max_lots_per_bidder {
            tender["lotDetails"] = json!({ "maximumLotsBidPerSupplier": max });
        }
    }
    let d = &c.dates;
    if d.expected_tender_publication.is_some() || d.tender_deadline.is_some() {
        let mut period = json!({});
        if let Some(start) = d.expected_tender_publication {
            period["startDate"] = json!(timestamp(start));
        }
        if let Some(end) = d.tender_deadline {
            period["endDate"] = json!(timestamp(end));
        }
        tender["tenderPeriod"] = period;
    }
    if d.dialogue_opens.is_some() || d.dialogue_closes.is_some() {
        let mut period = json!({});
        if let Some(opens) = d.dialogue_opens {
            period["startDate"] = json!(timestamp(opens));
        }
        if let Some(closes) = d
            .questions_deadline
            .map(|t| t.to_rfc3339())
            .or(d.dialogue_closes.map(timestamp))
        {
            period["endDate"] = json!(closes);
        }
        tender["enquiryPeriod"] = period;
    }
    if let Some(start) = d.contract_start {
        let mut period = json!({ "startDate": timestamp(start) });
        if let Some(end) = d
            .contract_duration_months
            .and_then(|m| start.checked_add_months(chrono::Months::new(m)))
        {
            period["endDate"] = json!(timestamp(end));
        }
        tender["contractPeriod"] = period;
    }
    if let Some(criteria) = eligibility(c.reserved, c.lots.iter().any(|l| l.reserved)) {
        tender["eligibilityCriteria"] = json!(criteria);
    }
    match c.reserved {
        ReservedParticipation::ShelteredWorkshops => {
            tender["otherRequirements"] = json!({ "reservedParticipation": ["shelteredWorkshop"] });
        }
        ReservedParticipation::PublicServiceMission => {
            tender["otherRequirements"] =
                json!({ "reservedParticipation": ["publicServiceMissionOrganization"] });
        }
        ReservedParticipation::None => {}
    }

    let mut planning = json!({ "milestones": planning_milestones(need) });
    if !c.rationale.trim().is_empty() {
        planning["rationale"] = json!(c.rationale);
    }
    let date = need
        .updated_at
        .max(need.announced_at.unwrap_or(need.updated_at));
    json!({
        "ocid": ocid,
        // Unique per published change without revealing how often the draft was edited.
        "id": format!("{ocid}-{}", date.timestamp_millis()),
        "date": date.to_rfc3339(),
        "tag": [tag(need.status, need.version)],
        "initiationType": "tender",
        // The buyer's texts are in this language (the fixed eligibility sentences are English).
        "language": c
            .language
            .unwrap_or_else(|| crate::domain::need::Language::for_country(c.place.country))
            .code(),
        "parties": parties,
        "buyer": { "id": party_id(ctx.buyer), "name": ctx.buyer.name },
        "planning": planning,
        "tender": tender,
    })
}

fn eligibility(reserved: ReservedParticipation, some_lot_reserved: bool) -> Option<&'static str> {
    match reserved {
        ReservedParticipation::ShelteredWorkshops => Some(
            "Reserved for sheltered workshops and economic operators whose main aim is the social \
             and professional \
             integration of disabled or disadvantaged persons, at least 30% of whose staff are \
             such persons \
             (Directive 2014/24/EU Article 20).",
        ),
        ReservedParticipation::PublicServiceMission => Some(
            "Reserved for organisations with a public-service mission for the health, social and \
             cultural services \
             of Directive 2014/24/EU Article 77.",
        ),
        ReservedParticipation::None if some_lot_reserved => Some(
            "Some lots are reserved for sheltered workshops and economic operators whose main aim \
             is the social and \
             professional integration of disabled or disadvantaged persons (Directive 2014/24/EU \
             Article 20).",
        ),
        ReservedParticipation::None => None,
    }
}

fn lot_json(lot: &crate::domain::need::Lot) -> Value {
    let mut value_json = json!({ "id": format!("lot-{}", lot.number), "title": lot.title });
    if !lot.description.trim().is_empty() {
        value_json["description"] = json!(lot.description);
    }
    if let Some(estimate) = &lot.estimated_value {
        if let Some(v) = value(estimate.max.or(estimate.min), estimate.currency.as_stored()) {
            value_json["value"] = v;
        }
    }
    value_json
}

fn items(need: &Need, labels: &HashMap<String, String>) -> Vec<Value> {
    let c = &need.content;
    let mut main = json!({
        "id": "1",
        "description": c.title,
        "classification": classification(c.main_cpv.as_str(), labels),
    });
    if !c.additional_cpvs.is_empty() {
        main["additionalClassifications"] = json!(c
            .additional_cpvs
            .iter()
            .map(|code| classification(code.as_str(), labels))
            .collect::<Vec<_>>());
    }
    let mut items = vec![main];
    for lot in &c.lots {
        let mut item = json!({
            "id": format!("lot-{}-item", lot.number),
            "description": lot.title,
            "classification": classification(lot.cpv.as_ref().unwrap_or(&c.main_cpv).as_str(), labels),
            "relatedLot": format!("lot-{}", lot.number),
        });
        if let Some(quantity) = &lot.quantity {
            item["quantity"] = json!(quantity.amount);
            item["unit"] = json!({ "name": quantity.unit });
        }
        items.push(item);
    }
    items
}

fn milestone(
    id: &str,
    title: &str,
    kind: &str,
    due: Option<String>,
    description: Option<&str>,
) -> Value {
    let mut m = json!({ "id": id, "title": title, "type": kind, "status": "scheduled" });
    if let Some(due) = due {
        m["dueDate"] = json!(due);
    }
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        m["description"] = json!(description);
    }
    m
}

/// The dialogue's dates and each engagement activity, as `engagement` milestones.
fn milestones(need: &Need) -> Vec<Value> {
    let d = &need.content.dates;
    let mut out = Vec::new();
    if let Some(opens) = d.dialogue_opens {
        out.push(milestone(
            "dialogue-opens",
            "Market dialogue opens",
            "engagement",
            Some(timestamp(opens)),
            None,
        ));
    }
    if let Some(deadline) = d.questions_deadline {
        out.push(milestone(
            "questions-deadline",
            "Deadline for questions",
            "engagement",
            Some(deadline.to_rfc3339()),
            None,
        ));
    }
    if let Some(closes) = d.dialogue_closes {
        out.push(milestone(
            "dialogue-closes",
            "Market dialogue closes",
            "engagement",
            Some(timestamp(closes)),
            None,
        ));
    }
    for (i, activity) in need.content.engagement.iter().enumerate() {
        let due = activity.starts_at.map(|t: DateTime<Utc>| t.to_rfc3339());
        let description = [activity.description.as_str(), activity.place.as_str()]
            .iter()
            .filter(|s| !s.trim().is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" — ");
        out.push(milestone(
            &format!("engagement-{}", i + 1),
            engagement_title(activity.kind),
            "engagement",
            due,
            Some(&description),
        ));
    }
    out
}

/// Planning milestones: the expected tender publication (eForms BT-127).
fn planning_milestones(need: &Need) -> Vec<Value> {
    need.content
        .dates
        .expected_tender_publication
        .map(|date| {
            milestone(
                "expected-tender",
                "Expected tender publication",
                "preProcurement",
                Some(timestamp(date)),
                None,
            )
        })
        .into_iter()
        .collect()
}

/// A release package around `releases`.
pub fn package(uri: &str, releases: Vec<Value>, published: DateTime<Utc>) -> Value {
    json!({
        "uri": uri,
        "version": "1.1",
        "extensions": EXTENSIONS,
        "publishedDate": published.to_rfc3339(),
        "publisher": { "name": "Samspill" },
        "releases": releases,
    })
}
