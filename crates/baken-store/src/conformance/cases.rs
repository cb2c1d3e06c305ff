//! Conformance cases of the cases and tasks aggregates.

use super::*;
use baken_domain::casus::{Afsluitreden, CasusStatus, TaakStatus};
use baken_domain::dossier::DossierSoort;
use time::macros::date;

fn casus(d: &DossierRecord, naam: &str, at: OffsetDateTime) -> CasusRecord {
    CasusRecord {
        dossier_id: d.id,
        gemeente: d.gemeente.clone(),
        status: CasusStatus::Aangemaakt,
        naam: naam.into(),
        doel: "De hennepkwekerij beëindigen".into(),
        plan_van_aanpak: None,
        afdelingen: vec![
            "Openbare orde en veiligheid".into(),
            "Juridische zaken".into(),
        ],
        partners: vec!["Politie".into()],
        nazorg_tot: None,
        afsluitreden: None,
        afgesloten_op: None,
        aangemaakt_op: at,
        versie: 1,
    }
}

fn taak(
    gemeente: &str,
    dossier: Option<Uuid>,
    eigenaar: UserId,
    uiterlijk: Option<time::Date>,
    at: OffsetDateTime,
) -> TaakRecord {
    TaakRecord {
        id: Uuid::new_v4(),
        gemeente: GemeenteCode::parse(gemeente).unwrap(),
        dossier_id: dossier,
        overleg_id: None,
        omschrijving: "Eigenaar van het pand benaderen".into(),
        eigenaar,
        uiterlijk_op: uiterlijk,
        status: TaakStatus::Open,
        aangemaakt_door: eigenaar,
        aangemaakt_op: at,
        afgerond_op: None,
        versie: 1,
    }
}

