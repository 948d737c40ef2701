//! A person's own data: deleting the account. (The export is a file download,
//! `GET /account/export.json`, see `http::personal_data`.)

use super::{request_info, services, viewer};
use crate::auth::session_cookie;
use crate::error::AppResult;
use async_graphql::{Context, InputObject, Object};

#[derive(Default)]
pub struct PersonalDataMutation;

#[derive(InputObject)]
pub struct DeleteAccountInput {
    /// The password the person signs in with, asked again because deletion cannot be undone.
    pub password: String,
}

#[Object]
impl PersonalDataMutation {
    /// Deletes the signed-in person's account for good: their name, e-mail address, password,
    /// memberships, sessions, API tokens, saved searches and notifications are erased (open
    /// websockets close with 4403). Messages, questions and answers they wrote for an
    /// organisation stay with it, shown as written by "Deleted user". Refused (`CONFLICT`,
    /// reason `SOLE_ADMIN`) while they are the only admin of an organisation with other
    /// members; a wrong password is `BAD_USER_INPUT` with reason `WRONG_PASSWORD`.
    async fn delete_account(
        &self,
        ctx: &Context<'_>,
        input: DeleteAccountInput,
    ) -> AppResult<bool> {
        let services = services(ctx)?;
        services
            .delete_account(viewer(ctx), request_info(ctx).client, &input.password)
            .await?;
        ctx.append_http_header(
            "set-cookie",
            session_cookie(None, services.config.secure_cookies()),
        );
        Ok(true)
    }
}
