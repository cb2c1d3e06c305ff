//! Conformance cases of the partner requests aggregate.

use super::*;
use baken_domain::partnerverzoek::{PartnerSoort, PartnerverzoekStatus};
use baken_domain::signaal::{BronBetrouwbaarheid, InfoBetrouwbaarheid};

/// Partner requests stored and read back by id and per dossier (newest first, only the
/// dossier's own); answered or withdrawn once (a second ending is refused, the first kept);
/// destroyed with the dossier's content.
pub async fn partner_requests_round_trip(store: &dyn Store) {
    let user = dossier_fixture(store).await;
    let at = now();
    let signaal = sample_dossier("GM0534", "S-2026-0001", user, at);
    let ander = sample_dossier("GM0534", "S-2026-0002", user, at);
    let mut tx = store.begin().await.unwrap();
    tx.insert_dossier(&signaal).await.unwrap();
    tx.insert_dossier(&ander).await.unwrap();
    let politie = PartnerverzoekRecord {
        id: Uuid::new_v4(),
        dossier_id: signaal.id,
        partner_soort: PartnerSoort::Politie,
        partner: "Politie eenheid Den Haag".into(),
        vraag: "Is het adres bij u bekend?".into(),
        doel: "Aanvullen van de informatiepositie".into(),
        grondslag: "RIEC-convenant".into(),
        antwoord_voor: time::macros::date!(2026 - 12 - 21),
        status: PartnerverzoekStatus::Open,
        door: user,
        op: at,
        journaal_id: Uuid::new_v4(),
        antwoord: None,
        reden_intrekking: None,
        afgehandeld: None,
    };
    let fiscus = PartnerverzoekRecord {
        id: Uuid::new_v4(),
        partner_soort: PartnerSoort::Belastingdienst,
        partner: "Belastingdienst".into(),
        op: at + Duration::seconds(1),
        journaal_id: Uuid::new_v4(),
        ..politie.clone()
    };
    let elders = PartnerverzoekRecord {
        id: Uuid::new_v4(),
        dossier_id: ander.id,
        ..politie.clone()
    };
    for r in [&politie, &fiscus, &elders] {
        tx.insert_partnerverzoek(r).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.partnerverzoek(politie.id).await.unwrap(),
        Some(politie.clone())
    );
    assert_eq!(read.partnerverzoek(Uuid::new_v4()).await.unwrap(), None);
    assert_eq!(
        read.partnerverzoeken(signaal.id).await.unwrap(),
        vec![fiscus.clone(), politie.clone()]
    );
    drop(read);

    // Answered once; a second ending (a withdrawal after it) changes nothing.
    let beantwoord = PartnerverzoekRecord {
        status: PartnerverzoekStatus::Beantwoord,
        antwoord: Some(PartnerAntwoordRecord {
            antwoord: "Twee meldingen in 2026.".into(),
            ontvangen: time::macros::date!(2026 - 12 - 10),
            bron: "wijkagent".into(),
            bron_betrouwbaarheid: BronBetrouwbaarheid::B,
            informatie_betrouwbaarheid: InfoBetrouwbaarheid::BekendBijBron,
        }),
        afgehandeld: Some((user, at + Duration::seconds(5), Uuid::new_v4())),
        ..politie.clone()
    };
    let ingetrokken = PartnerverzoekRecord {
        status: PartnerverzoekStatus::Ingetrokken,
        reden_intrekking: Some("Niet meer nodig.".into()),
        afgehandeld: Some((user, at + Duration::seconds(6), Uuid::new_v4())),
        ..politie.clone()
    };
    let mut tx = store.begin().await.unwrap();
    assert!(tx.sluit_partnerverzoek(&beantwoord).await.unwrap());
    assert!(!tx.sluit_partnerverzoek(&ingetrokken).await.unwrap());
    let fiscus_weg = PartnerverzoekRecord {
        status: PartnerverzoekStatus::Ingetrokken,
        reden_intrekking: Some("Via het RIEC gevraagd.".into()),
        afgehandeld: Some((user, at + Duration::seconds(7), Uuid::new_v4())),
        ..fiscus.clone()
    };
    assert!(tx.sluit_partnerverzoek(&fiscus_weg).await.unwrap());
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert_eq!(
        read.partnerverzoek(politie.id).await.unwrap(),
        Some(beantwoord)
    );
    assert_eq!(
        read.partnerverzoek(fiscus.id).await.unwrap(),
        Some(fiscus_weg)
    );
    drop(read);

    let mut tx = store.begin().await.unwrap();
    tx.destroy_content(signaal.id).await.unwrap();
    tx.commit().await.unwrap();
    let mut read = store.begin_read().await.unwrap();
    assert!(read.partnerverzoeken(signaal.id).await.unwrap().is_empty());
    assert_eq!(read.partnerverzoeken(ander.id).await.unwrap(), vec![elders]);
}
