//! The live connectors against local simulators of their published APIs: a right answer, and
//! each way a source can fail (slow, 5xx, oversized with and without a length, a redirect, a
//! refused key, the rate limit), each with a clear Dutch message that names the source and not
//! the subject.

use baken_connectors::live::bag::BagLive;
use baken_connectors::live::brp::{BrpGebruiker, BrpLive, VELDEN_HIT, VELDEN_INHOUD};
use baken_connectors::live::kvk::{KvkLive, KvkVraag};
use baken_connectors::live::yente::{YenteLive, YenteVraag};
use baken_connectors::live::{BronConfig, BronFout, HttpBron};
use baken_connectors::simulator::{Gedrag, SLEUTEL, Simulator};
use std::time::Duration;

fn config(basis_url: String) -> BronConfig {
    BronConfig {
        basis_url,
        api_sleutel: SLEUTEL.into(),
        timeout_seconden: 1,
        per_seconde: 50,
        max_kb: 64,
        doelbinding: "BRPACT-Ondermijning".into(),
        verwerking: "Bronnenonderzoek@ondermijning".into(),
        oin: "00000001002220647000".into(),
        ..BronConfig::default()
    }
}

/// The failures every connector must turn into a Dutch message: slow, 5xx, oversized (both
/// ways), redirected.
async fn faalt_helder<F, Fut, T>(sim: &Simulator, bron: &str, vraag: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, BronFout>>,
    T: std::fmt::Debug,
{
    sim.zet(Gedrag::Traag(Duration::from_millis(1500)));
    let e = vraag().await.unwrap_err();
    assert!(matches!(e, BronFout::Tijd { seconden: 1, .. }), "{e:?}");
    assert_eq!(
        e.to_string(),
        format!(
            "{bron} antwoordde niet binnen 1 seconden. Probeer het later opnieuw; het dossier blijft bruikbaar."
        )
    );
    for status in [500, 502, 503] {
        sim.zet(Gedrag::Storing(status));
        let e = vraag().await.unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{bron} heeft een storing (HTTP {status}). Probeer het later opnieuw; het dossier blijft bruikbaar."
            )
        );
    }
    for gedrag in [
        Gedrag::TeGroot(200 * 1024),
        Gedrag::TeGrootZonderLengte(200 * 1024),
    ] {
        sim.zet(gedrag.clone());
        let e = vraag().await.unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("{bron} stuurde een antwoord groter dan 64 kB; het is niet gelezen."),
            "{gedrag:?}"
        );
    }
    sim.zet(Gedrag::Omleiding);
    let e = vraag().await.unwrap_err();
    assert!(
        e.to_string().ends_with(
            "stuurde door naar een ander adres (HTTP 302); Baken volgt geen doorverwijzingen."
        ),
        "{e}"
    );
    sim.zet(Gedrag::Normaal);
    vraag().await.unwrap();
}

#[tokio::test]
async fn bag_individuele_bevragingen() {
    let sim = Simulator::bag().await;
    let bag = BagLive::new(config(format!(
        "{}/lvbag/individuelebevragingen/v2",
        sim.url()
    )))
    .unwrap();
    let adressen = bag.adressen("2161AB", 12, "", "").await.unwrap();
    assert_eq!(
        adressen.len(),
        1,
        "exact: without a letter only the one without"
    );
    let a = &adressen[0];
    assert_eq!(a.nummeraanduiding.id, "0553200000012345");
    assert_eq!(a.straat, "Bloemenlaan");
    assert_eq!(a.woonplaats, "Lisse");
    let o = a.object.as_ref().unwrap();
    assert_eq!(o.gebruiksdoelen, ["woonfunctie"]);
    assert_eq!(o.oppervlakte, Some(84));
    assert_eq!(o.punt, Some((98765.0, 478123.0)));
    assert_eq!(a.pand.as_ref().unwrap().bouwjaar, Some(1931));
    let letter = bag.adressen("2161AB", 12, "A", "").await.unwrap();
    assert_eq!(letter[0].nummeraanduiding.huisletter.as_deref(), Some("A"));
    assert!(bag.adressen("2161AB", 99, "", "").await.unwrap().is_empty());

    let v = sim.verzoeken();
    let eerste = &v[0];
    assert_eq!(eerste.header("x-api-key"), Some(SLEUTEL));
    assert_eq!(eerste.header("accept-crs"), Some("epsg:28992"));
    assert!(eerste.uri.contains("exacteMatch=true"), "{}", eerste.uri);

    // A postcode the API's pattern refuses: its 400 is the question refused.
    let e = bag.adressen("0161AB", 12, "", "").await.unwrap_err();
    assert_eq!(
        e.to_string(),
        "De BAG (Kadaster) weigerde de vraag (HTTP 400)."
    );
    // A wrong key: 403.
    let mut zonder = config(format!("{}/lvbag/individuelebevragingen/v2", sim.url()));
    zonder.api_sleutel = "fout".into();
    let e = BagLive::new(zonder)
        .unwrap()
        .adressen("2161AB", 12, "", "")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "De BAG (Kadaster) weigert Baken de toegang (HTTP 403): laat de beheerder de sleutel of het certificaat controleren."
    );
    faalt_helder(&sim, "De BAG (Kadaster)", || {
        bag.adressen("2161AB", 12, "", "")
    })
    .await;
}

