//! The services on their own, against a temporary SQLite database: rules that are easier to pin
//! here than over HTTP. (Every rule is also exercised through the web on both databases.)

use baken_core::{Caller, Clock, CoreConfig, NewUserInput, RequestContext, Services};
use baken_domain::entiteit::EntiteitInvoer;
use baken_domain::signaal::SignaalInvoer;
use baken_domain::{Actor, ValidationErrors};
use std::sync::Arc;

async fn services() -> Services {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("baken.db").display());
    std::mem::forget(dir);
    let store = baken_store_sqlite::SqliteStore::connect(&url)
        .await
        .expect("sqlite");
    store.migrate().await.expect("migrate");
    let services = Services::new(
        Arc::new(store),
        CoreConfig::default(),
        Clock::system(),
        baken_core::JournalSigner::generate(),
    );
    let ctx = RequestContext::default();
    for (code, naam) in [("GM0534", "Hillegom"), ("GM0553", "Lisse")] {
        services
            .add_gemeente(&Caller::System, code, naam, &ctx)
            .await
            .expect("gemeente");
    }
    services
}

async fn actor(services: &Services, email: &str, role: &str, gemeente: &str) -> Actor {
    let user = services
        .add_user(
            &Caller::System,
            &NewUserInput {
                email: email.into(),
                name: format!("Test {role}"),
                roles: vec![role.into()],
                gemeenten: vec![gemeente.into()],
                password: "lantaarn-fiets-zeventien".into(),
            },
            &RequestContext::default(),
        )
        .await
        .expect("user");
    services.actor(user.id).await.expect("actor")
}

fn person(bsn: &str, voornamen: Option<&str>, achternaam: &str) -> EntiteitInvoer {
    EntiteitInvoer {
        soort: "persoon".into(),
        bsn: Some(bsn.into()),
        voornamen: voornamen.map(str::to_string),
        achternaam: Some(achternaam.into()),
        ..Default::default()
    }
}

fn signal(gemeente: &str, omschrijving: &str, subjecten: Vec<EntiteitInvoer>) -> SignaalInvoer {
    SignaalInvoer {
        gemeente: gemeente.into(),
        ontvangstdatum: "2026-11-20".into(),
        bron: "inwoner".into(),
        omschrijving: omschrijving.into(),
        fenomenen: vec!["hennep".into()],
        subjecten,
        ..Default::default()
    }
}

