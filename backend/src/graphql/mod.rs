//! The GraphQL schema, apart from any transport: `http` mounts it over HTTP and websockets,
//! `export-schema` prints it. Resolvers are thin: they parse input, call one service function
//! and wrap records in output types.

mod accounts;
mod dialogue;
mod documents;
mod field_order;
pub mod ids;
mod input_errors;
mod joint_offers;
mod limits;
mod loaders;
mod matching;
mod meetings;
mod need_inputs;
mod need_search;
mod need_types;
mod needs;
mod notifications;
mod organisations;
mod personal_data;
mod profiles;
mod query;
mod subscription;
mod threads;
mod trust;
mod types;
mod validation;

use crate::auth::Viewer;
use crate::config::Limits;
use crate::error::{AppError, AppResult};
use crate::services::Services;
use async_graphql::{
    Context, MergedObject, MergedSubscription, Request, Response, Schema, SchemaBuilder,
    ValidationMode,
};
use futures_util::stream::{BoxStream, StreamExt};
use std::net::{IpAddr, Ipv4Addr};

pub use loaders::Loaders;
pub use query::QueryRoot;

/// Mutations, merged from the feature modules.
#[derive(MergedObject, Default)]
pub struct Mutation(
    accounts::AccountMutation,
    organisations::OrganisationMutation,
    needs::NeedMutation,
    notifications::NotificationMutation,
    dialogue::DialogueMutation,
    threads::ThreadMutation,
    meetings::MeetingMutation,
    profiles::ProfileMutation,
    joint_offers::JointOfferMutation,
    trust::TrustMutation,
    personal_data::PersonalDataMutation,
);

/// Queries, merged from the feature modules.
#[derive(MergedObject, Default)]
#[graphql(name = "QueryRoot")]
pub struct Query(
    QueryRoot,
    accounts::AccountQuery,
    organisations::OrganisationQuery,
    needs::NeedQuery,
    profiles::ProfileQuery,
    matching::MatchingQuery,
    need_search::NeedSearchQuery,
    joint_offers::JointOfferQuery,
);

/// Subscriptions, merged from the feature modules.
#[derive(MergedSubscription, Default)]
pub struct Subscription(
    organisations::OrganisationSubscription,
    needs::NeedSubscription,
    notifications::NotificationSubscription,
    dialogue::DialogueSubscription,
    joint_offers::JointOfferSubscription,
);

/// The schema the server runs, twice: `strict` checks every validation rule, `fast` skips
/// those a request's text has passed before (see `validation`). Both share the services.
#[derive(Clone)]
pub struct AppSchema {
    strict: Schema<Query, Mutation, Subscription>,
    fast: Schema<Query, Mutation, Subscription>,
}

/// The schema's types and limits, without runtime data (enough to print the SDL).
pub fn schema_builder(limits: &Limits) -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
    .limit_depth(limits.max_depth)
    .limit_complexity(limits.max_complexity)
    .limit_recursive_depth(32)
    .limit_directives(10)
}

/// The schema the server runs, with its services and introspection setting.
pub fn build(services: Services) -> AppSchema {
    let build = |mode: ValidationMode| {
        let mut builder = schema_builder(&services.config.limits)
            .validation_mode(mode)
            .data(services.clone());
        if !services.config.introspection {
            builder = builder.disable_introspection().disable_suggestions();
        }
        builder.finish()
    };
    AppSchema {
        strict: build(ValidationMode::Strict),
        fast: build(ValidationMode::Fast),
    }
}

/// Runs one query or mutation: its shape checked first, its response's fields put in the
/// order asked afterwards (see `limits` and `field_order`; plain steps here rather than
/// async-graphql extensions, which would wrap every field's resolver).
pub async fn execute(schema: &AppSchema, limits: &Limits, mut request: Request) -> Response {
    let document = documents::parsed(&mut request);
    if let Err(error) = limits::check_shape(&mut request, limits.max_aliases) {
        return Response::from_errors(vec![error]);
    }
    let operation = request.operation_name.clone();
    let Some(document) = document else {
        return schema.strict.execute(request).await;
    };
    let skip_rules = validation::may_skip_rules(&document, &request);
    let mut response = if skip_rules {
        schema.fast.execute(request).await
    } else {
        schema.strict.execute(request).await
    };
    if !skip_rules && !is_request_error(&response) {
        document.mark_validated();
    }
    field_order::order_response(&mut response, &document, operation.as_deref());
    response
}

