//! `baken bag zoek`: the operator's check of the local BAG register (the import is in
//! [`crate::registers`]).

use crate::cli::BagCommand;
use baken_core::Services;
use baken_domain::ValidationErrors;
use baken_domain::identifiers::{Postcode, parse_huisletter, parse_huisnummer, parse_toevoeging};
use baken_store::{BagAdresRecord, BagAdresVraag};

pub async fn run(services: &Services, command: BagCommand) -> anyhow::Result<()> {
    match command {
        BagCommand::Zoek {
            postcode,
            huisnummer,
            huisletter,
            toevoeging,
        } => {
            let mut errors = ValidationErrors::new();
            let postcode = errors.check("postcode", Postcode::parse(&postcode));
            let huisnummer = errors.check("huisnummer", parse_huisnummer(&huisnummer));
            let huisletter = huisletter
                .as_deref()
                .map(|l| errors.check("huisletter", parse_huisletter(l)));
            let toevoeging = toevoeging
                .as_deref()
                .map(|t| errors.check("toevoeging", parse_toevoeging(t)));
            errors
                .into_result()
                .map_err(baken_core::error::ServiceError::Invalid)?;
            let (Some(postcode), Some(huisnummer)) = (postcode, huisnummer) else {
                unreachable!("checked")
            };
            let (huisletter, toevoeging) = (huisletter.flatten(), toevoeging.flatten());
            let adressen = services
                .bag_zoek(BagAdresVraag {
                    postcode: postcode.as_str(),
                    huisnummer,
                    huisletter: huisletter.as_deref(),
                    toevoeging: toevoeging.as_deref(),
                })
                .await?;
            if adressen.is_empty() {
                return Err(crate::registers::Geen(
                    "Geen adres gevonden in het lokale BAG-register.",
                )
                .into());
            }
            for adres in &adressen {
                println!("{}", line(adres));
            }
            Ok(())
        }
    }
}

/// One address a line: the address as people write it, then its ids and facts.
fn line(adres: &BagAdresRecord) -> String {
    let n = &adres.nummeraanduiding;
    let mut nummer = n.huisnummer.to_string();
    if let Some(letter) = &n.huisletter {
        nummer.push_str(letter);
    }
    if let Some(toevoeging) = &n.toevoeging {
        nummer.push('-');
        nummer.push_str(toevoeging);
    }
    let postcode = n.postcode.as_deref().unwrap_or("");
    let mut parts = vec![
        format!(
            "{} {nummer}, {} {}",
            adres.straat.as_deref().unwrap_or("(straat onbekend)"),
            postcode,
            adres
                .woonplaats
                .as_deref()
                .unwrap_or("(woonplaats onbekend)")
        ),
        format!("nummeraanduiding {}", n.id),
    ];
    match &adres.object {
        Some(object) => {
            let soort = match object.soort {
                baken_domain::bag::Soort::Verblijfsobject => "verblijfsobject",
                baken_domain::bag::Soort::Ligplaats => "ligplaats",
                baken_domain::bag::Soort::Standplaats => "standplaats",
            };
            parts.push(format!("{soort} {}", object.id));
            if !object.gebruiksdoelen.is_empty() {
                parts.push(format!("gebruiksdoel {}", object.gebruiksdoelen.join(", ")));
            }
            if let Some(m2) = object.oppervlakte {
                parts.push(format!("{m2} m²"));
            }
        }
        None => parts.push("geen verblijfsobject met dit hoofdadres".into()),
    }
    if let Some(pand) = &adres.pand
        && let Some(jaar) = pand.bouwjaar
    {
        parts.push(format!("bouwjaar {jaar}"));
    }
    parts.join(" | ")
}
