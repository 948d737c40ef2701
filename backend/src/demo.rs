//! Demo data: `samspill seed-demo` (or `serve --seed-demo`) fills an empty database with
//! municipalities in Göteborg, Trondheim and Birmingham, WISE and suppliers, and needs in every
//! status, so a newcomer sees a living platform at once. Everything goes through the same
//! services as the API (real transitions, histories and versions), and addresses use the
//! reserved `.example` domain. Each buyer writes as it would: Göteborg in Swedish, Trondheim in
//! Norwegian (bokmål), Birmingham in English, and each need records its language.

use crate::auth::Viewer;
use crate::domain::cpv::CpvCode;
use crate::domain::joint_offer::{Contribution, MemberRole, OfferOp};
use crate::domain::need::*;
use crate::domain::profile::{Capacity, ProfileContent, WiseStatus};
use crate::domain::{Country, OrgKind};
use crate::error::{AppError, AppResult};
use crate::services::{NewAccount, OfferStart, OrganisationInput, Services};
use crate::store::{Need, OrgFilter, Page, User};
use chrono::{Duration, NaiveDate, Utc};

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "samspill-demo-2026";

pub enum Seeded {
    /// The database already had organisations; nothing was added.
    AlreadyPopulated,
    Created {
        accounts: Vec<String>,
        needs: usize,
    },
}

fn cpv(code: &str) -> CpvCode {
    CpvCode::parse(code).unwrap_or_else(|_| unreachable!("demo CPV codes are literals"))
}

fn date(days_from_now: i64) -> Option<NaiveDate> {
    Some((Utc::now() + Duration::days(days_from_now)).date_naive())
}

/// The sentences a buyer repeats from need to need, in its own language.
struct Phrases {
    welcome_questions: &'static str,
    rationale: &'static str,
    training_places: &'static str,
    follow_up_by: &'static str,
    reporting: &'static str,
    organisation: &'static str,
}

fn phrases(language: Language) -> Phrases {
    match language {
        Language::Swedish => Phrases {
            welcome_questions: "Vi välkomnar frågor i marknadsdialogen.",
            rationale: "Nuvarande avtal löper ut och tjänsten ska upphandlas på nytt.",
            training_places: "arbetsträningsplatser",
            follow_up_by: "Arbetsmarknadsenheten",
            reporting: "Kvartalsvis rapport om anställningar och arbetsträningsplatser; köparen \
                        hanterar personuppgifterna enligt GDPR.",
            organisation: "Demoorganisation.",
        },
        Language::NorwegianBokmal | Language::NorwegianNynorsk => Phrases {
            welcome_questions: "Vi tar gjerne imot spørsmål i markedsdialogen.",
            rationale: "Dagens avtale løper ut, og tjenesten skal anskaffes på nytt.",
            training_places: "arbeidstreningsplasser",
            follow_up_by: "Arbeidsmarkedsenheten",
            reporting: "Kvartalsvis rapport om ansettelser og arbeidstreningsplasser; kjøperen \
                        behandler personopplysningene etter GDPR.",
            organisation: "Demoorganisasjon.",
        },
        Language::English => Phrases {
            welcome_questions: "We welcome questions in the market dialogue.",
            rationale: "The current arrangement ends and the service is to be procured again.",
            training_places: "work-training places",
            follow_up_by: "Labour-market unit",
            reporting: "Quarterly report of hires and training places; personal data handled by \
                        the buyer under GDPR.",
            organisation: "Demo organisation.",
        },
    }
}

/// A plausible need with the given essentials, written in the language of `country`; callers
/// adjust the rest.
fn need(
    title: &str,
    summary: &str,
    main_cpv: &str,
    country: Country,
    nuts: &str,
    municipality: &str,
    value: (i64, i64, Currency),
) -> NeedContent {
    let language = Language::for_country(country);
    let words = phrases(language);
    NeedContent {
        title: title.into(),
        summary: summary.into(),
        description: format!("## {title}\n\n{summary}\n\n{}", words.welcome_questions),
        rationale: words.rationale.into(),
        main_cpv: cpv(main_cpv),
        additional_cpvs: vec![],
        place: Place {
            country,
            nuts_code: Some(nuts.into()),
            municipality: Some(municipality.into()),
        },
        contract_nature: ContractNature::Services,
        procedure_type: ProcedureType::Open,
        estimated_value: Some(EstimatedValue {
            min: Some(value.0),
            max: Some(value.1),
            currency: value.2,
        }),
        lots: vec![],
        max_lots_per_bidder: None,
        dates: Dates {
            dialogue_opens: date(-7),
            dialogue_closes: date(45),
            questions_deadline: None,
            expected_tender_publication: date(75),
            tender_deadline: date(110),
            contract_start: date(200),
            contract_duration_months: Some(36),
        },
        reserved: ReservedParticipation::None,
        flags: StrategicFlags {
            social_objective: true,
            innovative: false,
            green: false,
            sme_suitable: true,
        },
        employment: None,
        engagement: vec![],
        joint_offers_welcome: true,
        subcontracting_welcome: true,
        contact: None,
        language: Some(language),
    }
}

