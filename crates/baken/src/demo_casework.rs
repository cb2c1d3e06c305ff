//! The demo's casework: meetings, cases from signals that went "naar-casus", and interventions
//! with their steps, on top of the demo signals (`crate::demo_signalen`).

use baken_core::{RequestContext, Services};
use baken_domain::Actor;

/// Meetings for each municipality of the coordinator: next week's signal meeting (its agenda
/// drawn from the signals in weging) and a case meeting with the open cases and an action item.
pub(crate) async fn demo_meetings(
    services: &Services,
    coordinator: &Actor,
    ctx: &RequestContext,
) -> anyhow::Result<()> {
    use baken_core::overleggen::{ActiepuntInvoer, OverlegInvoer};
    let today = baken_domain::tijd::today_nl(services.clock().now());
    let cases = services.cases(coordinator, false, "demo").await?;
    for gemeente in &coordinator.gemeenten {
        let plan = |soort: &str, dagen: i64, externen: Vec<String>| OverlegInvoer {
            soort: soort.into(),
            datum: (today + time::Duration::days(dagen)).to_string(),
            gemeente: Some(gemeente.as_str().into()),
            externen,
            ..Default::default()
        };
        services
            .plan_meeting(coordinator, &plan("signalenoverleg", 5, vec![]), ctx)
            .await?;
        let casusoverleg = services
            .plan_meeting(
                coordinator,
                &plan(
                    "casusoverleg",
                    9,
                    vec![
                        "Wijkagent K. Bakker (Politie)".into(),
                        "M. Yilmaz (Woonstichting)".into(),
                    ],
                ),
                ctx,
            )
            .await?;
        let mut first = None;
        for c in cases
            .iter()
            .filter(|c| &c.record.gemeente == gemeente)
            .take(3)
        {
            services
                .add_agenda_item(coordinator, casusoverleg.id, c.record.dossier_id, ctx)
                .await?;
            first.get_or_insert(c.record.dossier_id);
        }
        if let Some(dossier) = first {
            services
                .add_action_item(
                    coordinator,
                    casusoverleg.id,
                    &ActiepuntInvoer {
                        omschrijving: Some(
                            "Stand van de bestuurlijke rapportage navragen bij de politie".into(),
                        ),
                        uiterlijk_op: Some((today + time::Duration::days(14)).to_string()),
                        dossier: Some(dossier),
                        ..Default::default()
                    },
                    ctx,
                )
                .await?;
        }
    }
    Ok(())
}

/// The path of the demo signals that end in "naar-casus" (see `PATHS`).
pub(crate) const PATH_NAAR_CASUS: usize = 8;

/// A case from a signal in `naar-casus`, in turn left just started, with its plan after privacy
/// check 2A, in execution after 2B (with tasks and an intervention), or in nazorg.
pub(crate) async fn demo_case(
    services: &Services,
    actor: &Actor,
    privacy_officer: &Actor,
    signal: &baken_core::dossiers::SignaalAangemaakt,
    i: usize,
    ctx: &RequestContext,
) -> anyhow::Result<()> {
    let diepte = (i / 20) % 4;
    let view = services.signal(actor, signal.id, "demo").await?;
    let naam = view
        .entiteiten
        .iter()
        .find(|e| !e.entiteit.entiteit.soort().is_subject())
        .map(|e| e.entiteit.entiteit.weergave())
        .unwrap_or_else(|| format!("Casus bij {}", view.dossier.nummer));
    let case = services
        .start_case(
            actor,
            &baken_core::casussen::CasusInvoer {
                naam,
                doel: "Het ondermijnende gebruik van het pand beëindigen en herhaling voorkomen (demo).".into(),
                signalen: vec![signal.id],
                afdelingen: vec!["Openbare orde en veiligheid".into(), "Juridische zaken".into()],
                partners: vec!["Politie".into()],
                ..Default::default()
            },
            ctx,
        )
        .await?;
    let id = case.dossier_id;
    let approve = |toets: &str, aspects: &[&str]| baken_core::protocol::ToetsInvoer {
        toets: toets.into(),
        besluit: "goedgekeurd".into(),
        antwoorden: aspects
            .iter()
            .map(|a| {
                (
                    a.to_string(),
                    format!("Vastgelegd in het casusoverleg (demo): {a}."),
                )
            })
            .collect(),
        bronnen: vec![],
        motivering: None,
    };
    let fase = |status: &str, motivering: &str| baken_core::casussen::CasusStatusInvoer {
        status: status.into(),
        motivering: Some(motivering.into()),
        ..Default::default()
    };
    if diepte >= 1 {
        services
            .decide_privacy_check(
                privacy_officer,
                id,
                &approve(
                    "2A",
                    &["gegevens", "ontvangers", "noodzaak", "proportionaliteit"],
                ),
                ctx,
            )
            .await?;
        services
            .change_case_status(
                actor,
                id,
                &fase("plan-van-aanpak", "Besproken in het casusoverleg."),
                ctx,
            )
            .await?;
        services
            .update_case(
                actor,
                id,
                &baken_core::casussen::CasusWijziging {
                    plan_van_aanpak: Some("Bestuurlijke rapportage van de politie afwachten; daarna een sluiting op grond van art. 13b Opiumwet voorbereiden; de woningcorporatie informeren (demo).".into()),
                    ..Default::default()
                },
                ctx,
            )
            .await?;
    }
    if diepte >= 2 {
        services
            .decide_privacy_check(
                privacy_officer,
                id,
                &approve(
                    "2B",
                    &[
                        "bevoegdheid",
                        "gegevens",
                        "ontvangers",
                        "noodzaak",
                        "sectorale-beperkingen",
                    ],
                ),
                ctx,
            )
            .await?;
        services
            .change_case_status(
                actor,
                id,
                &fase("in-uitvoering", "Plan van aanpak vastgesteld."),
                ctx,
            )
            .await?;
        let today = baken_domain::tijd::today_nl(services.clock().now());
        for (n, taak) in [
            "Eigenaar van het pand benaderen",
            "Verslag voor de burgemeester opstellen",
        ]
        .iter()
        .enumerate()
        {
            services
                .add_task(
                    actor,
                    id,
                    &baken_core::casussen::TaakInvoer {
                        omschrijving: Some((*taak).into()),
                        uiterlijk_op: Some(
                            (today + time::Duration::days(7 + 7 * n as i64)).to_string(),
                        ),
                        ..Default::default()
                    },
                    ctx,
                )
                .await?;
        }
        let view = services.signal(actor, id, "demo").await?;
        demo_intervention(services, actor, &view, 9, ctx).await?;
    }
    if diepte >= 3 {
        services
            .change_case_status(
                actor,
                id,
                &fase("nazorg", "De sluiting is uitgevoerd; zes maanden nazorg."),
                ctx,
            )
            .await?;
    }
    Ok(())
}

