//! The market dialogue: when a need's dialogue is open, the days the law counts back from the
//! tender deadline, and the kinds of its threads, messages, meetings and questions.
//!
//! A need's dialogue is open while the need is announced or in dialogue *and* between its
//! opening and closing dates (both days included; a missing date leaves that side open). Dates
//! are calendar days, read in UTC.
//!
//! Equal treatment: clarifications must reach every supplier in good time before the tender
//! deadline. Swedish law (LOU) asks for at least six days; an answer published later is
//! allowed (keeping it back would be worse) but the buyer is warned. The EU directive sets the
//! same six days for procurements above the thresholds; Samspill applies the rule to Swedish
//! needs, where the platform's users asked for it.

use super::need::{Dates, NeedStatus};
use super::Country;
use chrono::{Days, NaiveDate};

/// Days before the tender deadline by which clarifications must have reached every supplier.
pub const CLARIFICATION_DAYS: u64 = 6;

/// Whether enterprises can take part in a need's dialogue on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogueWindow {
    Open,
    /// The dialogue opens on this day.
    NotYetOpen(NaiveDate),
    /// The dialogue closed after this day.
    ClosedOn(NaiveDate),
    /// The need's status ends the dialogue (tendering, awarded, withdrawn, ...).
    ClosedByStatus(NeedStatus),
}

impl DialogueWindow {
    pub fn of(status: NeedStatus, dates: &Dates, today: NaiveDate) -> Self {
        if !matches!(status, NeedStatus::Announced | NeedStatus::InDialogue) {
            return Self::ClosedByStatus(status);
        }
        match (dates.dialogue_opens, dates.dialogue_closes) {
            (Some(opens), _) if today < opens => Self::NotYetOpen(opens),
            (_, Some(closes)) if today > closes => Self::ClosedOn(closes),
            _ => Self::Open,
        }
    }

    pub fn is_open(self) -> bool {
        self == Self::Open
    }
}

/// The last day on which a published answer still reaches suppliers in time under the law of
/// the need's country (`None`: no such rule, or no tender deadline yet).
pub fn last_day_for_answers(country: Country, dates: &Dates) -> Option<NaiveDate> {
    if country != Country::Se {
        return None;
    }
    dates
        .tender_deadline?
        .checked_sub_days(Days::new(CLARIFICATION_DAYS))
}

/// The last day enterprises may ask: the earliest of the question deadline, the dialogue's
/// closing day and the last day an answer still reaches everyone in time.
pub fn last_day_for_questions(country: Country, dates: &Dates) -> Option<NaiveDate> {
    [
        dates.questions_deadline.map(|t| t.date_naive()),
        dates.dialogue_closes,
        last_day_for_answers(country, dates),
    ]
    .into_iter()
    .flatten()
    .min()
}

// The kinds the dialogue is made of: threads, messages, meetings and questions.

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThreadKind {
    /// Every signed-in user may read and write; the buyer side moderates.
    Public,
    /// The buyer side and one organisation: one-to-one dialogue.
    Private,
    /// The members of a joint offer; started with the offer, never seen by the buyer.
    Consortium,
}

impl ThreadKind {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Public => "PUBLIC",
            Self::Private => "PRIVATE",
            Self::Consortium => "CONSORTIUM",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "PUBLIC" => Some(Self::Public),
            "PRIVATE" => Some(Self::Private),
            "CONSORTIUM" => Some(Self::Consortium),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MessageChange {
    Posted,
    Edited,
    Deleted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MeetingKind {
    /// Open to many organisations at once.
    SupplierDay,
    /// One organisation at a time.
    OneToOne,
}

impl MeetingKind {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::SupplierDay => "SUPPLIER_DAY",
            Self::OneToOne => "ONE_TO_ONE",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "SUPPLIER_DAY" => Some(Self::SupplierDay),
            "ONE_TO_ONE" => Some(Self::OneToOne),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MeetingChange {
    Announced,
    Changed,
    Cancelled,
    Booked,
    BookingCancelled,
    MinutesPublished,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum QuestionStatus {
    /// Asked; seen only by the buyer side and the asking organisation.
    Open,
    /// Answered to everyone, without naming who asked.
    Published,
    /// Answered to the asking organisation only, with the reason recorded.
    AnsweredPrivately,
}

impl QuestionStatus {
    pub fn as_stored(self) -> &'static str {
        match self {
            Self::Open => "OPEN",
            Self::Published => "PUBLISHED",
            Self::AnsweredPrivately => "ANSWERED_PRIVATELY",
        }
    }

    pub fn from_stored(text: &str) -> Option<Self> {
        match text {
            "OPEN" => Some(Self::Open),
            "PUBLISHED" => Some(Self::Published),
            "ANSWERED_PRIVATELY" => Some(Self::AnsweredPrivately),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn dates(opens: Option<&str>, closes: Option<&str>) -> Dates {
        Dates {
            dialogue_opens: opens.map(day),
            dialogue_closes: closes.map(day),
            ..Dates::default()
        }
    }

    #[test]
    fn the_window_includes_both_days() {
        let d = dates(Some("2027-01-10"), Some("2027-02-10"));
        let at = |today| DialogueWindow::of(NeedStatus::Announced, &d, day(today));
        assert_eq!(
            at("2027-01-09"),
            DialogueWindow::NotYetOpen(day("2027-01-10"))
        );
        assert_eq!(at("2027-01-10"), DialogueWindow::Open);
        assert_eq!(at("2027-02-10"), DialogueWindow::Open);
        assert_eq!(
            at("2027-02-11"),
            DialogueWindow::ClosedOn(day("2027-02-10"))
        );
    }

    #[test]
    fn missing_dates_leave_that_side_open_and_status_still_counts() {
        let d = dates(None, None);
        assert!(DialogueWindow::of(NeedStatus::InDialogue, &d, day("2030-01-01")).is_open());
        assert_eq!(
            DialogueWindow::of(NeedStatus::Tendering, &d, day("2030-01-01")),
            DialogueWindow::ClosedByStatus(NeedStatus::Tendering)
        );
    }

    #[test]
    fn swedish_answers_reach_everyone_six_days_before_the_deadline() {
        let d = Dates {
            tender_deadline: Some(day("2027-03-20")),
            ..Dates::default()
        };
        assert_eq!(
            last_day_for_answers(Country::Se, &d),
            Some(day("2027-03-14"))
        );
        assert_eq!(last_day_for_answers(Country::Gb, &d), None);
        assert_eq!(last_day_for_answers(Country::Se, &Dates::default()), None);
    }

    #[test]
    fn the_last_day_for_questions_is_the_earliest_limit() {
        let mut d = dates(None, Some("2027-03-18"));
        d.tender_deadline = Some(day("2027-03-20"));
        assert_eq!(
            last_day_for_questions(Country::Se, &d),
            Some(day("2027-03-14"))
        );
        assert_eq!(
            last_day_for_questions(Country::No, &d),
            Some(day("2027-03-18"))
        );
        d.questions_deadline = "2027-03-01T12:00:00Z".parse().ok();
        assert_eq!(
            last_day_for_questions(Country::Se, &d),
            Some(day("2027-03-01"))
        );
    }
}
