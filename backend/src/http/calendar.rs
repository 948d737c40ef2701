//! A meeting as an iCalendar file (RFC 5545) at `/meetings/{id}.ics`, so a person can put a
//! supplier day or a one-to-one slot in their own calendar. Only meetings of needs the viewer
//! may see; any other id answers 404, like one that does not exist.

use super::{viewer_from_headers, AppState};
use crate::auth::Viewer;
use crate::error::AppError;
use crate::graphql::ids::{decode_as, NodeType};
use crate::store::Meeting;
use async_graphql::ID;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

pub async fn meeting_ics(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> Response {
    let Some(id) = file
        .strip_suffix(".ics")
        .and_then(|raw| decode_as(&ID(raw.to_owned()), NodeType::Meeting, "id").ok())
    else {
        return not_found();
    };
    // A broken or expired credential reads as anonymous here: public meetings stay reachable.
    let viewer = viewer_from_headers(&state.services, &headers)
        .await
        .unwrap_or(Viewer::Anonymous);
    match state.services.visible_meeting(&viewer, id).await {
        Ok((meeting, need)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"samspill-meeting.ics\"",
                ),
            ],
            calendar(
                &meeting,
                &need.content.title,
                Utc::now(),
                state.services.config.public_url.as_str(),
            ),
        )
            .into_response(),
        Err(AppError::Internal(detail)) => {
            tracing::error!(%detail, "calendar file failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
        Err(_) => not_found(),
    }
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "No such meeting.",
    )
        .into_response()
}

/// The VCALENDAR text: one VEVENT, CRLF line ends, long lines folded.
pub fn calendar(meeting: &Meeting, need_title: &str, now: DateTime<Utc>, base_url: &str) -> String {
    let id = NodeType::Meeting.id(meeting.id);
    let stamp = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let d = &meeting.details;
    let status = if meeting.cancelled_at.is_some() {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Samspill//Market dialogue meetings//EN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}@samspill", id.as_str()),
        format!("DTSTAMP:{}", stamp(now)),
        format!("LAST-MODIFIED:{}", stamp(meeting.updated_at)),
        format!("DTSTART:{}", stamp(d.starts_at)),
        format!("DTEND:{}", stamp(d.ends_at)),
        format!("SUMMARY:{}", escape(&d.title)),
        format!("LOCATION:{}", escape(&d.location)),
        format!("DESCRIPTION:{}", escape(need_title)),
        format!(
            "URL:{}/needs/{}",
            base_url.trim_end_matches('/'),
            NodeType::Need.id(meeting.need_id).as_str()
        ),
        format!("STATUS:{status}"),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect::<Vec<_>>().join("")
}

/// TEXT values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// Lines longer than 75 octets continue on the next line after a space, never inside a
/// character (RFC 5545 3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        let len = ch.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_at_character_boundaries() {
        let folded = fold(&format!("SUMMARY:{}", "å".repeat(60)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{line}");
        }
        assert_eq!(
            folded.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "å".repeat(60))
        );
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a; b, c\nd\\"), "a\\; b\\, c\\nd\\\\");
    }
}
