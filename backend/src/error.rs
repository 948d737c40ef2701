//! The one error type of the application layer, and its single mapping to GraphQL.
//!
//! Resolvers return `Result<T, AppError>`; `From<AppError> for async_graphql::Error` is the only
//! place that decides the `extensions.code` a client sees. Internal errors are logged here with
//! their detail and reach the client as a fixed sentence: no SQL, no stack trace.
//!
//! `AppError` deliberately does not implement `Display`: async-graphql converts any `Display`
//! type into an error without a code, and leaving it out makes the compiler route every
//! conversion through the mapping below.

use crate::domain::{Invalid, Reason};
use crate::store::StoreError;
use async_graphql::ErrorExtensions;

#[derive(Debug, Clone)]
pub enum AppError {
    /// No valid session or token, or wrong credentials.
    Unauthenticated(String),
    /// Signed in, but not allowed to do this.
    Forbidden(String),
    /// Input that cannot be accepted; `field` names the input field and `reason` says what is
    /// wrong with it as a stable code (`extensions.reason`), for clients that translate.
    BadInput {
        field: String,
        message: String,
        reason: Reason,
    },
    /// Nothing with this id exists, or the viewer may not know that it does.
    NotFound(String),
    /// The request clashes with the current state (a duplicate, an invitation already used).
    Conflict(String),
    /// The current state refuses the request for a reason a client can translate
    /// (`extensions.reason`), such as deleting the account of an organisation's only admin.
    Refused { reason: Reason, message: String },
    /// Too many attempts; try again after `retry_after_secs`.
    RateLimited { retry_after_secs: u64 },
    /// A fault on our side; the detail is logged, never shown.
    Internal(String),
}

impl AppError {
    /// Input that breaks a rule the message explains (reason `INVALID`).
    pub fn bad_input(field: &str, message: impl Into<String>) -> Self {
        Self::bad_input_as(field, Reason::Invalid, message)
    }

    pub fn bad_input_as(field: &str, reason: Reason, message: impl Into<String>) -> Self {
        Self::BadInput {
            field: field.to_owned(),
            message: message.into(),
            reason,
        }
    }

    /// Attaches the input field's name to a domain validation failure.
    pub fn invalid(field: &str) -> impl FnOnce(Invalid) -> Self + '_ {
        move |invalid| Self::bad_input_as(field, invalid.1, invalid.0)
    }

    pub fn sign_in_required() -> Self {
        Self::Unauthenticated("Sign in to do this.".into())
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::BadInput { .. } => "BAD_USER_INPUT",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Conflict(_) | Self::Refused { .. } => "CONFLICT",
            Self::RateLimited { .. } => "RATE_LIMITED",
            Self::Internal(_) => "INTERNAL",
        }
    }

    /// The sentence shown to the person.
    pub fn message(&self) -> String {
        match self {
            Self::Unauthenticated(m) | Self::Forbidden(m) | Self::Conflict(m) => m.clone(),
            Self::BadInput { message, .. } | Self::Refused { message, .. } => message.clone(),
            Self::NotFound(what) => format!("{what} was not found."),
            Self::RateLimited { retry_after_secs } => {
                format!("Too many attempts. Try again in {retry_after_secs} seconds.")
            }
            Self::Internal(_) => "Something went wrong on our side. Please try again.".into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Conflict(what) => {
                Self::Conflict(capitalise(&format!("{} already exists.", what.subject())))
            }
            StoreError::NotFound(what) => Self::NotFound(capitalise(what)),
            StoreError::LastAdmin => Self::Conflict(
                "An organisation must keep at least one admin: make someone else an admin first."
                    .into(),
            ),
            StoreError::Full => Self::Conflict("No place is left: it is fully booked.".into()),
            StoreError::Refused(why) => Self::Conflict(why),
            other => Self::Internal(other.to_string()),
        }
    }
}

impl From<AppError> for async_graphql::Error {
    fn from(err: AppError) -> Self {
        if let AppError::Internal(detail) = &err {
            tracing::error!(%detail, "internal error");
        }
        let mut error = async_graphql::Error::new(err.message());
        let code = err.code();
        error = error.extend_with(|_, ext| ext.set("code", code));
        match err {
            AppError::BadInput { field, reason, .. } => error.extend_with(|_, ext| {
                ext.set("field", field);
                ext.set("reason", reason.code());
            }),
            AppError::Refused { reason, .. } => {
                error.extend_with(|_, ext| ext.set("reason", reason.code()))
            }
            AppError::RateLimited { retry_after_secs } => {
                error.extend_with(|_, ext| ext.set("retryAfter", retry_after_secs))
            }
            _ => error,
        }
    }
}

impl From<crate::domain::need::FieldError> for AppError {
    fn from(err: crate::domain::need::FieldError) -> Self {
        Self::bad_input_as(&err.field, err.reason, err.message)
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

pub type AppResult<T> = Result<T, AppError>;