fn lot(language: Language, number: u32, title: &str, places: Option<f64>, reserved: bool) -> Lot {
    Lot {
        number,
        title: title.into(),
        description: String::new(),
        cpv: None,
        nuts_code: None,
        estimated_value: None,
        quantity: places.map(|amount| Quantity {
            amount,
            unit: phrases(language).training_places.into(),
        }),
        reserved,
    }
}

fn employment(
    language: Language,
    groups: Vec<TargetGroup>,
    months: u32,
) -> Option<EmploymentRequirement> {
    let words = phrases(language);
    Some(EmploymentRequirement {
        variant: EmploymentVariant::EmploymentOrTraining,
        target_groups: groups,
        volume_full_time_months: Some(months),
        first_hire_within_months: Some(6),
        follow_up_by: words.follow_up_by.into(),
        reporting: words.reporting.into(),
    })
}

struct Seeder<'a> {
    services: &'a Services,
    accounts: Vec<String>,
}

impl Seeder<'_> {
    async fn person(&mut self, email: &str, name: &str, platform_admin: bool) -> AppResult<Viewer> {
        let account = NewAccount {
            email,
            name,
            password: DEMO_PASSWORD,
        };
        let user: User = self.services.create_user(account, platform_admin).await?;
        // Demo people's addresses are made up; they count as verified so invitations work.
        self.services.vouch_for_email(user.id).await?;
        let user = self.services.user(user.id).await?;
        self.accounts.push(format!("{email} ({name})"));
        Ok(Viewer::User {
            user,
            credential_id: 0,
            expires_at: None,
        })
    }

    async fn organisation(
        &self,
        viewer: &Viewer,
        kind: OrgKind,
        name: &str,
        country: Country,
        number: &str,
        region: &str,
    ) -> AppResult<i64> {
        let input = OrganisationInput {
            kind,
            name,
            country,
            org_number: number,
            region: Some(region),
            website: None,
            description: Some(phrases(Language::for_country(country)).organisation),
        };
        Ok(self.services.create_organisation(viewer, input).await?.id)
    }

    /// Creates the need and walks it through `path` (each step a real transition).
    async fn need(
        &self,
        viewer: &Viewer,
        buyer: i64,
        content: NeedContent,
        path: &[NeedStatus],
    ) -> AppResult<Need> {
        let mut need = self
            .services
            .create_need(viewer, buyer, vec![], content)
            .await?;
        for &status in path {
            need = self
                .services
                .change_need_status(viewer, need.id, need.revision, status, "")
                .await?;
        }
        Ok(need)
    }
}