#[tokio::test]
async fn kvk_zoeken_basisprofiel_en_vestigingsprofiel() {
    let sim = Simulator::kvk().await;
    let kvk = KvkLive::new(config(format!("{}/test", sim.url()))).unwrap();
    let gevonden = kvk.zoeken(KvkVraag::Nummer("68750110")).await.unwrap();
    assert_eq!(gevonden.len(), 1);
    assert_eq!(gevonden[0].naam, "Bloembollen Handel");
    assert_eq!(gevonden[0].adres.postcode.as_deref(), Some("2161AB"));
    assert!(gevonden[0].hoofdvestiging);
    // Nothing found is a 404 with a `fout` body: an empty answer, not an error.
    assert!(
        kvk.zoeken(KvkVraag::Nummer("12345678"))
            .await
            .unwrap()
            .is_empty()
    );
    let op_adres = kvk
        .zoeken(KvkVraag::Adres("2161AB", 12, "A"))
        .await
        .unwrap();
    assert_eq!(op_adres[0].kvk_nummer, "68750110");

    let basis = kvk.basisprofiel("68750110").await.unwrap().unwrap();
    assert_eq!(basis.vestigingsnummer.as_deref(), Some("000037178598"));
    assert_eq!(basis.rechtsvorm.as_deref(), Some("BesloteVennootschap"));
    assert_eq!(basis.sbi, ["4622"]);
    assert_eq!(basis.nummeraanduiding.as_deref(), Some("0553200000012346"));
    assert!(kvk.basisprofiel("12345678").await.unwrap().is_none());
    let vestiging = kvk
        .vestigingsprofiel("000037178598")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(vestiging.kvk_nummer, "68750110");

    let v = sim.verzoeken();
    assert_eq!(v[0].header("apikey"), Some(SLEUTEL));
    assert!(v[0].uri.starts_with("/test/api/v2/zoeken?"), "{}", v[0].uri);
    assert!(
        v.iter()
            .any(|r| r.uri == "/test/api/v1/basisprofielen/68750110?geoData=true")
    );

    let mut zonder = config(format!("{}/test", sim.url()));
    zonder.api_sleutel.clear();
    let e = KvkLive::new(zonder)
        .unwrap()
        .zoeken(KvkVraag::Nummer("68750110"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, BronFout::Geweigerd { status: 401, .. }),
        "{e:?}"
    );
    faalt_helder(&sim, "Het Handelsregister (KvK)", || {
        kvk.zoeken(KvkVraag::Nummer("68750110"))
    })
    .await;
}

#[tokio::test]
async fn brp_personen_met_doelbinding_en_alleen_de_gevraagde_velden() {
    let sim = Simulator::brp().await;
    let brp = BrpLive::new(config(format!("{}/haalcentraal/api/brp", sim.url()))).unwrap();
    let gebruiker = BrpGebruiker("0193a0b0-0000-7000-8000-000000000001".into());

    // Hit/no-hit asks the number alone, and gets nothing more.
    let hit = brp
        .raadpleeg("999990019", VELDEN_HIT, &gebruiker)
        .await
        .unwrap();
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].naam, None);
    assert_eq!(hit[0].verblijfplaats, None);
    assert!(
        brp.raadpleeg("999990007", VELDEN_HIT, &gebruiker)
            .await
            .unwrap()
            .is_empty()
    );
    let inhoud = brp
        .raadpleeg("999990019", VELDEN_INHOUD, &gebruiker)
        .await
        .unwrap();
    assert_eq!(inhoud[0].naam.as_deref(), Some("Jan Willem Tulp"));
    assert_eq!(inhoud[0].geboortedatum.as_deref(), Some("26 mei 1983"));
    assert_eq!(
        inhoud[0].verblijfplaats.as_deref(),
        Some("Bloemenlaan 12, 2161AB Lisse")
    );
    assert_eq!(
        inhoud[0].nummeraanduiding.as_deref(),
        Some("0553200000012345")
    );
    let bewoners = brp
        .bewoners(("2161AB", 12, "", ""), VELDEN_HIT, &gebruiker)
        .await
        .unwrap();
    assert_eq!(bewoners.len(), 2);

    // POST: the number is in the body, never in the URL; the purpose binding is in the headers.
    let v = sim.verzoeken();
    let r = &v[0];
    assert_eq!(r.methode, "POST");
    assert_eq!(r.uri, "/haalcentraal/api/brp/personen");
    assert!(r.body.contains("\"RaadpleegMetBurgerservicenummer\""));
    assert!(r.body.contains("999990019"));
    assert!(v.iter().all(|r| !r.uri.contains("999990019")));
    assert_eq!(r.header("x-doelbinding"), Some("BRPACT-Ondermijning"));
    assert_eq!(
        r.header("x-verwerking"),
        Some("Bronnenonderzoek@ondermijning")
    );
    assert_eq!(r.header("x-origin-oin"), Some("00000001002220647000"));
    assert_eq!(r.header("x-gebruiker"), Some(gebruiker.0.as_str()));
    assert_eq!(r.header("x-api-key"), Some(SLEUTEL));

    // A field the API does not know is a question refused.
    let e = brp
        .raadpleeg("999990019", &["kleur"], &gebruiker)
        .await
        .unwrap_err();
    assert_eq!(e.to_string(), "De BRP weigerde de vraag (HTTP 400).");
    faalt_helder(&sim, "De BRP", || {
        brp.raadpleeg("999990019", VELDEN_HIT, &gebruiker)
    })
    .await;
}

