//! Organisations, memberships, invitations and verification.

use super::Services;
use crate::auth::{hash_secret, new_secret, SecretKind, Viewer, INVITATION_LIFETIME};
use crate::domain::{
    Country, Description, Email, OrgKind, OrgName, OrgNumber, Reason, Region, Role, Website,
};
use crate::error::{AppError, AppResult};
use crate::live::{LiveEvent, MembershipChange, MembershipEvent};
use crate::store::{
    Invitation, Membership, NewInvitation, NewOrganisation, OrgFilter, Organisation, Page,
    Verification,
};
use chrono::Utc;

/// Organisation input as typed.
pub struct OrganisationInput<'a> {
    pub kind: OrgKind,
    pub name: &'a str,
    pub country: Country,
    pub org_number: &'a str,
    pub region: Option<&'a str>,
    pub website: Option<&'a str>,
    pub description: Option<&'a str>,
}

/// A created invitation and the link that carries its secret (shown to the inviting admin once,
/// and e-mailed once the mailer exists).
pub struct InvitationSent {
    pub invitation: Invitation,
    pub accept_url: String,
}

/// Treats blank optional text as absent.
fn present(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

impl Services {
    /// Creates an organisation with the viewer as its first admin. It starts unverified.
    pub async fn create_organisation(
        &self,
        viewer: &Viewer,
        input: OrganisationInput<'_>,
    ) -> AppResult<Organisation> {
        let user = viewer.user()?;
        let new = NewOrganisation {
            kind: input.kind,
            name: OrgName::parse(input.name)
                .map_err(AppError::invalid("name"))?
                .into_inner(),
            org_number: OrgNumber::parse(input.country, input.org_number)
                .map_err(AppError::invalid("organisationNumber"))?,
            region: present(input.region)
                .map(|r| Region::parse(r).map(Region::into_inner))
                .transpose()
                .map_err(AppError::invalid("region"))?,
            website: present(input.website)
                .map(|w| Website::parse(w).map(|w| w.as_str().to_owned()))
                .transpose()
                .map_err(AppError::invalid("website"))?,
            description: Description::parse(input.description.unwrap_or_default())
                .map_err(AppError::invalid("description"))?
                .into_inner(),
            created_at: Utc::now(),
        };
        // One register identifier, one legal entity: once an administrator has verified an
        // organisation with this number, a second one would let a copy speak for it.
        if let Some(holder) = self.store.verified_holder_of(&new.org_number).await? {
            return Err(AppError::bad_input_as(
                "organisationNumber",
                Reason::JoinExisting,
                format!(
                    "{} is on Samspill with this organisation number and verified. Ask its admins \
                     to invite you instead.",
                    holder.name
                ),
            ));
        }
        let (organisation, membership) = self.store.create_organisation(&new, user.id).await?;
        self.publish_membership(MembershipChange::Added, &membership);
        Ok(organisation)
    }

    /// Refuses with `refusal` unless the user belongs to the organisation.
    pub async fn require_member(&self, org_id: i64, user_id: i64, refusal: &str) -> AppResult<()> {
        match self.store.membership(org_id, user_id).await? {
            Some(_) => Ok(()),
            None => Err(AppError::Forbidden(refusal.to_owned())),
        }
    }

    pub async fn organisation(&self, id: i64) -> AppResult<Organisation> {
        self.store
            .organisation(id)
            .await?
            .ok_or_else(|| AppError::NotFound("Organisation".into()))
    }

    /// The viewer's membership of the organisation, if any.
    pub async fn viewer_membership(
        &self,
        viewer: &Viewer,
        org_id: i64,
    ) -> AppResult<Option<Membership>> {
        match viewer.user_id() {
            Some(user_id) => Ok(self.store.membership(org_id, user_id).await?),
            None => Ok(None),
        }
    }

    /// Members and platform administrators see who belongs to an organisation.
    pub async fn can_see_members(&self, viewer: &Viewer, org_id: i64) -> AppResult<bool> {
        Ok(viewer.is_platform_admin() || self.viewer_membership(viewer, org_id).await?.is_some())
    }

    /// Passes when the viewer is an admin of the organisation.
    pub(super) async fn require_org_admin(&self, viewer: &Viewer, org_id: i64) -> AppResult<()> {
        viewer.user()?;
        self.organisation(org_id).await?;
        match self.viewer_membership(viewer, org_id).await? {
            Some(m) if m.role == Role::Admin => Ok(()),
            _ => Err(AppError::Forbidden(
                "Only the organisation's admins can do this.".into(),
            )),
        }
    }

    pub async fn invite_member(
        &self,
        viewer: &Viewer,
        org_id: i64,
        email: &str,
        role: Role,
    ) -> AppResult<InvitationSent> {
        self.require_org_admin(viewer, org_id).await?;
        let email = Email::parse(email).map_err(AppError::invalid("email"))?;
        let secret = new_secret(SecretKind::Invitation);
        let now = Utc::now();
        let invitation = self
            .store
            .create_invitation(&NewInvitation {
                organisation_id: org_id,
                email,
                role,
                token_hash: secret.hash,
                invited_by: viewer.user()?.id,
                created_at: now,
                expires_at: now + INVITATION_LIFETIME,
            })
            .await?;
        let mut accept_url = self
            .config
            .public_url
            .join("invitations/accept")
            .map_err(|e| AppError::Internal(e.to_string()))?;
        // The secret travels in the fragment, which browsers never send to servers, so it does not
        // end up in access logs or Referer headers; the page hands it to acceptInvitation.
        accept_url.set_fragment(Some(&format!("token={}", secret.plain)));
        tracing::info!(
            invitation = invitation.id,
            organisation = org_id,
            "invitation created"
        );
        Ok(InvitationSent {
            invitation,
            accept_url: accept_url.to_string(),
        })
    }

    /// Accepts an invitation by the secret from its link. It works once, before it expires, for
    /// the person it was sent to: the signed-in account's address must be the invited one, and
    /// verified, so a forwarded or leaked link lets nobody else in.
    pub async fn accept_invitation(&self, viewer: &Viewer, token: &str) -> AppResult<Membership> {
        let user = viewer.user()?;
        let invalid = || {
            AppError::bad_input(
                "token",
                "This invitation link is not valid. Ask for a new invitation.",
            )
        };
        let invitation = self
            .store
            .invitation_by_hash(&hash_secret(token))
            .await?
            .ok_or_else(invalid)?;
        if invitation.revoked_at.is_some() {
            return Err(AppError::bad_input(
                "token",
                "This invitation was withdrawn. Ask for a new invitation.",
            ));
        }
        if invitation.accepted_at.is_some() {
            return Err(AppError::Conflict(
                "This invitation has already been used.".into(),
            ));
        }
        let now = Utc::now();
        if invitation.expires_at <= now {
            return Err(AppError::bad_input(
                "token",
                "This invitation has expired. Ask for a new invitation.",
            ));
        }
        let invited = Email::parse(&invitation.email).map_err(|e| AppError::Internal(e.0))?;
        if Email::parse(&user.email).ok().as_ref() != Some(&invited) {
            return Err(AppError::bad_input_as(
                "token",
                Reason::EmailMismatch,
                "This invitation was sent to another e-mail address. Sign in with the address it \
                 was sent to, or ask for an invitation to yours.",
            ));
        }
        if user.email_verified_at.is_none() {
            return Err(AppError::bad_input_as(
                "token",
                Reason::EmailNotVerified,
                "Confirm your e-mail address first, with the link we sent you (you can ask for a \
                 new one), then open the invitation again.",
            ));
        }
        if self
            .store
            .membership(invitation.organisation_id, user.id)
            .await?
            .is_some()
        {
            return Err(AppError::Conflict(
                "You are already a member of this organisation.".into(),
            ));
        }
        let membership = self
            .store
            .accept_invitation(invitation.id, user.id, now)
            .await?;
        self.publish_membership(MembershipChange::Added, &membership);
        Ok(membership)
    }

    pub async fn revoke_invitation(
        &self,
        viewer: &Viewer,
        invitation_id: i64,
    ) -> AppResult<Invitation> {
        let invitation = self
            .store
            .invitation(invitation_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Invitation".into()))?;
        self.require_org_admin(viewer, invitation.organisation_id)
            .await?;
        self.store
            .revoke_invitation(invitation_id, Utc::now())
            .await?;
        self.store
            .invitation(invitation_id)
            .await?
            .ok_or_else(|| AppError::NotFound("Invitation".into()))
    }

    pub async fn open_invitations(
        &self,
        viewer: &Viewer,
        org_id: i64,
    ) -> AppResult<Vec<Invitation>> {
        self.require_org_admin(viewer, org_id).await?;
        Ok(self.store.open_invitations(org_id).await?)
    }

    pub async fn change_member_role(
        &self,
        viewer: &Viewer,
        org_id: i64,
        user_id: i64,
        role: Role,
    ) -> AppResult<Membership> {
        self.require_org_admin(viewer, org_id).await?;
        let membership = self.store.change_role(org_id, user_id, role).await?;
        self.publish_membership(MembershipChange::RoleChanged, &membership);
        Ok(membership)
    }

    /// Removes a member (an admin's act) or leaves (anyone's own act).
    pub async fn remove_member(&self, viewer: &Viewer, org_id: i64, user_id: i64) -> AppResult<()> {
        if viewer.user()?.id != user_id {
            self.require_org_admin(viewer, org_id).await?;
        }
        self.store.remove_member(org_id, user_id).await?;
        self.publish(MembershipEvent {
            change: MembershipChange::Removed,
            organisation_id: org_id,
            user_id,
            role: None,
        });
        Ok(())
    }

    /// A platform administrator's verification (or its withdrawal), with the evidence seen.
    pub async fn set_verification(
        &self,
        viewer: &Viewer,
        org_id: i64,
        verified: bool,
        evidence: Option<&str>,
    ) -> AppResult<Organisation> {
        let user = viewer.user()?;
        if !user.is_platform_admin {
            return Err(AppError::Forbidden(
                "Only platform administrators verify organisations.".into(),
            ));
        }
        let verification = if verified {
            let evidence = present(evidence).ok_or_else(|| {
                AppError::bad_input(
                    "evidence",
                    "Say what you checked, such as the register entry or certificate.",
                )
            })?;
            let evidence = Description::parse(evidence)
                .map_err(AppError::invalid("evidence"))?
                .into_inner();
            // What the administrator saw: eligibility holds while the profile states it.
            let wise_figures = self
                .store
                .profile(org_id)
                .await?
                .and_then(|p| p.content.wise_figures());
            Some(Verification {
                verified_by: user.id,
                verified_at: Utc::now(),
                evidence,
                wise_figures,
            })
        } else {
            None
        };
        Ok(self
            .store
            .set_verification(org_id, verification.as_ref())
            .await?)
    }

    fn publish_membership(&self, change: MembershipChange, membership: &Membership) {
        self.publish(MembershipEvent {
            change,
            organisation_id: membership.organisation_id,
            user_id: membership.user_id,
            role: Some(membership.role),
        });
    }

    fn publish(&self, event: MembershipEvent) {
        self.bus.publish(LiveEvent::Membership(event));
    }
}

impl Services {
    /// A person's e-mail is for themselves, colleagues in a shared organisation and platform
    /// administrators.
    pub async fn can_see_user_details(&self, viewer: &Viewer, user_id: i64) -> AppResult<bool> {
        let Some(viewer_id) = viewer.user_id() else {
            return Ok(false);
        };
        if viewer_id == user_id || viewer.is_platform_admin() {
            return Ok(true);
        }
        let theirs = self.store.memberships_of_user(user_id).await?;
        let mine = self.store.memberships_of_user(viewer_id).await?;
        Ok(theirs
            .iter()
            .any(|t| mine.iter().any(|m| m.organisation_id == t.organisation_id)))
    }
}

impl Services {
    /// One organisation by id, or `None`; organisations are public.
    pub async fn find_organisation(&self, id: i64) -> AppResult<Option<Organisation>> {
        Ok(self.store.organisation(id).await?)
    }

    /// Organisations on the platform, oldest first.
    pub async fn organisations(
        &self,
        filter: &OrgFilter,
        page: Page,
    ) -> AppResult<Vec<Organisation>> {
        Ok(self.store.organisations(filter, page).await?)
    }

    /// A page of the organisation's members, for its own members and platform administrators.
    pub async fn members(
        &self,
        viewer: &Viewer,
        org_id: i64,
        page: Page,
    ) -> AppResult<Vec<Membership>> {
        if !self.can_see_members(viewer, org_id).await? {
            return Err(AppError::Forbidden(
                "Only the organisation's members can see who belongs to it.".into(),
            ));
        }
        Ok(self.store.members(org_id, page).await?)
    }

    /// One invitation by id, when the viewer may see its organisation's open invitations.
    pub async fn visible_invitation(
        &self,
        viewer: &Viewer,
        id: i64,
    ) -> AppResult<Option<Invitation>> {
        match self.store.invitation(id).await? {
            Some(invitation)
                if self
                    .open_invitations(viewer, invitation.organisation_id)
                    .await
                    .is_ok() =>
            {
                Ok(Some(invitation))
            }
            _ => Ok(None),
        }
    }
}

impl Services {
    /// The viewer's own membership changes as this replica makes them: added, role changed,
    /// removed. Other people's changes are not theirs to watch.
    pub fn membership_changes(
        &self,
        viewer: &Viewer,
    ) -> AppResult<impl futures_util::Stream<Item = MembershipEvent> + Send + 'static> {
        use futures_util::StreamExt;
        let user_id = viewer.user()?.id;
        Ok(self.bus.subscribe().filter_map(move |event| async move {
            match event {
                LiveEvent::Membership(event) if event.user_id == user_id => Some(event),
                _ => None,
            }
        }))
    }
}