fn field_errors(error: baken_core::ServiceError) -> ValidationErrors {
    match error {
        baken_core::ServiceError::Invalid(errors) => errors,
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn a_page_and_its_cursor_count_only_what_the_actor_may_see() {
    let services = services().await;
    let owner = actor(&services, "o@example.nl", "teamlid", "GM0534").await;
    let colleague = actor(&services, "c@example.nl", "teamlid", "GM0534").await;
    let ctx = RequestContext::default();
    for n in 0..3 {
        services
            .create_signal(
                &colleague,
                &signal("GM0534", &format!("Drugslab in schuur {n}"), vec![]),
                &ctx,
            )
            .await
            .unwrap();
    }
    let mine = services
        .create_signal(
            &owner,
            &signal("GM0534", "Drugslab bij de haven", vec![]),
            &ctx,
        )
        .await
        .unwrap();
    // Three hidden hits are newer or older than the owner's one; whatever their order, one page of
    // one result has no next page.
    let page = services
        .search(&owner, "drugslab", None, Some(1), "test")
        .await
        .unwrap();
    assert_eq!(page.resultaten.len(), 1);
    assert_eq!(page.resultaten[0].dossier.id, mine.id);
    assert_eq!(page.volgende, None, "no cursor over hidden hits");
    let theirs = services
        .search(&colleague, "drugslab", None, Some(2), "test")
        .await
        .unwrap();
    assert_eq!(theirs.resultaten.len(), 2);
    let rest = services
        .search(
            &colleague,
            "drugslab",
            theirs.volgende.as_deref(),
            Some(2),
            "test",
        )
        .await
        .unwrap();
    assert_eq!(rest.resultaten.len(), 1, "three in all for the colleague");
    assert_eq!(rest.volgende, None);
}

#[tokio::test]
async fn each_municipality_keeps_its_own_record_of_a_person() {
    let services = services().await;
    let lisse = actor(&services, "l@example.nl", "teamlid", "GM0553").await;
    let hillegom = actor(&services, "h@example.nl", "teamlid", "GM0534").await;
    let ctx = RequestContext::default();
    services
        .create_signal(
            &lisse,
            &signal(
                "GM0553",
                "x",
                vec![person("999900006", Some("Jan"), "Jansen")],
            ),
            &ctx,
        )
        .await
        .unwrap();
    let ours = services
        .create_signal(
            &hillegom,
            &signal("GM0534", "y", vec![person("999900006", None, "J.")]),
            &ctx,
        )
        .await
        .unwrap();
    let view = services.signal(&hillegom, ours.id, "test").await.unwrap();
    let record = &view.entiteiten[0];
    let shown = serde_json::to_string(&record.entiteit.entiteit).unwrap();
    assert!(
        shown.contains("\"J.\"") && !shown.contains("Jan"),
        "{shown}"
    );
    assert_eq!(record.entiteit.gemeente.as_str(), "GM0534");
    assert!(
        record.elders.is_empty(),
        "no Hillegom dossier besides this one"
    );
    assert!(
        record.elders_andere_gemeente,
        "Lisse's only as the neutral fact"
    );
    // The intake's "where else" says the same, and counts as an identifier look-up.
    let (refs, elsewhere) = services
        .where_else(&hillegom, &person("999900006", None, "-"), "test")
        .await
        .unwrap()
        .expect("known");
    assert_eq!(refs.len(), 1);
    assert!(elsewhere);
}

#[tokio::test]
async fn only_the_owner_or_the_coordinator_changes_who_works_on_a_dossier() {
    let services = services().await;
    let owner = actor(&services, "o@example.nl", "teamlid", "GM0534").await;
    let member = actor(&services, "m@example.nl", "teamlid", "GM0534").await;
    let ctx = RequestContext::default();
    let created = services
        .create_signal(&owner, &signal("GM0534", "z", vec![]), &ctx)
        .await
        .unwrap();
    let add_member = baken_core::dossiers::SignaalWijziging {
        team: Some(vec![member.user_id.to_string()]),
        ..Default::default()
    };
    services
        .update_signal(&owner, created.id, &add_member, &ctx)
        .await
        .unwrap();
    let take_it = baken_core::dossiers::SignaalWijziging {
        toegewezen_aan: Some(member.user_id.to_string()),
        ..Default::default()
    };
    let errors = field_errors(
        services
            .update_signal(&member, created.id, &take_it, &ctx)
            .await
            .unwrap_err(),
    );
    assert!(errors.for_field("toegewezenAan").is_some());
    assert!(errors.for_field("team").is_none());
}

#[tokio::test]
async fn every_audit_event_name_is_unique_and_parses_back() {
    use baken_core::audit::AuditAction;
    let names: std::collections::BTreeSet<&str> =
        AuditAction::ALL.iter().map(|a| a.as_str()).collect();
    assert_eq!(names.len(), AuditAction::ALL.len());
    assert!(names.contains("aanmelden.mislukt") && names.contains("blokkade.ingesteld"));
}

#[tokio::test]
async fn a_partner_request_waits_on_the_deadline_overview_until_it_is_answered_once() {
    use baken_domain::partnerverzoek::{
        PartnerAntwoordInvoer, PartnerverzoekInvoer, PartnerverzoekStatus,
    };
    let services = services().await;
    let owner = actor(&services, "o@example.nl", "teamlid", "GM0534").await;
    let lisse = actor(&services, "l@example.nl", "teamlid", "GM0553").await;
    let ctx = RequestContext::default();
    let dossier = services
        .create_signal(
            &owner,
            &signal("GM0534", "Loods met hennepgeur", vec![]),
            &ctx,
        )
        .await
        .unwrap();
    // Every missing field at once.
    let missing = services
        .partnerverzoek_versturen(&owner, dossier.id, &PartnerverzoekInvoer::default(), &ctx)
        .await
        .unwrap_err();
    assert_eq!(field_errors(missing).iter().count(), 6);
    let today = baken_domain::tijd::today_nl(time::OffsetDateTime::now_utc());
    let input = PartnerverzoekInvoer {
        partner_soort: "politie".into(),
        partner: "Politie eenheid Den Haag".into(),
        vraag: "Is de loods bij u bekend?".into(),
        doel: "Aanvullen van de informatiepositie".into(),
        grondslag: "RIEC-convenant".into(),
        antwoord_voor: (today + time::Duration::days(10)).to_string(),
    };
    // Another municipality's member: the dossier does not exist.
    assert!(matches!(
        services
            .partnerverzoek_versturen(&lisse, dossier.id, &input, &ctx)
            .await,
        Err(baken_core::ServiceError::NotFound)
    ));
    let verzoek = services
        .partnerverzoek_versturen(&owner, dossier.id, &input, &ctx)
        .await
        .unwrap();
    assert_eq!(verzoek.status, PartnerverzoekStatus::Open);
    let overview = |services: Services, owner: Actor| async move {
        let o = services
            .deadline_overview(
                &owner,
                &baken_core::maatregelen::TermijnenVraag::default(),
                "test",
            )
            .await
            .unwrap();
        o.verlopen
            .iter()
            .chain(&o.deze_week)
            .chain(&o.later)
            .filter(|r| r.termijn.soort == "antwoord-partnerverzoek")
            .count()
    };
    assert_eq!(overview(services.clone(), owner.clone()).await, 1);

    let antwoord = PartnerAntwoordInvoer {
        antwoord: "Twee meldingen in 2026.".into(),
        ontvangen: today.to_string(),
        bron: "wijkagent".into(),
        bron_betrouwbaarheid: "B".into(),
        informatie_betrouwbaarheid: "2".into(),
    };
    let done = services
        .partnerverzoek_beantwoorden(&owner, dossier.id, verzoek.id, &antwoord, &ctx)
        .await
        .unwrap();
    assert_eq!(done.status, PartnerverzoekStatus::Beantwoord);
    assert_eq!(overview(services.clone(), owner.clone()).await, 0);
    // Ended once: a second answer or a withdrawal is a conflict.
    for second in [
        services
            .partnerverzoek_beantwoorden(&owner, dossier.id, verzoek.id, &antwoord, &ctx)
            .await,
        services
            .partnerverzoek_intrekken(&owner, dossier.id, verzoek.id, "Niet meer nodig.", &ctx)
            .await,
    ] {
        assert!(matches!(
            second,
            Err(baken_core::ServiceError::Conflict {
                code: "partnerverzoek-afgehandeld",
                ..
            })
        ));
    }
    let list = services
        .partnerverzoeken(&owner, dossier.id, "test")
        .await
        .unwrap();
    assert_eq!(list, vec![done]);
}