#[tokio::test]
async fn yente_match() {
    let sim = Simulator::yente().await;
    let yente = YenteLive::new(config(sim.url())).unwrap();
    let vraag = |naam: &str| YenteVraag {
        schema: "Person",
        naam: naam.into(),
        geboortedatum: Some("1971-04-03".into()),
        registratienummer: None,
    };
    let treffers = yente.match_(&vraag("Karel Distel")).await.unwrap();
    assert_eq!(treffers.len(), 1);
    assert_eq!(treffers[0].entiteit.id, "sim-nl-0001");
    assert_eq!(treffers[0].entiteit.topics, ["sanction"]);
    assert!(treffers[0].score >= 0.7);
    // A weak likeness is below the threshold: no match.
    assert!(
        yente
            .match_(&vraag("Karel de Vries"))
            .await
            .unwrap()
            .is_empty()
    );
    let r = &sim.verzoeken()[0];
    assert!(r.uri.starts_with("/match/default?"), "{}", r.uri);
    assert_eq!(
        r.header("authorization"),
        Some(format!("ApiKey {SLEUTEL}").as_str())
    );
    let mut andere = config(sim.url());
    andere.dataset = "bestaat-niet".into();
    let e = YenteLive::new(andere)
        .unwrap()
        .match_(&vraag("Karel Distel"))
        .await
        .unwrap_err();
    assert!(matches!(e, BronFout::Configuratie { .. }), "{e:?}");
    let karel = vraag("Karel Distel");
    faalt_helder(&sim, "De screeningsdienst (yente)", || yente.match_(&karel)).await;
}

#[tokio::test]
async fn onbereikbaar_snelheidslimiet_en_alleen_https() {
    // Nothing listens on this port.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dicht = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let e = BagLive::new(config(dicht))
        .unwrap()
        .adressen("2161AB", 12, "", "")
        .await
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "De BAG (Kadaster) is niet bereikbaar. Probeer het later opnieuw; het dossier blijft bruikbaar."
    );

    // Plain http only to this machine.
    let e = HttpBron::new("De BRP", config("http://brp.example.nl/api".into())).unwrap_err();
    assert_eq!(
        e.to_string(),
        "De BRP is niet goed ingesteld: basis_url moet met https:// beginnen"
    );
    assert!(HttpBron::new("De BRP", config("https://brp.example.nl/api".into())).is_ok());

    // Two a second: the requests are spaced, and past the wait they are refused.
    let sim = Simulator::yente().await;
    let mut traag = config(sim.url());
    traag.per_seconde = 2;
    let yente = std::sync::Arc::new(YenteLive::new(traag).unwrap());
    let start = std::time::Instant::now();
    let mut taken = Vec::new();
    for _ in 0..8 {
        let y = yente.clone();
        taken.push(tokio::spawn(async move {
            y.match_(&YenteVraag {
                schema: "Person",
                naam: "Karel Distel".into(),
                geboortedatum: None,
                registratienummer: None,
            })
            .await
        }));
    }
    let mut gelukt = 0;
    let mut te_veel = 0;
    for t in taken {
        match t.await.unwrap() {
            Ok(_) => gelukt += 1,
            Err(BronFout::TeVeel { .. }) => te_veel += 1,
            Err(e) => panic!("{e}"),
        }
    }
    // At two a second with a wait of at most two seconds: five go (at 0, 0.5, … 2 s).
    assert_eq!((gelukt, te_veel), (5, 3));
    assert!(start.elapsed() >= Duration::from_millis(1900));
    assert_eq!(sim.verzoeken().len(), 5);
}