/// An intervention on an open signal, carried some steps along, so that the intervention pages,
/// the dossier's section and the deadline overview have something to show: a 13b closure, or an
/// urgent 174a closure without intent.
pub(crate) async fn demo_intervention(
    services: &Services,
    actor: &Actor,
    view: &baken_core::dossiers::SignaalView,
    i: usize,
    ctx: &RequestContext,
) -> anyhow::Result<()> {
    let id = view.dossier.id;
    if view.dossier.status.is_closed() {
        return Ok(());
    }
    let subject = view
        .entiteiten
        .iter()
        .find(|e| e.entiteit.entiteit.soort().is_subject())
        .map(|e| e.entiteit.id);
    let object = view
        .entiteiten
        .iter()
        .find(|e| !e.entiteit.entiteit.soort().is_subject())
        .map(|e| e.entiteit.id);
    let today = baken_domain::tijd::today_nl(services.clock().now());
    let ago = |days: i64| (today - time::Duration::days(days)).to_string();
    // Every fifth signal: in turn an urgent 174a, a long and a short 13b closure, and now and
    // then a 13b penalty that was forfeited and collected.
    let k = i / 5;
    let urgent = k.is_multiple_of(2);
    let dwangsom = !urgent && k % 8 == 3;
    let input = baken_core::maatregelen::MaatregelInput {
        instrument: if urgent {
            "gemeentewet-174a-sluiting"
        } else if dwangsom {
            "opiumwet-13b-dwangsom"
        } else {
            "opiumwet-13b-sluiting"
        }
        .into(),
        grond: urgent.then(|| "b".into()),
        spoed: urgent,
        spoed_motivering: urgent.then(|| {
            "Explosie aan de voordeur in de nacht; een nieuwe aanslag wordt gevreesd (demo).".into()
        }),
        duur: (!dwangsom).then(|| if urgent { "P3M" } else { "P6M" }.into()),
        adressaten: subject.into_iter().collect(),
        object_id: object,
        motivering: Some(
            "Geschikt, noodzakelijk en evenredig: lichtere middelen hielpen niet (demo).".into(),
        ),
    };
    let m = services
        .propose_intervention(actor, id, &input, ctx)
        .await?;
    if dwangsom {
        for (stap, days, bedrag) in [
            ("voornemen", 60, None),
            ("besluit", 45, None),
            ("bekendmaking", 44, None),
            ("verbeurte", 20, Some("2.500,00")),
            ("verbeurte", 10, Some("2.500,00")),
            ("invordering", 3, Some("5.000,00")),
        ] {
            let step = baken_core::maatregelen::StapInput {
                stap: stap.into(),
                datum: ago(days),
                bedrag: bedrag.map(str::to_string),
                ..Default::default()
            };
            services.record_step(actor, m.id, &step, ctx).await?;
        }
        return Ok(());
    }
    let steps: &[(&str, i64)] = if urgent {
        &[
            ("besluit", 12),
            ("bekendmaking", 12),
            ("uitvoering", 11),
            ("ingang", 11),
        ]
    } else if k % 4 == 1 {
        &[
            ("bestuurlijke-rapportage", 40),
            ("voornemen", 30),
            ("zienswijze", 22),
            ("besluit", 16),
            ("bekendmaking", 15),
        ]
    } else {
        &[("bestuurlijke-rapportage", 9), ("voornemen", 5)]
    };
    for (stap, days) in steps {
        let step = baken_core::maatregelen::StapInput {
            stap: (*stap).into(),
            datum: ago(*days),
            ..Default::default()
        };
        services.record_step(actor, m.id, &step, ctx).await?;
    }
    Ok(())
}
