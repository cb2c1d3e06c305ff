//! The minutes of a meeting as PDF: the same view as the meeting page for this reader (so each
//! attendee's copy holds what the protocol lets them see), typeset by the reports crate.

use super::*;
use baken_reports::Sjabloon;
use serde::Serialize;

#[derive(Serialize)]
struct Verslag {
    titel: String,
    soort: String,
    datum: String,
    voorzitter: String,
    status: String,
    lezer: String,
    deelnemers: Vec<String>,
    punten: Vec<Punt>,
    actiepunten: Vec<Actiepunt>,
    aantekeningen: Option<String>,
}

#[derive(Serialize)]
struct Punt {
    nummer: String,
    ontvangen: String,
    fenomenen: String,
    besluit: String,
    motivering: Option<String>,
}

#[derive(Serialize)]
struct Actiepunt {
    omschrijving: String,
    eigenaar: String,
    uiterlijk: String,
    dossier: Option<String>,
}

impl Services {
    /// The minutes as PDF for this reader (each dossier shown is in the access log).
    pub async fn meeting_minutes_pdf(
        &self,
        actor: &Actor,
        id: Uuid,
        context: &str,
    ) -> ServiceResult<Vec<u8>> {
        let o = self.meeting(actor, id, context).await?;
        let date = baken_domain::tijd::format_date_nl;
        let kop = self
            .kop(
                actor,
                "Verslag van het overleg",
                o.record.titel.clone(),
                "Vertrouwelijk",
            )
            .await?;
        let verslag = Verslag {
            titel: o.record.titel.clone(),
            soort: o.record.soort.label().to_string(),
            datum: date(o.record.datum),
            voorzitter: o.voorzitter.clone(),
            status: o.record.status.label().to_string(),
            lezer: kop.opgesteld_door.clone(),
            deelnemers: o
                .record
                .deelnemers
                .iter()
                .map(|d| match &d.organisatie {
                    Some(org) => format!("{} ({org})", d.naam),
                    None => d.naam.clone(),
                })
                .collect(),
            punten: o
                .punten
                .iter()
                .map(|p| Punt {
                    nummer: p.nummer.clone(),
                    ontvangen: date(p.ontvangen),
                    fenomenen: p
                        .fenomenen
                        .iter()
                        .map(|f| f.label())
                        .collect::<Vec<_>>()
                        .join(", "),
                    besluit: p.besluit.clone().unwrap_or_else(|| "geen besluit".into()),
                    motivering: p.record.toelichting.clone(),
                })
                .collect(),
            actiepunten: o
                .actiepunten
                .iter()
                .map(|t| Actiepunt {
                    omschrijving: t.record.omschrijving.clone(),
                    eigenaar: t.eigenaar.clone(),
                    uiterlijk: t
                        .record
                        .uiterlijk_op
                        .map_or_else(|| "geen datum".into(), date),
                    dossier: t.dossier.as_ref().map(|(n, _)| n.clone()),
                })
                .collect(),
            aantekeningen: o.record.verslag.clone(),
        };
        baken_reports::render(Sjabloon::Overlegverslag, &kop, &verslag)
            .await
            .map_err(crate::rapporten::report_error)
    }
}
