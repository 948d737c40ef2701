/// What an organisation is on the platform; decides what it may do (only buyers announce needs,
/// only WISE and suppliers form joint offers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgKind {
    /// A contracting authority: a municipality or region that buys.
    Municipality,
    /// A work integration social enterprise.
    Wise,
    /// A company, often an SME.
    Supplier,
    /// Support bodies such as a national agency or another public body.
    Other,
}

/// A person's role in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// May invite, change roles, remove members and edit the organisation.
    Admin,
    Member,
}

/// Maps an enum to and from the string stored in the database, in one place.
macro_rules! stored_as {
    ($ty:ty { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_stored(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }

            pub fn from_stored(text: &str) -> Option<Self> {
                match text { $($text => Some(Self::$variant),)+ _ => None }
            }
        }
    };
}

stored_as!(OrgKind { Municipality => "MUNICIPALITY", Wise => "WISE", Supplier => "SUPPLIER", Other => "OTHER" });
stored_as!(Role { Admin => "ADMIN", Member => "MEMBER" });
