//! `baken demo`: a werkorganisatie with three municipalities and one account for every role, on the
//! configured database (the embedded SQLite file by default). Every name in it is fictitious.

use crate::config::Config;
use baken_core::{Caller, NewUserInput, RequestContext, Services, UserUpdateInput};
use baken_domain::Role;

/// The password of every demo account; printed at start. Demo only.
pub const DEMO_PASSWORD: &str = "demo-baken-2026!";

pub const GEMEENTEN: [(&str, &str); 3] = [
    ("GM0534", "Hillegom"),
    ("GM0553", "Lisse"),
    ("GM1525", "Teylingen"),
];

/// (e-mail, name, role, municipalities)
const ACCOUNTS: [(&str, &str, Role, &[&str]); 7] = [
    (
        "teamlid@demo.baken.nl",
        "Tessa Teamlid",
        Role::Teamlid,
        &["GM0534", "GM0553", "GM1525"],
    ),
    (
        "analist@demo.baken.nl",
        "Arjen Analist",
        Role::Analist,
        &["GM0534", "GM0553", "GM1525"],
    ),
    (
        "coordinator@demo.baken.nl",
        "Cor Coördinator",
        Role::Coordinator,
        &["GM0534", "GM0553", "GM1525"],
    ),
    (
        "privacy@demo.baken.nl",
        "Pien Privacy",
        Role::Privacyfunctionaris,
        &["GM0534", "GM0553", "GM1525"],
    ),
    (
        "jurist@demo.baken.nl",
        "Jamal Jurist",
        Role::Jurist,
        &["GM0534", "GM0553", "GM1525"],
    ),
    (
        "burgemeester@demo.baken.nl",
        "Bea Burgemeester",
        Role::Burgemeester,
        &["GM0534"],
    ),
    (
        "beheerder@demo.baken.nl",
        "Bram Beheerder",
        Role::Beheerder,
        &[],
    ),
];

pub async fn run(mut config: Config) -> anyhow::Result<()> {
    config.core.mfa_required = false;
    config.web.demo = true;
    if config.web.organisatie == baken_web::WebConfig::default().organisatie {
        config.web.organisatie = "Werkorganisatie HLT (demo)".into();
    }
    let services = crate::services(&config).await?;
    if services.has_users().await? {
        println!("De database bevat al accounts; er worden geen demogegevens toegevoegd.");
    } else {
        seed(&services).await?;
        println!("Demogegevens aangemaakt in {}.", config.database_url);
    }
    println!();
    println!("Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):");
    for (email, name, role, _) in ACCOUNTS {
        println!("  {:<20} {email:<28} {name}", role.as_str());
    }
    println!();
    crate::server::serve(services, &config).await
}

pub async fn seed(services: &Services) -> anyhow::Result<()> {
    let ctx = RequestContext {
        client_addr: Some("demo".into()),
        user_agent: None,
    };
    for (code, naam) in GEMEENTEN {
        services
            .add_gemeente(&Caller::System, code, naam, &ctx)
            .await?;
    }
    let mut workers = Vec::new();
    let mut coordinator = None;
    let mut privacy = None;
    for (email, name, role, gemeenten) in ACCOUNTS {
        let input = NewUserInput {
            email: email.into(),
            name: name.into(),
            roles: vec![role.as_str().into()],
            gemeenten: gemeenten.iter().map(|g| g.to_string()).collect(),
            password: DEMO_PASSWORD.into(),
        };
        let user = services.add_user(&Caller::System, &input, &ctx).await?;
        if role == Role::Coordinator {
            // The demo coordinator may see Wet Bibob information, so shielded entries can be seen both ways.
            let update = UserUpdateInput {
                name: name.into(),
                roles: input.roles.clone(),
                gemeenten: input.gemeenten.clone(),
                active: true,
                bibob_clearance: true,
            };
            services
                .update_user(&Caller::System, user.id, &update, &ctx)
                .await?;
            coordinator = Some(services.actor(user.id).await?);
        }
        if role == Role::Privacyfunctionaris {
            privacy = Some(services.actor(user.id).await?);
        }
        if matches!(
            role,
            Role::Teamlid | Role::Analist | Role::Jurist | Role::Coordinator
        ) {
            workers.push(services.actor(user.id).await?);
        }
    }
    let coordinator = coordinator.expect("the demo has a coordinator");
    let privacy = privacy.expect("the demo has a privacy officer");
    let signals = crate::demo_signalen::seed(services, &workers, &coordinator, &privacy).await?;
    println!("{signals} fictieve signalen aangemaakt.");
    let requests = crate::demo_signalen::seed_requests(services, &privacy).await?;
    println!("{requests} verzoeken van betrokkenen aangemaakt.");
    let objecten = crate::demo_registers::seed(services, &ctx).await?;
    println!("{objecten} objecten in de fictieve lokale registers (BAG, KvK, sanctielijsten).");
    Ok(())
}