/// [`execute`] for the websocket: a stream of responses (one for a query or mutation, one per
/// event for a subscription), each with its fields in the order asked.
pub fn execute_stream(
    schema: &AppSchema,
    limits: &Limits,
    mut request: Request,
) -> BoxStream<'static, Response> {
    let document = documents::parsed(&mut request);
    if let Err(error) = limits::check_shape(&mut request, limits.max_aliases) {
        return futures_util::stream::once(async move { Response::from_errors(vec![error]) })
            .boxed();
    }
    let operation = request.operation_name.clone();
    // Always strict: a subscription is validated once for all the events it delivers.
    schema
        .strict
        .execute_stream(request)
        .map(move |mut response| {
            if let Some(document) = &document {
                field_order::order_response(&mut response, document, operation.as_deref());
            }
            response
        })
        .boxed()
}

/// The SDL committed as `schema.graphql`.
pub fn sdl() -> String {
    schema_builder(&Limits::default()).finish().sdl()
}

/// Per-request data the transport puts in: the client's address (for rate limits) and the
/// session cookie it presented (for logout).
#[derive(Clone)]
pub struct RequestInfo {
    pub client: IpAddr,
    pub session_token: Option<String>,
}

impl std::fmt::Debug for RequestInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RequestInfo")
            .field("client", &self.client)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

static ANONYMOUS: Viewer = Viewer::Anonymous;

pub(crate) fn viewer<'a>(ctx: &Context<'a>) -> &'a Viewer {
    ctx.data_opt::<Viewer>().unwrap_or(&ANONYMOUS)
}

pub(crate) fn services<'a>(ctx: &Context<'a>) -> AppResult<&'a Services> {
    ctx.data::<Services>()
        .map_err(|_| AppError::Internal("services missing from schema data".into()))
}

pub(crate) fn request_info(ctx: &Context<'_>) -> RequestInfo {
    ctx.data_opt::<RequestInfo>()
        .cloned()
        .unwrap_or(RequestInfo {
            client: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            session_token: None,
        })
}

/// Gives every error a stable `extensions.code`: a request that failed before execution (parse
/// or validation) is the client's mistake, anything else without a code is ours.
pub fn ensure_error_codes(
    response: &mut async_graphql::Response,
    variables: Option<&async_graphql::Variables>,
) {
    let request_error = is_request_error(response);
    let mut json: Option<Option<serde_json::Value>> = None;
    for error in &mut response.errors {
        if error
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some())
        {
            continue;
        }
        // An argument that does not coerce (a date that does not exist) is the caller's.
        let variables = json
            .get_or_insert_with(|| variables.and_then(|v| v.clone().into_value().into_json().ok()));
        if input_errors::as_field_error(error, variables.as_ref())
            || input_errors::as_missing_variable(error)
        {
            continue;
        }
        let code = if request_error {
            "BAD_USER_INPUT"
        } else {
            "INTERNAL"
        };
        error
            .extensions
            .get_or_insert_with(Default::default)
            .set("code", code);
    }
}

/// The operation's name for spans and metrics: the client's `operationName`, or else the name
/// of the document's only operation.
pub fn operation_name(request: &mut async_graphql::Request) -> Option<String> {
    if request.operation_name.is_some() {
        return request.operation_name.clone();
    }
    match &documents::parsed(request)?.operations {
        async_graphql::parser::types::DocumentOperations::Multiple(named) if named.len() == 1 => {
            named.keys().next().map(|name| name.to_string())
        }
        _ => None,
    }
}

/// True when the response holds no `data` at all (parse or validation failure), which the
/// GraphQL over HTTP spec answers with 400 under `application/graphql-response+json`.
pub fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}
