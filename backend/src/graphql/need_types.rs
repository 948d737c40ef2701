//! Output types for needs, saved searches and notifications.

use super::ids::NodeType;
use super::need_inputs::*;
use super::organisations::OrganisationNode;
use super::types::Country;
use super::{services, viewer};
use crate::domain::cpv::CpvCode;
use crate::domain::markdown::render_safe;
use crate::domain::need::{self as d, NeedContent};
use crate::error::AppResult;
use crate::store::{self, Need, NeedInterest, Notification, SavedSearch};
use async_graphql::{Context, Enum, Json, Object, SimpleObject, ID};
use chrono::{DateTime, NaiveDate, Utc};

/// A CPV code with its English label (the second field when already read, else looked up).
pub struct Cpv(pub CpvCode, pub Option<String>);

#[Object(name = "CpvCode")]
impl Cpv {
    async fn code(&self) -> &str {
        self.0.as_str()
    }

    /// The English label: no Swedish or Norwegian CPV labels are published for reuse yet.
    async fn label(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        if let Some(label) = &self.1 {
            return Ok(Some(label.clone()));
        }
        super::loaders::cpv_label(ctx, &self.0).await
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Place")]
pub struct PlaceOut {
    pub country: Country,
    pub nuts_code: Option<String>,
    /// The region's name in the local language.
    pub region_name: Option<String>,
    pub municipality: Option<String>,
}

#[derive(SimpleObject)]
#[graphql(name = "EstimatedValue")]
pub struct EstimatedValueOut {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub currency: Currency,
}

impl From<&d::EstimatedValue> for EstimatedValueOut {
    fn from(v: &d::EstimatedValue) -> Self {
        Self {
            min: v.min.map(|a| a as f64),
            max: v.max.map(|a| a as f64),
            currency: v.currency.into(),
        }
    }
}

#[derive(SimpleObject)]
#[graphql(name = "Quantity")]
pub struct QuantityOut {
    pub amount: f64,
    pub unit: String,
}

pub struct LotOut(d::Lot);

#[Object(name = "Lot")]
impl LotOut {
    async fn number(&self) -> u32 {
        self.0.number
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> &str {
        &self.0.description
    }
    async fn cpv(&self) -> Option<Cpv> {
        self.0.cpv.clone().map(|code| Cpv(code, None))
    }
    async fn nuts_code(&self) -> Option<&str> {
        self.0.nuts_code.as_deref()
    }
    async fn estimated_value(&self) -> Option<EstimatedValueOut> {
        self.0.estimated_value.as_ref().map(Into::into)
    }
    async fn quantity(&self) -> Option<QuantityOut> {
        self.0.quantity.as_ref().map(|q| QuantityOut {
            amount: q.amount,
            unit: q.unit.clone(),
        })
    }
    /// Reserved for sheltered workshops / WISE (`res-ws`).
    async fn reserved(&self) -> bool {
        self.0.reserved
    }
}

#[derive(SimpleObject)]
#[graphql(name = "NeedDates")]
pub struct DatesOut {
    pub dialogue_opens: Option<NaiveDate>,
    pub dialogue_closes: Option<NaiveDate>,
    pub questions_deadline: Option<DateTime<Utc>>,
    /// eForms BT-127.
    pub expected_tender_publication: Option<NaiveDate>,
    /// The expected deadline for tenders.
    pub tender_deadline: Option<NaiveDate>,
    pub contract_start: Option<NaiveDate>,
    pub contract_duration_months: Option<u32>,
}

#[derive(SimpleObject)]
#[graphql(name = "StrategicFlags")]
pub struct FlagsOut {
    pub social_objective: bool,
    pub innovative: bool,
    pub green: bool,
    pub sme_suitable: bool,
}

#[derive(SimpleObject)]
#[graphql(name = "EmploymentRequirement")]
pub struct EmploymentOut {
    pub variant: EmploymentVariant,
    pub target_groups: Vec<TargetGroup>,
    pub volume_full_time_months: Option<u32>,
    pub first_hire_within_months: Option<u32>,
    pub follow_up_by: String,
    pub reporting: String,
}

#[derive(SimpleObject)]
#[graphql(name = "EngagementActivity")]
pub struct EngagementOut {
    pub kind: EngagementKind,
    pub starts_at: Option<DateTime<Utc>>,
    pub place: String,
    pub description: String,
}

#[derive(SimpleObject)]
#[graphql(name = "NeedContact")]
pub struct ContactOut {
    pub name: String,
    pub email: String,
}

/// One status change.
pub struct TransitionOut {
    transition: store::NeedTransition,
    /// Names are shown to the buyer side only.
    show_who: bool,
}

#[Object(name = "NeedTransition")]
impl TransitionOut {
    async fn from(&self) -> NeedStatus {
        self.transition.from.into()
    }
    async fn to(&self) -> NeedStatus {
        self.transition.to.into()
    }
    async fn at(&self) -> DateTime<Utc> {
        self.transition.changed_at
    }
    async fn note(&self) -> &str {
        &self.transition.note
    }
    /// Who made the change; for the buyer's members only.
    async fn by(&self, ctx: &Context<'_>) -> AppResult<Option<String>> {
        if !self.show_who {
            return Ok(None);
        }
        super::loaders::user_name(ctx, self.transition.changed_by).await
    }
}

/// A published version and what changed in it.
#[derive(SimpleObject)]
#[graphql(name = "NeedVersion")]
pub struct VersionOut {
    pub version: i64,
    pub edited_at: DateTime<Utc>,
    /// Top-level fields that differ from the previous version (empty for version 1).
    pub changed_fields: Vec<String>,
    /// The need's content as published in this version, for comparing versions side by side.
    pub content: Json<NeedContent>,
}

pub struct InterestOut(pub NeedInterest);

#[Object(name = "NeedInterest")]
impl InterestOut {
    async fn organisation(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.organisation_id).await?,
        ))
    }
    /// Lot numbers; empty means the whole need.
    async fn lot_numbers(&self) -> &[u32] {
        &self.0.lots
    }
    async fn marked_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// An upcoming procurement a buyer has announced (a planning notice).
pub struct NeedNode(pub Need);

impl NeedNode {
    fn content(&self) -> &NeedContent {
        &self.0.content
    }
}

#[Object(name = "Need")]
impl NeedNode {
    pub async fn id(&self) -> ID {
        NodeType::Need.id(self.0.id)
    }
    async fn status(&self) -> NeedStatus {
        self.0.status.into()
    }
    /// Whether enterprises can take part in the market dialogue today, and until when.
    async fn dialogue_window(&self) -> DialogueWindowOut {
        DialogueWindowOut::of(&self.0)
    }
    /// Send this back when editing; a newer one on the server means someone else edited first.
    /// For the buyer side only (it counts draft edits too).
    async fn revision(&self, ctx: &Context<'_>) -> AppResult<Option<i64>> {
        let editor = services(ctx)?.can_edit_need(viewer(ctx), &self.0).await?;
        Ok(editor.then_some(self.0.revision))
    }
    /// The published version (0 while a draft).
    async fn version(&self) -> i64 {
        self.0.version
    }
    async fn buyer(&self, ctx: &Context<'_>) -> AppResult<OrganisationNode> {
        Ok(OrganisationNode(
            super::loaders::organisation(ctx, self.0.buyer_id).await?,
        ))
    }
    /// Other public buyers in a joint procurement, each named only after its admins accepted.
    async fn co_buyers(&self, ctx: &Context<'_>) -> AppResult<Vec<OrganisationNode>> {
        let organisations = super::loaders::organisations(ctx, &self.0.co_buyers).await?;
        Ok(organisations.into_iter().map(OrganisationNode).collect())
    }
    /// Other buyers asked to join that have not accepted yet; they are named nowhere else.
    /// For the buyer side only (empty for everyone else).
    async fn pending_co_buyers(&self, ctx: &Context<'_>) -> AppResult<Vec<OrganisationNode>> {
        let services = services(ctx)?;
        let mut out = Vec::new();
        for id in services.pending_co_buyers(viewer(ctx), &self.0).await? {
            out.push(OrganisationNode(services.organisation(id).await?));
        }
        Ok(out)
    }
    async fn title(&self) -> &str {
        &self.content().title
    }
    async fn summary(&self) -> &str {
        &self.content().summary
    }
    /// The language the need is written in, as a BCP 47 tag: `sv`, `nb`, `nn` or `en`.
    async fn language(&self) -> &'static str {
        let content = self.content();
        content
            .language
            .unwrap_or_else(|| d::Language::for_country(content.place.country))
            .code()
    }
    /// Markdown as the buyer wrote it.
    async fn description(&self) -> &str {
        &self.content().description
    }
    /// The description as HTML that is safe to insert into a page.
    async fn description_html(&self) -> String {
        render_safe(&self.content().description)
    }
    async fn rationale(&self) -> &str {
        &self.content().rationale
    }
    async fn main_cpv(&self) -> Cpv {
        Cpv(self.content().main_cpv.clone(), None)
    }
    async fn additional_cpvs(&self) -> Vec<Cpv> {
        self.content()
            .additional_cpvs
            .iter()
            .cloned()
            .map(|code| Cpv(code, None))
            .collect()
    }
    async fn place(&self, ctx: &Context<'_>) -> AppResult<PlaceOut> {
        let place = &self.content().place;
        let region_name = place
            .nuts_code
            .as_deref()
            .and_then(|c| services(ctx).ok()?.geography().region(c))
            .map(|r| r.name.clone());
        Ok(PlaceOut {
            country: place.country.into(),
            nuts_code: place.nuts_code.clone(),
            region_name,
            municipality: place.municipality.clone(),
        })
    }
    async fn contract_nature(&self) -> ContractNature {
        self.content().contract_nature.into()
    }
    async fn procedure_type(&self) -> ProcedureType {
        self.content().procedure_type.into()
    }
    async fn estimated_value(&self) -> Option<EstimatedValueOut> {
        self.content().estimated_value.as_ref().map(Into::into)
    }
    async fn lots(&self) -> Vec<LotOut> {
        self.content().lots.iter().cloned().map(LotOut).collect()
    }
    async fn max_lots_per_bidder(&self) -> Option<u32> {
        self.content().max_lots_per_bidder
    }
    async fn dates(&self) -> DatesOut {
        let d = &self.content().dates;
        DatesOut {
            dialogue_opens: d.dialogue_opens,
            dialogue_closes: d.dialogue_closes,
            questions_deadline: d.questions_deadline,
            expected_tender_publication: d.expected_tender_publication,
            tender_deadline: d.tender_deadline,
            contract_start: d.contract_start,
            contract_duration_months: d.contract_duration_months,
        }
    }
    /// eForms BT-71 for the need as a whole; see also `lots.reserved`.
    async fn reserved(&self) -> ReservedParticipation {
        self.content().reserved.into()
    }
    /// The eForms code: `none`, `res-ws` or `res-pub-ser`.
    async fn reserved_code(&self) -> &'static str {
        self.content().reserved.as_stored()
    }
    /// True when the need or any of its lots is reserved.
    async fn has_reserved_part(&self) -> bool {
        self.content().reserved_any()
    }
    async fn flags(&self) -> FlagsOut {
        let f = self.content().flags;
        FlagsOut {
            social_objective: f.social_objective,
            innovative: f.innovative,
            green: f.green,
            sme_suitable: f.sme_suitable,
        }
    }
    async fn employment_requirement(&self) -> Option<EmploymentOut> {
        self.content().employment.as_ref().map(|e| EmploymentOut {
            variant: e.variant.into(),
            target_groups: e.target_groups.iter().map(|&t| t.into()).collect(),
            volume_full_time_months: e.volume_full_time_months,
            first_hire_within_months: e.first_hire_within_months,
            follow_up_by: e.follow_up_by.clone(),
            reporting: e.reporting.clone(),
        })
    }
    async fn engagement_plan(&self) -> Vec<EngagementOut> {
        self.content()
            .engagement
            .iter()
            .map(|a| EngagementOut {
                kind: a.kind.into(),
                starts_at: a.starts_at,
                place: a.place.clone(),
                description: a.description.clone(),
            })
            .collect()
    }
    async fn joint_offers_welcome(&self) -> bool {
        self.content().joint_offers_welcome
    }
    async fn subcontracting_welcome(&self) -> bool {
        self.content().subcontracting_welcome
    }
    async fn contact(&self) -> Option<ContactOut> {
        self.content().contact.as_ref().map(|c| ContactOut {
            name: c.name.clone(),
            email: c.email.clone(),
        })
    }
    async fn announced_at(&self) -> Option<DateTime<Utc>> {
        self.0.announced_at
    }
    /// When drafting began; for the buyer side only.
    async fn created_at(&self, ctx: &Context<'_>) -> AppResult<Option<DateTime<Utc>>> {
        let editor = services(ctx)?.can_edit_need(viewer(ctx), &self.0).await?;
        Ok(editor.then_some(self.0.created_at))
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// True when the viewer belongs to the buyer or a co-buyer.
    async fn viewer_can_edit(&self, ctx: &Context<'_>) -> AppResult<bool> {
        services(ctx)?.can_edit_need(viewer(ctx), &self.0).await
    }
    /// The statuses the viewer may move the need to now (empty for everyone but the buyer side).
    async fn allowed_transitions(&self, ctx: &Context<'_>) -> AppResult<Vec<NeedStatus>> {
        if !services(ctx)?.can_edit_need(viewer(ctx), &self.0).await? {
            return Ok(Vec::new());
        }
        Ok(self.0.status.next().iter().map(|&s| s.into()).collect())
    }
    /// Every status change, oldest first.
    async fn status_history(&self, ctx: &Context<'_>) -> AppResult<Vec<TransitionOut>> {
        let services = services(ctx)?;
        let show_who = services.can_edit_need(viewer(ctx), &self.0).await?;
        let transitions = services.need_transitions(&self.0).await?;
        Ok(transitions
            .into_iter()
            .map(|transition| TransitionOut {
                transition,
                show_who,
            })
            .collect())
    }
    /// Published versions, oldest first, with what changed in each.
    async fn versions(&self, ctx: &Context<'_>) -> AppResult<Vec<VersionOut>> {
        let versions = services(ctx)?.need_versions(&self.0).await?;
        Ok(versions
            .iter()
            .enumerate()
            .map(|(i, v)| VersionOut {
                version: v.version,
                edited_at: v.edited_at,
                changed_fields: if i == 0 {
                    Vec::new()
                } else {
                    NeedContent::changed_fields(&versions[i - 1].content, &v.content)
                },
                content: Json(v.content.clone()),
            })
            .collect())
    }
    /// Organisations that marked interest; for the buyer side only.
    async fn interested_organisations(&self, ctx: &Context<'_>) -> AppResult<Vec<InterestOut>> {
        let interests = services(ctx)?.interests(viewer(ctx), &self.0).await?;
        Ok(interests.into_iter().map(InterestOut).collect())
    }
    /// The interest of the viewer's own organisations.
    async fn viewer_interests(&self, ctx: &Context<'_>) -> AppResult<Vec<InterestOut>> {
        let interests = services(ctx)?
            .viewer_interests(viewer(ctx), &self.0)
            .await?;
        Ok(interests.into_iter().map(InterestOut).collect())
    }
    /// The market dialogue's questions the viewer may see: all of them for the buyer, the
    /// organisation's own for an asker, the published ones (anonymous) for everyone.
    async fn questions(&self, ctx: &Context<'_>) -> AppResult<Vec<super::dialogue::QuestionNode>> {
        super::dialogue::questions_of(ctx, self).await
    }
    /// The published questions and answers in the order they were answered: what every
    /// interested organisation learns alike.
    async fn questions_and_answers(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<super::dialogue::QuestionNode>> {
        let mut published = services(ctx)?.published_answers(&self.0).await?;
        published.sort_by_key(|q| q.answered_at);
        Ok(published
            .into_iter()
            .map(|q| super::dialogue::QuestionNode::from((q, false)))
            .collect())
    }
    /// The dialogue threads the viewer may read, most recently active first (signed-in only).
    async fn threads(&self, ctx: &Context<'_>) -> AppResult<Vec<super::threads::ThreadNode>> {
        let threads = services(ctx)?.threads_of(viewer(ctx), &self.0).await?;
        Ok(threads
            .into_iter()
            .map(super::threads::ThreadNode)
            .collect())
    }
    /// Joint offers for this need the viewer may see: its own organisations' offers, and for
    /// the buyer side the submitted ones (never one before submission).
    async fn joint_offers(
        &self,
        ctx: &Context<'_>,
    ) -> AppResult<Vec<super::joint_offers::JointOfferNode>> {
        let offers = services(ctx)?
            .joint_offers_for_need(viewer(ctx), &self.0)
            .await?;
        Ok(offers.into_iter().map(Into::into).collect())
    }
    /// Supplier days and one-to-one slots, in time order.
    async fn meetings(&self, ctx: &Context<'_>) -> AppResult<Vec<super::meetings::MeetingNode>> {
        let meetings = services(ctx)?.meetings_of(&self.0).await?;
        Ok(meetings
            .into_iter()
            .map(super::meetings::MeetingNode)
            .collect())
    }
    /// Enterprises ranked by how well they fit the lot (or the whole need when `lot` is left
    /// out), each with its score and reasons. Profiles the viewer may not see are left out.
    #[graphql(complexity = "first.clamp(1, 50) as usize * child_complexity")]
    async fn suggested_partners(
        &self,
        ctx: &Context<'_>,
        lot: Option<i32>,
        #[graphql(default = 10)] first: i32,
    ) -> AppResult<Vec<super::matching::SuggestedPartner>> {
        super::matching::suggested_partners(ctx, self.0.id, lot, first).await
    }
    /// The need as an OCDS 1.1 release; `null` for a draft.
    async fn ocds_release(&self, ctx: &Context<'_>) -> AppResult<Option<Json<serde_json::Value>>> {
        if !self.0.status.is_public() {
            return Ok(None);
        }
        Ok(Some(Json(services(ctx)?.ocds_release(&self.0).await?)))
    }
}

/// A person's saved need search; matching announcements and changes notify them.
pub struct SavedSearchNode(pub SavedSearch);

#[Object(name = "SavedSearch")]
impl SavedSearchNode {
    async fn id(&self) -> ID {
        NodeType::SavedSearch.id(self.0.id)
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The criteria, as given to `needs(filter:)`.
    async fn filter(&self) -> Json<d::NeedFilter> {
        Json(self.0.filter.clone())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

#[derive(Enum, Copy, Clone, Eq, PartialEq)]
#[graphql(remote = "store::NotificationKind")]
pub enum NotificationKind {
    SavedSearchMatch,
    NeedChanged,
    NeedStatusChanged,
    AnswerPublished,
    ThreadReply,
    MeetingBooked,
    MeetingChanged,
    JointOfferInvitation,
    JointOfferChanged,
    CoBuyerRequest,
}

pub struct NotificationNode(pub Notification);

#[Object(name = "Notification")]
impl NotificationNode {
    async fn id(&self) -> ID {
        NodeType::Notification.id(self.0.id)
    }
    async fn kind(&self) -> NotificationKind {
        self.0.kind.into()
    }
    async fn message(&self) -> &str {
        &self.0.message
    }
    /// The need it is about, if the viewer may still see it.
    async fn need(&self, ctx: &Context<'_>) -> AppResult<Option<NeedNode>> {
        let Some(id) = self.0.need_id else {
            return Ok(None);
        };
        Ok(services(ctx)?
            .visible_need(viewer(ctx), id)
            .await?
            .map(NeedNode))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
}

/// The market dialogue as enterprises meet it today: open by the need's status and dates, and
/// the last days the law leaves for questions and answers before the tender deadline.
#[derive(SimpleObject)]
#[graphql(name = "DialogueWindow")]
pub struct DialogueWindowOut {
    /// Enterprises can ask, book and write in the dialogue today.
    pub open: bool,
    /// Set while the dialogue has not opened yet.
    pub opens_on: Option<NaiveDate>,
    /// Set once the dialogue has closed by its date.
    pub closed_on: Option<NaiveDate>,
    /// The last day enterprises may ask (the question deadline, the dialogue's last day, or
    /// the last day an answer still reaches everyone in time, whichever comes first).
    pub last_day_for_questions: Option<NaiveDate>,
    /// Answers published after this day reach suppliers too late before the tender deadline
    /// (Sweden: at least 6 days before it). Null where no such rule or deadline applies.
    pub last_day_for_answers: Option<NaiveDate>,
}

impl DialogueWindowOut {
    fn of(need: &Need) -> Self {
        use crate::domain::dialogue::{self as dialogue, DialogueWindow};
        let dates = &need.content.dates;
        let country = need.content.place.country;
        let window = DialogueWindow::of(need.status, dates, Utc::now().date_naive());
        Self {
            open: window.is_open(),
            opens_on: match window {
                DialogueWindow::NotYetOpen(day) => Some(day),
                _ => None,
            },
            closed_on: match window {
                DialogueWindow::ClosedOn(day) => Some(day),
                _ => None,
            },
            last_day_for_questions: dialogue::last_day_for_questions(country, dates),
            last_day_for_answers: dialogue::last_day_for_answers(country, dates),
        }
    }
}
