//! How a linked entity and a journal entry read on a dossier's page (and the pages that show
//! the same lines).

use super::*;
use crate::shell::{Shell, format_instant};
use baken_core::dossiers::{EntiteitInDossier, JournaalPost};
use baken_domain::dossier::Vertrouwelijkheid;

/// A linked entity as shown.
pub struct Koppeling {
    pub id: Uuid,
    pub soort: &'static str,
    pub rol: &'static str,
    /// The role's API value (the link to correct this one names it).
    pub rol_code: &'static str,
    pub weergave: String,
    pub elders: Vec<(Uuid, String, &'static str)>,
    pub elders_andere_gemeente: bool,
    /// For an address: what the BAG says of it, once the team consulted the BAG for content.
    pub feiten: Option<String>,
}

pub(super) fn koppeling(e: &EntiteitInDossier, shell: &Shell) -> Koppeling {
    Koppeling {
        id: e.entiteit.id,
        soort: e.entiteit.entiteit.soort().label(),
        rol: e.rol.label(),
        rol_code: e.rol.as_str(),
        weergave: e.entiteit.entiteit.weergave(),
        elders: e
            .elders
            .iter()
            .map(|r| {
                (
                    r.dossier_id,
                    format!("{} ({})", r.nummer, shell.gemeente(&r.gemeente)),
                    r.status.label(),
                )
            })
            .collect(),
        elders_andere_gemeente: e.elders_andere_gemeente,
        feiten: None,
    }
}

/// A journal entry as shown.
pub struct Post {
    pub volgnummer: i64,
    pub zichtbaar: bool,
    pub vernietigd: bool,
    pub soort: &'static str,
    pub tekst: String,
    pub gebeurd: String,
    pub geregistreerd: String,
    pub auteur: String,
    pub klasse: Option<&'static str>,
    pub bron: String,
    pub grondslag: String,
    pub corrigeert: Option<i64>,
    pub gecorrigeerd_door: Vec<i64>,
}

pub(super) fn post(p: &JournaalPost) -> Post {
    let blank = |volgnummer: i64, at: &time::OffsetDateTime| Post {
        volgnummer,
        zichtbaar: false,
        vernietigd: false,
        soort: "",
        tekst: String::new(),
        gebeurd: String::new(),
        geregistreerd: format_instant(at),
        auteur: String::new(),
        klasse: None,
        bron: String::new(),
        grondslag: String::new(),
        corrigeert: None,
        gecorrigeerd_door: vec![],
    };
    match p {
        JournaalPost::Afgeschermd {
            volgnummer,
            geregistreerd_op,
            ..
        } => blank(*volgnummer, geregistreerd_op),
        JournaalPost::Vernietigd {
            volgnummer,
            geregistreerd_op,
            ..
        } => Post {
            vernietigd: true,
            ..blank(*volgnummer, geregistreerd_op)
        },
        JournaalPost::Zichtbaar {
            volgnummer,
            inhoud,
            gecorrigeerd_door,
            corrigeert,
        } => Post {
            zichtbaar: true,
            soort: inhoud.soort.label(),
            tekst: inhoud.tekst.clone(),
            gebeurd: format_instant(&inhoud.gebeurd_op),
            auteur: inhoud.auteur_naam.clone(),
            klasse: (inhoud.vertrouwelijkheid != Vertrouwelijkheid::Normaal)
                .then(|| inhoud.vertrouwelijkheid.label()),
            bron: [
                inhoud.bron.clone(),
                inhoud
                    .betrouwbaarheid
                    .clone()
                    .map(|b| format!("betrouwbaarheid {b}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            grondslag: [
                inhoud.grondslag.clone(),
                inhoud.doel.clone().map(|d| format!("doel: {d}")),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; "),
            corrigeert: *corrigeert,
            gecorrigeerd_door: gecorrigeerd_door.clone(),
            ..blank(*volgnummer, &inhoud.geregistreerd_op)
        },
    }
}
