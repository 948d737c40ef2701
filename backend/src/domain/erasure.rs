//! Erasing a person (GDPR Art. 17): what an erased account is called, and how to recognise the
//! person in contact details an organisation published with a need or a profile.
//!
//! An organisation's texts stay its own, but a contact person is personal data that names one
//! person: when that person deletes their account, the contact goes too.

use super::need::NeedContent;
use super::profile::{ProfileContact, ProfileContent};

/// The name an erased account shows beside what it wrote for an organisation.
pub const DELETED_USER_NAME: &str = "Deleted user";

/// The address an erased account keeps: unique (the column is), in a reserved top-level domain
/// (RFC 2606), and about no one.
pub fn placeholder_email(user_id: i64) -> String {
    format!("deleted-{user_id}@erased.invalid")
}

/// The person being erased, as their account named them.
#[derive(Debug, Clone)]
pub struct ErasedPerson {
    pub name: String,
    pub email: String,
}

impl ErasedPerson {
    /// A contact is this person when it gives their e-mail address, or their name exactly
    /// (letter case and surrounding spaces aside). A namesake loses a contact line the
    /// organisation can type again; the person's data staying behind would be worse.
    pub fn is(&self, name: &str, email: Option<&str>) -> bool {
        let same = |a: &str, b: &str| {
            !a.trim().is_empty() && a.trim().to_lowercase() == b.trim().to_lowercase()
        };
        email.is_some_and(|e| same(e, &self.email)) || same(name, &self.name)
    }
}

impl NeedContent {
    /// Removes the contact when it is the person; true when it did.
    pub fn forget_contact(&mut self, person: &ErasedPerson) -> bool {
        let theirs = self
            .contact
            .as_ref()
            .is_some_and(|c| person.is(&c.name, Some(&c.email)));
        if theirs {
            self.contact = None;
        }
        theirs
    }
}

impl ProfileContent {
    /// Empties the contact (name, address and phone) when it is the person; true when it did.
    pub fn forget_contact(&mut self, person: &ErasedPerson) -> bool {
        let theirs = person.is(&self.contact.name, self.contact.email.as_deref());
        if theirs {
            self.contact = ProfileContact::default();
        }
        theirs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gunhild() -> ErasedPerson {
        ErasedPerson {
            name: "Gunhild Raskstrøm".into(),
            email: "gunhild@wise.no".into(),
        }
    }

    #[test]
    fn recognises_the_person_by_address_or_exact_name() {
        let person = gunhild();
        assert!(person.is("Someone", Some("Gunhild@Wise.no ")));
        assert!(person.is(" gunhild raskstrøm", None));
        assert!(!person.is("Gunhild", Some("post@wise.no")));
        assert!(!person.is("", Some("")));
    }

    #[test]
    fn forgets_a_profile_contact_only_when_it_is_the_person() {
        let mut profile = ProfileContent {
            contact: ProfileContact {
                name: "Reception".into(),
                email: Some("post@wise.no".into()),
                phone: Some("+47 22 00 00 00".into()),
            },
            ..ProfileContent::default()
        };
        assert!(!profile.forget_contact(&gunhild()));
        assert_eq!(profile.contact.name, "Reception");
        profile.contact.email = Some("gunhild@wise.no".into());
        assert!(profile.forget_contact(&gunhild()));
        assert_eq!(profile.contact, ProfileContact::default());
    }
}
