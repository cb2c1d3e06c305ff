//! Conformance cases of the meetings aggregate.

use super::*;
use baken_domain::overleg::{Deelnemer, OverlegSoort, OverlegStatus};
use time::macros::date;

fn overleg(
    gemeente: &str,
    datum: time::Date,
    voorzitter: UserId,
    at: OffsetDateTime,
) -> OverlegRecord {
    OverlegRecord {
        id: Uuid::new_v4(),
        gemeente: GemeenteCode::parse(gemeente).unwrap(),
        soort: OverlegSoort::Signalenoverleg,
        datum,
        titel: "Signalenoverleg".into(),
        voorzitter,
        deelnemers: vec![
            Deelnemer {
                gebruiker: Some(voorzitter),
                naam: "Voorzitter".into(),
                organisatie: None,
            },
            Deelnemer {
                gebruiker: None,
                naam: "J. de Vries".into(),
                organisatie: Some("Politie".into()),
            },
        ],
        status: OverlegStatus::Gepland,
        verslag: None,
        aangemaakt_door: voorzitter,
        aangemaakt_op: at,
        versie: 1,
    }
}

pub async fn meetings_agendas_and_decisions(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let at = now();
    let eerste = sample_dossier("GM0534", "S-2026-0001", user, at);
    let tweede = sample_dossier("GM0534", "S-2026-0002", user, at);
    let lisse_dossier = DossierRecord {
        id: Uuid::new_v4(),
        gemeente: GemeenteCode::parse("GM0553").unwrap(),
        nummer: "S-2026-0001".into(),
        ..eerste.clone()
    };
    let gehouden = OverlegRecord {
        status: OverlegStatus::Afgerond,
        ..overleg("GM0534", date!(2026 - 11 - 03), user, at)
    };
    let later = overleg("GM0534", date!(2026 - 12 - 15), user, at);
    let eerder = overleg("GM0534", date!(2026 - 12 - 08), user, at);
    let lisse = overleg("GM0553", date!(2026 - 12 - 01), user, at);
    let mut tx = store.begin().await.unwrap();
    for d in [&eerste, &tweede, &lisse_dossier] {
        tx.insert_dossier(d).await.unwrap();
    }
    for o in [&gehouden, &later, &eerder, &lisse] {
        tx.insert_overleg(o).await.unwrap();
    }
    // Planned ones first, the next on top; then the held ones; only these municipalities.
    let gm = |c: &str| GemeenteCode::parse(c).unwrap();
    let ids: Vec<Uuid> = tx
        .overleggen(&[gm("GM0534")], 10)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(ids, vec![eerder.id, later.id, gehouden.id]);
    assert_eq!(tx.overleggen(&[gm("GM0534")], 1).await.unwrap().len(), 1);
    assert!(tx.overleggen(&[], 10).await.unwrap().is_empty());
    assert_eq!(
        tx.overleggen(&[gm("GM0553"), gm("GM0534")], 10)
            .await
            .unwrap()
            .len(),
        4
    );
    assert_eq!(tx.overleg(eerder.id).await.unwrap().unwrap(), eerder);
    assert!(tx.overleg(Uuid::new_v4()).await.unwrap().is_none());

    // The agenda, in its order; a dossier once per meeting.
    let punt = |overleg: &OverlegRecord, dossier: &DossierRecord, positie: i64| AgendapuntRecord {
        overleg_id: overleg.id,
        dossier_id: dossier.id,
        positie,
        toegevoegd_op: at,
        besluit: None,
        toelichting: None,
        journaalpost: None,
        besloten_op: None,
    };
    tx.insert_agendapunt(&punt(&eerder, &tweede, 2))
        .await
        .unwrap();
    tx.insert_agendapunt(&punt(&eerder, &eerste, 1))
        .await
        .unwrap();
    tx.insert_agendapunt(&punt(&later, &eerste, 1))
        .await
        .unwrap();
    let agenda = tx.agendapunten(eerder.id).await.unwrap();
    assert_eq!(
        agenda.iter().map(|p| p.dossier_id).collect::<Vec<_>>(),
        vec![eerste.id, tweede.id]
    );
    assert_eq!(agenda[0], punt(&eerder, &eerste, 1));

    // A decision; a decided item stays on the agenda.
    let besloten = AgendapuntRecord {
        besluit: Some("bronnenonderzoek".into()),
        toelichting: Some("Eerst de BAG en het handelsregister raadplegen.".into()),
        journaalpost: Some(Uuid::new_v4()),
        besloten_op: Some(at + Duration::hours(1)),
        ..punt(&eerder, &eerste, 1)
    };
    assert!(tx.besluit_agendapunt(&besloten).await.unwrap());
    assert!(
        !tx.besluit_agendapunt(&AgendapuntRecord {
            overleg_id: gehouden.id,
            ..besloten.clone()
        })
        .await
        .unwrap()
    );
    assert!(!tx.delete_agendapunt(eerder.id, eerste.id).await.unwrap());
    assert!(tx.delete_agendapunt(eerder.id, tweede.id).await.unwrap());
    assert!(!tx.delete_agendapunt(eerder.id, tweede.id).await.unwrap());
    assert_eq!(
        tx.agendapunten(eerder.id).await.unwrap(),
        vec![besloten.clone()]
    );
    // Where a dossier was discussed: latest meeting first.
    let van = tx.overleggen_van_dossier(eerste.id).await.unwrap();
    assert_eq!(
        van.iter().map(|p| p.overleg_id).collect::<Vec<_>>(),
        vec![later.id, eerder.id]
    );
    assert!(
        tx.overleggen_van_dossier(tweede.id)
            .await
            .unwrap()
            .is_empty()
    );

    // Changes under a version.
    let mut changed = eerder.clone();
    changed.status = OverlegStatus::Afgerond;
    changed.verslag = Some("Alle signalen besproken.".into());
    changed.titel = "Signalenoverleg december".into();
    changed.datum = date!(2026 - 12 - 09);
    changed.voorzitter = user;
    changed.deelnemers.pop();
    changed.versie = 2;
    assert!(tx.update_overleg(&changed, 1).await.unwrap());
    assert!(!tx.update_overleg(&changed, 1).await.unwrap());
    assert_eq!(tx.overleg(eerder.id).await.unwrap().unwrap(), changed);

    // A destruction takes the decision's journal link, not that the dossier was discussed.
    tx.destroy_content(eerste.id).await.unwrap();
    let after = tx.agendapunten(eerder.id).await.unwrap();
    assert_eq!(
        (after[0].journaalpost, &after[0].toelichting),
        (None, &None)
    );
    assert_eq!(after[0].besluit.as_deref(), Some("bronnenonderzoek"));
    tx.commit().await.unwrap();

    // A read transaction sees the same.
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(read.agendapunten(later.id).await.unwrap().len(), 1);
    drop(read);

    // Refusals, each in its own transaction (PostgreSQL aborts one after an error).
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_overleg(&later).await,
        Err(StoreError::Conflict("overleg"))
    ));
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    assert!(matches!(
        tx.insert_agendapunt(&punt(&later, &eerste, 3)).await,
        Err(StoreError::Conflict("agendapunt"))
    ));
    drop(tx);
    let mut tx = store.begin().await.unwrap();
    let missing = DossierRecord {
        id: Uuid::new_v4(),
        ..eerste.clone()
    };
    assert!(matches!(
        tx.insert_agendapunt(&punt(&later, &missing, 3)).await,
        Err(StoreError::MissingReference("agendapunt"))
    ));
}
