//! One way to build a test's world: the app, people with their organisations, and needs,
//! all made through the API as users would make them. Tests name who they need
//! (`s.buyer()`, `s.wise()`); the people and organisations are always the same ones, so a
//! reader meets Anna of Göteborgs Stad in every file.
//!
//! The GraphQL operations they use (`create_need`, `mark_interest`, ...) are typed once in
//! `operations`.

use crate::helpers::{token_of, Backend, Client, TestApp, GOTEBORG, TRONDHEIM};
use crate::operations::update_profile;
use serde_json::{json, Value};

/// A person signed in in their own browser, and the organisation they run.
pub struct Member {
    pub client: Client,
    /// The organisation's global id.
    pub org: String,
}

impl Member {
    /// The client and the organisation id, for a test that names them itself.
    pub fn parts(self) -> (Client, String) {
        (self.client, self.org)
    }
}

/// The running app and the people a test asks for.
pub struct Scenario {
    pub app: TestApp,
}

impl Scenario {
    pub async fn start(backend: Backend) -> Self {
        Self {
            app: TestApp::spawn(backend).await,
        }
    }

    /// [`Scenario::start`], with the CPV codes the matchmaking and search tests use imported
    /// again as an administrator would.
    pub async fn with_codes(backend: Backend) -> Self {
        let scenario = Self::start(backend).await;
        crate::needs::import_codes(&scenario.app).await;
        scenario
    }

    /// [`Scenario::start`] on an app whose configuration the test adjusts first.
    pub async fn start_with(
        backend: Backend,
        adjust: impl FnOnce(&mut samspill::config::Config),
    ) -> Self {
        Self {
            app: TestApp::spawn_with(backend, adjust).await,
        }
    }

    /// Signed in, member of nothing.
    pub async fn person(&self, email: &str, name: &str) -> Client {
        person(&self.app, email, name).await
    }

    /// A visitor who has not signed in.
    pub fn anonymous(&self) -> Client {
        self.app.browser()
    }

    /// `email` registers and creates an organisation, becoming its first admin.
    pub async fn founder(&self, email: &str, name: &str, org: Organisation<'_>) -> Member {
        founder(&self.app, email, name, org).await
    }

    /// Anna, admin of Göteborgs Stad (the buyer).
    pub async fn buyer(&self) -> Member {
        self.founder("anna@goteborg.se", "Anna", GOTEBORG_STAD)
            .await
    }

    /// Ingrid, admin of Trondheim kommune (a second municipality, a co-buyer in some tests).
    pub async fn co_buyer(&self) -> Member {
        self.founder("ingrid@trondheim.no", "Ingrid", TRONDHEIM_KOMMUNE)
            .await
    }

    /// Sara, admin of Returbutiken (a WISE, not verified).
    pub async fn wise(&self) -> Member {
        self.founder("sara@wise.se", "Sara", RETURBUTIKEN).await
    }

    /// Erik, admin of Städbolaget Väst (a supplier).
    pub async fn supplier(&self) -> Member {
        self.founder("erik@stad.se", "Erik", STADBOLAGET).await
    }

    /// An enterprise with a profile, run by one person (whose address is made from the
    /// organisation number).
    pub async fn enterprise(&self, org: Organisation<'_>, profile: Value) -> Member {
        enterprise(&self.app, org, profile).await
    }

    /// A colleague invited by `admin` to their organisation as `role`, who accepted, with a
    /// confirmed e-mail address.
    pub async fn colleague(&self, admin: &Member, email: &str, name: &str, role: &str) -> Client {
        let client = self.person(email, name).await;
        self.app.confirm_email(email).await;
        let invite = admin
            .client
            .invite(&admin.org, email, role)
            .await
            .str("inviteMember.acceptUrl");
        client
            .accept(&token_of(&invite))
            .await
            .data("acceptInvitation");
        client
    }
}

/// [`Scenario::person`], for a test that holds only the app.
pub async fn person(app: &TestApp, email: &str, name: &str) -> Client {
    let client = app.browser();
    client.register(email, name).await.data("register");
    client
}

/// [`Scenario::founder`], for a test that holds only the app.
pub async fn founder(app: &TestApp, email: &str, name: &str, org: Organisation<'_>) -> Member {
    let client = person(app, email, name).await;
    let org = client
        .create_org(org.kind, org.name, org.country, org.number)
        .await
        .str("createOrganisation.id");
    Member { client, org }
}

/// [`Scenario::enterprise`], for a test that holds only the app.
pub async fn enterprise(app: &TestApp, org: Organisation<'_>, profile: Value) -> Member {
    let email = format!("{}@example.se", org.number.replace('-', ""));
    let member = founder(app, &email, org.name, org).await;
    update_profile(&member.client, &member.org, 0, profile)
        .await
        .data("updateProfile");
    member
}

/// What `createOrganisation` needs.
#[derive(Clone, Copy)]
pub struct Organisation<'a> {
    pub kind: &'a str,
    pub name: &'a str,
    pub country: &'a str,
    pub number: &'a str,
}

pub const GOTEBORG_STAD: Organisation = Organisation {
    kind: "MUNICIPALITY",
    name: "Göteborgs Stad",
    country: "SE",
    number: GOTEBORG,
};
pub const TRONDHEIM_KOMMUNE: Organisation = Organisation {
    kind: "MUNICIPALITY",
    name: "Trondheim kommune",
    country: "NO",
    number: TRONDHEIM,
};
pub const RETURBUTIKEN: Organisation = Organisation {
    kind: "WISE",
    name: "Returbutiken",
    country: "SE",
    number: "769600-1234",
};
pub const STADBOLAGET: Organisation = Organisation {
    kind: "SUPPLIER",
    name: "Städbolaget Väst",
    country: "SE",
    number: "559012-3450",
};

pub const SKOLMAT: Organisation = Organisation {
    kind: "SUPPLIER",
    name: "Skolmat Väst",
    country: "GB",
    number: "07654321",
};

/// The least a need can be created with: a cleaning service in Sweden (CPV division 90 ships
/// with every database). Tests add what they look at.
pub fn cleaning_need(title: &str) -> Value {
    json!({
        "title": title,
        "mainCpv": "90000000",
        "place": { "country": "SE" },
        "contractNature": "SERVICES",
        "procedureType": "OPEN",
    })
}