pub async fn seed(services: &Services) -> AppResult<Seeded> {
    let existing = services
        .organisations(
            &OrgFilter::default(),
            Page {
                after: None,
                first: 1,
            },
        )
        .await?;
    if !existing.is_empty() {
        return Ok(Seeded::AlreadyPopulated);
    }
    let mut s = Seeder {
        services,
        accounts: Vec::new(),
    };
    let admin = s
        .person("admin@samspill.example", "Platform Administrator", true)
        .await?;
    let anna = s
        .person("anna@goteborg.example", "Anna Berg", false)
        .await?;
    let ingrid = s
        .person("ingrid@trondheim.example", "Ingrid Dahl", false)
        .await?;
    let oliver = s
        .person("oliver@birmingham.example", "Oliver Hughes", false)
        .await?;
    let sara = s
        .person("sara@returbutiken.example", "Sara Lind", false)
        .await?;
    let erik = s
        .person("erik@stadvast.example", "Erik Ström", false)
        .await?;
    let kari = s
        .person("kari@renhold.example", "Kari Nilsen", false)
        .await?;

    let goteborg = s
        .organisation(
            &anna,
            OrgKind::Municipality,
            "Göteborgs Stad",
            Country::Se,
            "212000-1355",
            "Västra Götaland",
        )
        .await?;
    let trondheim = s
        .organisation(
            &ingrid,
            OrgKind::Municipality,
            "Trondheim kommune",
            Country::No,
            "942110464",
            "Trøndelag",
        )
        .await?;
    let birmingham = s
        .organisation(
            &oliver,
            OrgKind::Municipality,
            "Birmingham City Council",
            Country::Gb,
            "BIR",
            "West Midlands",
        )
        .await?;
    let returbutiken = s
        .organisation(
            &sara,
            OrgKind::Wise,
            "Returbutiken Kooperativ",
            Country::Se,
            "769600-1234",
            "Västra Götaland",
        )
        .await?;
    let stadbolaget = s
        .organisation(
            &erik,
            OrgKind::Supplier,
            "Städbolaget Väst AB",
            Country::Se,
            "559012-3450",
            "Västra Götaland",
        )
        .await?;
    s.organisation(
        &kari,
        OrgKind::Supplier,
        "Trondheim Renhold AS",
        Country::No,
        "987654325",
        "Trøndelag",
    )
    .await?;
    for (org, evidence) in [
        (
            goteborg,
            "Municipality in the Swedish register of public authorities.",
        ),
        (
            trondheim,
            "Municipality in the Norwegian Central Coordinating Register.",
        ),
        (birmingham, "Local authority in the GB-LAE register."),
    ] {
        services
            .set_verification(&admin, org, true, Some(evidence))
            .await?;
    }

    use NeedStatus::*;
    let sv = Language::Swedish;
    let mut cleaning = need(
        "Städning av skolor och förskolor",
        "Daglig städning av 40 skolor i två delområden; det ena är reserverat för \
         arbetsintegrerande sociala företag.",
        "90910000",
        Country::Se,
        "SE232",
        "Göteborg",
        (18_000_000, 24_000_000, Currency::Sek),
    );
    cleaning.additional_cpvs = vec![cpv("90911200")];
    cleaning.lots = vec![
        lot(sv, 1, "Skolor på Hisingen", None, false),
        lot(sv, 2, "Förskolor med arbetsträningsteam", Some(20.0), true),
    ];
    cleaning.max_lots_per_bidder = Some(1);
    cleaning.employment = employment(
        sv,
        vec![TargetGroup::NewlyArrived, TargetGroup::LongTermUnemployed],
        48,
    );
    let mut cafe = need(
        "Kafé och returbutik på Stadsbiblioteket",
        "Drift av bibliotekets kafé med en liten returbutik, reserverad för arbetsintegrerande \
         sociala företag.",
        "55300000",
        Country::Se,
        "SE232",
        "Göteborg",
        (1_500_000, 2_500_000, Currency::Sek),
    );
    cafe.reserved = ReservedParticipation::ShelteredWorkshops;
    cafe.engagement = vec![EngagementActivity {
        kind: EngagementKind::SupplierDay,
        starts_at: Some(Utc::now() + Duration::days(14)),
        place: "Stadsbiblioteket, Götaplatsen".into(),
        description: "Vi presenterar behovet och svarar på frågor.".into(),
    }];
    let draft = need(
        "Skolmåltider till sommarskolor",
        "Luncher till stadens sommarskolor; utkastet skrivs fortfarande.",
        "55523100",
        Country::Se,
        "SE232",
        "Göteborg",
        (800_000, 1_200_000, Currency::Sek),
    );
    let mut welfare_tech = need(
        "Digitalt tilsyn i hjemmetjenesten",
        "Et innovasjonspartnerskap for å utvikle digitalt nattilsyn sammen med de ansatte i \
         hjemmetjenesten.",
        "48000000",
        Country::No,
        "NO060",
        "Trondheim",
        (6_000_000, 9_000_000, Currency::Nok),
    );
    welfare_tech.procedure_type = ProcedureType::InnovationPartnership;
    welfare_tech.contract_nature = ContractNature::Supplies;
    welfare_tech.flags.innovative = true;
    let snow = need(
        "Snørydding av fortau og bussholdeplasser",
        "Vinterdrift av fortau, sykkelveier og bussholdeplasser i sentrum og bydelene.",
        "90620000",
        Country::No,
        "NO060",
        "Trondheim",
        (12_000_000, 15_000_000, Currency::Nok),
    );
    let mut counselling = need(
        "Counselling for young people not in work",
        "Counselling and work training for young people, reserved for public-service-mission \
         organisations.",
        "85312320",
        Country::Gb,
        "TLG31",
        "Birmingham",
        (400_000, 600_000, Currency::Gbp),
    );
    counselling.reserved = ReservedParticipation::PublicServiceMission;
    counselling.employment = employment(Language::English, vec![TargetGroup::YoungPeople], 24);
    let grounds = need(
        "Grounds maintenance of parks",
        "Planting and maintenance of green areas in city parks.",
        "77310000",
        Country::Gb,
        "TLG31",
        "Birmingham",
        (2_000_000, 3_000_000, Currency::Gbp),
    );
    let mut furniture = need(
        "Reused office furniture",
        "Refurbished office furniture for council buildings.",
        "39100000",
        Country::Gb,
        "TLG31",
        "Birmingham",
        (150_000, 250_000, Currency::Gbp),
    );
    furniture.contract_nature = ContractNature::Supplies;
    furniture.flags.green = true;
    let catering = need(
        "Catering for council events",
        "Catering for events and meetings.",
        "55520000",
        Country::Gb,
        "TLG31",
        "Birmingham",
        (100_000, 200_000, Currency::Gbp),
    );

    let mut created = Vec::new();
    for (viewer, buyer, content, path) in [
        (&anna, goteborg, cleaning, &[Announced][..]),
        (&anna, goteborg, cafe, &[Announced, InDialogue][..]),
        (&anna, goteborg, draft, &[][..]),
        (
            &ingrid,
            trondheim,
            welfare_tech,
            &[Announced, InDialogue, Tendering][..],
        ),
        (
            &ingrid,
            trondheim,
            snow,
            &[Announced, Tendering, Awarded][..],
        ),
        (&oliver, birmingham, counselling, &[Announced][..]),
        (
            &oliver,
            birmingham,
            grounds,
            &[Announced, Tendering, Awarded, Closed][..],
        ),
        (&oliver, birmingham, furniture, &[Announced, Withdrawn][..]),
        (
            &oliver,
            birmingham,
            catering,
            &[Announced, Tendering, Cancelled][..],
        ),
    ] {
        created.push(s.need(viewer, buyer, content, path).await?);
    }
    // Returbutiken describes itself, then gathers partners for the reserved preschool lot of
    // the cleaning need.
    let profile = ProfileContent {
        cpv: vec![cpv("90911200"), cpv("55300000")],
        services_description: "Städteam och ett returkafé, bemannade genom arbetsträning.".into(),
        regions_served: vec!["SE232".into()],
        capacity: Capacity {
            staff: Some(24),
            training_places: Some(8),
            ..Capacity::default()
        },
        target_groups: vec![TargetGroup::NewlyArrived, TargetGroup::LongTermUnemployed],
        wise: Some(WiseStatus {
            integration_main_aim: true,
            target_group_staff_percent: Some(45),
            // Measured in the last year, so the demo WISE stays eligible whenever it is run.
            measured_on: date(-120),
            evidence: "Medlemskap i Skoopi och årsredovisning 2025".into(),
            certification: Some("Skoopi".into()),
        }),
        takes_employment_requirements: true,
        ..ProfileContent::default()
    };
    services
        .update_profile(&sara, returbutiken, profile, 0)
        .await?;
    // Verified after its profile states its share: verification covers the figures it saw.
    services
        .set_verification(
            &admin,
            returbutiken,
            true,
            Some("Member of Skoopi; 45% of staff in work training (annual report)."),
        )
        .await?;
    let offer = services
        .create_joint_offer(
            &sara,
            OfferStart {
                need_id: created[0].id,
                organisation_id: returbutiken,
                lots: vec![2],
                pitch: "Ett arbetsträningsteam av nyanlända städare, handlett av Returbutiken."
                    .into(),
                contribution: Contribution {
                    training_places: Some(8),
                    ..Contribution::default()
                },
            },
        )
        .await?;
    for op in [
        OfferOp::Invite {
            organisation_id: stadbolaget,
            role: MemberRole::Partner,
            message: "Vill ni bidra med 12 platser och maskinparken?".into(),
        },
        OfferOp::Call {
            text: Some(
                "Vi söker partner med ytterligare 12 arbetsträningsplatser i Göteborg.".into(),
            ),
        },
    ] {
        services.change_joint_offer(&sara, offer.id, op).await?;
    }
    Ok(Seeded::Created {
        accounts: s.accounts,
        needs: created.len(),
    })
}

impl From<&Seeded> for String {
    fn from(seeded: &Seeded) -> String {
        match seeded {
            Seeded::AlreadyPopulated => "The database already has organisations; no demo data was \
                                         added."
                .into(),
            Seeded::Created { accounts, needs } => format!(
                "Added demo data: {needs} needs and these accounts, all with the password \
                 {DEMO_PASSWORD}:\n  {}",
                accounts.join("\n  ")
            ),
        }
    }
}

/// Reads a CPV list in the TSV form of `shared/data/cpv-2008-en.tsv` (see
/// [`crate::domain::cpv::parse_tsv`]); errors are on the field `file`.
pub fn parse_cpv_tsv(text: &str) -> AppResult<Vec<(CpvCode, String)>> {
    crate::domain::cpv::parse_tsv(text).map_err(AppError::invalid("file"))
}