pub async fn cases_and_tasks_round_trip(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let other = sample_user("o@example.nl", vec![Role::Teamlid], &["GM0534"]);
    let at = now();
    let signaal = sample_dossier("GM0534", "S-2026-0001", user, at);
    let tweede = sample_dossier(
        "GM0534",
        "S-2026-0002",
        user,
        at + Duration::milliseconds(1),
    );
    let mut case_dossier = sample_dossier("GM0534", "C-2026-0001", user, at + Duration::seconds(1));
    case_dossier.soort = DossierSoort::Casus;
    case_dossier.status = SignaalStatus::NaarCasus;
    let lisse_dossier = DossierRecord {
        id: Uuid::new_v4(),
        gemeente: GemeenteCode::parse("GM0553").unwrap(),
        ..case_dossier.clone()
    };
    let mut tx = store.begin().await.unwrap();
    tx.insert_user(&other).await.unwrap();
    for d in [&signaal, &tweede, &case_dossier, &lisse_dossier] {
        tx.insert_dossier(d).await.unwrap();
    }
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    assert_eq!(tx.next_casus_nummer(&gm("GM0534"), 2026).await.unwrap(), 1);
    assert_eq!(tx.next_casus_nummer(&gm("GM0534"), 2026).await.unwrap(), 2);
    assert_eq!(
        tx.next_casus_nummer(&gm("GM0553"), 2026).await.unwrap(),
        1,
        "a series per municipality"
    );
    let c = casus(&case_dossier, "Tulpstraat 1A", at);
    tx.insert_casus(&c).await.unwrap();
    let mut closed = casus(&lisse_dossier, "Dorpsstraat 3", at - Duration::days(1));
    closed.status = CasusStatus::Afgesloten;
    closed.afsluitreden = Some(Afsluitreden::DoelBereikt);
    closed.afgesloten_op = Some(at);
    tx.insert_casus(&closed).await.unwrap();
    tx.koppel_signaal(c.dossier_id, signaal.id, at)
        .await
        .unwrap();
    tx.koppel_signaal(c.dossier_id, tweede.id, at + Duration::seconds(1))
        .await
        .unwrap();
    tx.commit().await.unwrap();

    // A signal belongs to one case at most.
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.koppel_signaal(closed.dossier_id, signaal.id, at).await,
        Err(StoreError::Conflict(_))
    ));
    drop(tx);

    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.casus(c.dossier_id).await.unwrap(), Some(c.clone()));
    assert_eq!(
        tx.casus(signaal.id).await.unwrap(),
        None,
        "a signal is not a case"
    );
    let d = tx.dossier(case_dossier.id).await.unwrap().unwrap();
    assert_eq!(d.soort, DossierSoort::Casus);
    assert_eq!(
        tx.casus_van_signaal(signaal.id).await.unwrap(),
        Some(c.dossier_id)
    );
    assert_eq!(tx.casus_van_signaal(case_dossier.id).await.unwrap(), None);
    assert_eq!(
        tx.signalen_van_casus(c.dossier_id).await.unwrap(),
        vec![signaal.id, tweede.id]
    );
    // Lists: per municipality, open first; closed ones only when asked.
    let both = [gm("GM0534"), gm("GM0553")];
    let open: Vec<Uuid> = tx
        .casussen(&both, false, 10)
        .await
        .unwrap()
        .iter()
        .map(|c| c.dossier_id)
        .collect();
    assert_eq!(open, vec![c.dossier_id]);
    let all: Vec<Uuid> = tx
        .casussen(&both, true, 10)
        .await
        .unwrap()
        .iter()
        .map(|c| c.dossier_id)
        .collect();
    assert_eq!(all, vec![c.dossier_id, closed.dossier_id]);
    assert_eq!(
        tx.casussen(&[gm("GM0553")], false, 10).await.unwrap(),
        vec![]
    );
    assert_eq!(tx.casussen(&both, true, 1).await.unwrap().len(), 1);
    assert_eq!(tx.casussen(&[], true, 10).await.unwrap(), vec![]);
    // The backlog of signals does not list cases.
    let backlog = tx
        .list_dossiers(&DossierFilter {
            gemeente: gm("GM0534"),
            status: None,
            bron: None,
            fenomeen: None,
            toegewezen_aan: None,
            ontvangen_vanaf: None,
            ontvangen_tot: None,
            sort: DossierSort::NieuwsteEerst,
            na: None,
            limit: 10,
        })
        .await
        .unwrap();
    assert_eq!(
        backlog.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![tweede.id, signaal.id]
    );
    drop(tx);

    // Optimistic update.
    let mut next = c.clone();
    next.status = CasusStatus::PlanVanAanpak;
    next.plan_van_aanpak = Some("Bestuurlijke rapportage afwachten, dan 13b".into());
    next.partners.push("Belastingdienst".into());
    next.nazorg_tot = Some(date!(2027 - 06 - 30));
    next.versie = 2;
    let mut tx = store.begin().await.unwrap();
    assert!(tx.update_casus(&next, 1).await.unwrap());
    assert!(
        !tx.update_casus(&next, 1).await.unwrap(),
        "a stale version is refused"
    );
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.casus(c.dossier_id).await.unwrap(), Some(next.clone()));
    drop(tx);

    // Tasks: per dossier, per owner (open ones, earliest due first, undated last), handover.
    let t1 = taak(
        "GM0534",
        Some(case_dossier.id),
        user,
        Some(date!(2026 - 12 - 20)),
        at,
    );
    let t2 = taak("GM0534", Some(case_dossier.id), user, None, at);
    let t3 = taak(
        "GM0534",
        Some(signaal.id),
        user,
        Some(date!(2026 - 12 - 10)),
        at,
    );
    let mut done = taak(
        "GM0534",
        Some(case_dossier.id),
        user,
        Some(date!(2026 - 12 - 01)),
        at,
    );
    done.status = TaakStatus::Afgerond;
    done.afgerond_op = Some(at);
    let overleg = Uuid::new_v4();
    let mut actiepunt = taak("GM0534", None, other.id, Some(date!(2026 - 12 - 15)), at);
    actiepunt.overleg_id = Some(overleg);
    let mut tx = store.begin().await.unwrap();
    for t in [&t1, &t2, &t3, &done, &actiepunt] {
        tx.insert_taak(t).await.unwrap();
    }
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(tx.taak(t1.id).await.unwrap(), Some(t1.clone()));
    let ids = |v: Vec<TaakRecord>| v.into_iter().map(|t| t.id).collect::<Vec<_>>();
    assert_eq!(
        ids(tx.open_taken_van(user).await.unwrap()),
        vec![t3.id, t1.id, t2.id]
    );
    assert_eq!(
        ids(tx.taken_van_dossier(case_dossier.id).await.unwrap()),
        vec![t1.id, t2.id, done.id]
    );
    assert_eq!(
        ids(tx.taken_van_overleg(overleg).await.unwrap()),
        vec![actiepunt.id]
    );
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    let mut t1b = t1.clone();
    t1b.status = TaakStatus::Afgerond;
    t1b.afgerond_op = Some(at);
    t1b.versie = 2;
    assert!(tx.update_taak(&t1b, 1).await.unwrap());
    assert!(!tx.update_taak(&t1b, 1).await.unwrap());
    assert_eq!(
        tx.draag_taken_over(&[case_dossier.id], user, other.id)
            .await
            .unwrap(),
        1,
        "only the open task of that dossier"
    );
    assert_eq!(tx.draag_taken_over(&[], user, other.id).await.unwrap(), 0);
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(ids(tx.open_taken_van(user).await.unwrap()), vec![t3.id]);
    assert_eq!(
        ids(tx.open_taken_van(other.id).await.unwrap()),
        vec![actiepunt.id, t2.id]
    );
    drop(tx);

    // A dossier's own deadlines of one kind are replaced without touching other kinds.
    let eigen = |soort: &str, einde: time::Date| TermijnRecord {
        id: Uuid::new_v4(),
        dossier_id: case_dossier.id,
        maatregel_id: None,
        gemeente: gm("GM0534"),
        soort: soort.into(),
        omschrijving: format!("Einde {soort}"),
        aan: "gemeente".into(),
        einddatum: einde,
        voldaan: false,
        verantwoordelijke: user,
    };
    let nazorg = eigen("nazorg", date!(2027 - 06 - 30));
    let ander = eigen("reactietermijn", date!(2027 - 01 - 15));
    let mut tx = store.begin().await.unwrap();
    tx.replace_dossier_termijnen(case_dossier.id, "nazorg", std::slice::from_ref(&nazorg))
        .await
        .unwrap();
    tx.replace_dossier_termijnen(
        case_dossier.id,
        "reactietermijn",
        std::slice::from_ref(&ander),
    )
    .await
    .unwrap();
    let later = eigen("nazorg", date!(2027 - 09 - 30));
    tx.replace_dossier_termijnen(case_dossier.id, "nazorg", std::slice::from_ref(&later))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.termijnen_van(case_dossier.id).await.unwrap(),
        vec![ander.clone(), later.clone()]
    );
    // A dossier's own deadline is on the open overview, with its dossier and no instrument.
    let open = tx
        .open_termijnen(&OpenTermijnen {
            gemeenten: std::slice::from_ref(&case_dossier.gemeente),
            verantwoordelijke: Some(user),
            tot: date!(2027 - 12 - 31),
            na: None,
            limit: 10,
        })
        .await
        .unwrap();
    let eigen_regels: Vec<_> = open
        .iter()
        .filter(|r| r.termijn.dossier_id == case_dossier.id)
        .collect();
    assert_eq!(
        eigen_regels.iter().map(|r| &r.termijn).collect::<Vec<_>>(),
        vec![&ander, &later]
    );
    assert!(eigen_regels.iter().all(|r| r.instrument.is_none()
        && r.dossier_soort == case_dossier.soort
        && r.dossier_nummer == case_dossier.nummer));
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    tx.replace_dossier_termijnen(case_dossier.id, "nazorg", &[])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    assert_eq!(
        tx.termijnen_van(case_dossier.id).await.unwrap(),
        vec![ander]
    );
    drop(tx);

    // Destroying the case's content takes its tasks and text; its number stays.
    let mut tx = store.begin().await.unwrap();
    tx.destroy_content(case_dossier.id).await.unwrap();
    tx.commit().await.unwrap();
    let mut tx = store.begin_read().await.unwrap();
    let left = tx.casus(c.dossier_id).await.unwrap().unwrap();
    assert_eq!(
        (
            left.naam.as_str(),
            left.doel.as_str(),
            left.plan_van_aanpak.as_deref()
        ),
        ("geanonimiseerd", "", None)
    );
    assert!(left.afdelingen.is_empty() && left.partners.is_empty());
    assert!(
        tx.taken_van_dossier(case_dossier.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        tx.dossier(case_dossier.id).await.unwrap().unwrap().nummer,
        "C-2026-0001"
    );
}
