//! Schemas of request bodies whose Rust types live in the domain or the services (which know
//! nothing of OpenAPI): the same fields, names and meaning, for the document only. The API reads
//! the real types; a test checks that every field documented here is one the real type accepts.

use serde::Serialize;
use utoipa::ToSchema;

/// A new signal (`POST /signalen`). Dates are `YYYY-MM-DD` (or `DD-MM-YYYY`), between 1900 and 2100.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NieuwSignaal)]
pub struct NieuwSignaalSchema {
    /// CBS code, e.g. `GM0534`.
    #[schema(pattern = "^GM[0-9]{4}$")]
    pub gemeente: String,
    /// When it was received (not in the future).
    pub ontvangstdatum: String,
    /// When it was observed (`YYYY-MM-DDTHH:MM`), when known.
    pub waargenomen_op: Option<String>,
    /// `meld-misdaad-anoniem`, `politie`, `interne-afdeling`, `toezicht`, `omgevingsdienst`,
    /// `inwoner`, `sociaal-domein`, `partner`, `riec`, `andere-gemeente`, `eigen-waarneming`.
    pub bron: String,
    /// For a police source: the kind of police document.
    pub politie_stuk: Option<String>,
    pub melder: Option<MelderSchema>,
    /// At most 20,000 characters.
    #[schema(max_length = 20000)]
    pub omschrijving: String,
    /// One or more phenomena (`hennep`, `witwassen`, …).
    pub fenomenen: Vec<String>,
    pub indicatoren: Option<String>,
    /// Reliability of the source (`A`-`X`) and of the information (`1`-`4`).
    pub bron_betrouwbaarheid: Option<String>,
    pub informatie_betrouwbaarheid: Option<String>,
    /// A user id of the municipality's team.
    pub toegewezen_aan: Option<String>,
    /// Persons and organisations; with the objects at most 50 per signal.
    pub subjecten: Vec<EntiteitSchema>,
    /// Addresses, vehicles, bank accounts and areas.
    pub objecten: Vec<EntiteitSchema>,
}

/// Who reported it, when known and allowed.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = MelderInvoer)]
pub struct MelderSchema {
    pub naam: Option<String>,
    pub contact: Option<String>,
    pub anoniem: bool,
}

/// A subject or object as sent: `soort` decides which fields count. Identifiers are checked
/// (BSN and RSIN eleven-test, KvK number, postcode, BAG id, licence plate, IBAN mod-97).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = EntiteitInvoer)]
pub struct EntiteitSchema {
    /// `persoon`, `organisatie`, `adres`, `voertuig`, `rekening` or `gebied`.
    pub soort: String,
    /// The role in this signal (`bewoner`, `eigenaar`, `locatie`, …).
    pub rol: Option<String>,
    pub bsn: Option<String>,
    pub voornamen: Option<String>,
    pub voorvoegsel: Option<String>,
    pub achternaam: Option<String>,
    pub geboortedatum: Option<String>,
    pub naam: Option<String>,
    pub kvk_nummer: Option<String>,
    pub vestigingsnummer: Option<String>,
    pub rsin: Option<String>,
    pub rechtsvorm: Option<String>,
    pub postcode: Option<String>,
    /// Text or a whole number.
    #[schema(value_type = Option<String>)]
    pub huisnummer: Option<String>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
    pub straat: Option<String>,
    pub woonplaats: Option<String>,
    pub bag_id: Option<String>,
    pub kenteken: Option<String>,
    pub iban: Option<String>,
    pub tenaamstelling: Option<String>,
    pub omschrijving: Option<String>,
}

/// Changes to a signal (`PATCH /signalen/{id}`): absent means unchanged, an empty string clears.
/// The team and the assignee are changed by the owner or the coordinator.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = SignaalWijziging)]
pub struct SignaalWijzigingSchema {
    /// A status the protocol allows from the current one.
    pub status: Option<String>,
    pub toegewezen_aan: Option<String>,
    pub fenomenen: Option<Vec<String>>,
    pub indicatoren: Option<String>,
    pub bron_betrouwbaarheid: Option<String>,
    pub informatie_betrouwbaarheid: Option<String>,
    /// User ids besides the owner: who may see the content.
    pub team: Option<Vec<String>>,
    /// `YYYY-MM-DD`, after today and at most two years ahead: when a monitored signal is weighed
    /// again. Required when the status becomes `monitoren`; only allowed while monitoring.
    #[schema(format = Date)]
    pub herbeoordelen_op: Option<String>,
    /// With a status change whose transition records a weighing (`weging` in the protocol's
    /// transitions): the answer to every criterion of that weighing, numbered from 1 in the
    /// protocol's order. Errors name `wegingsantwoorden.{n}.antwoord` or `.toelichting`.
    pub wegingsantwoorden: Option<Vec<CriteriumInvoerSchema>>,
    /// Why: recorded in the journal with the change (some transitions require it).
    pub motivering: Option<String>,
    /// The version the change is based on; 409 when someone changed the signal since.
    pub versie: Option<i64>,
}

/// The answer to one criterion of a weighing.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = Criteriuminvoer)]
pub struct CriteriumInvoerSchema {
    /// The criterion's number: 1 for the weighing's first criterion.
    #[schema(minimum = 1)]
    pub criterium: u32,
    /// `ja`, `nee` or `onbekend` (niet vast te stellen; then `toelichting` is required).
    pub antwoord: String,
    #[schema(max_length = 4000)]
    pub toelichting: Option<String>,
}

/// A new journal entry (`POST /signalen/{id}/journaalposten`).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = NieuweJournaalpost)]
pub struct JournaalInvoerSchema {
    /// `notitie`, `waarneming`, `partnerinformatie`, …
    pub soort: String,
    #[schema(max_length = 20000)]
    pub tekst: String,
    /// When it happened (`YYYY-MM-DDTHH:MM`); default now.
    pub gebeurd_op: Option<String>,
    /// `normaal` (default), `vertrouwelijk`, `politie-burgemeester`, `bibob`, `melder-beschermd`.
    pub vertrouwelijkheid: Option<String>,
    pub bron: Option<String>,
    pub betrouwbaarheid: Option<String>,
    pub grondslag: Option<String>,
    pub doel: Option<String>,
    /// For `politie-burgemeester`: the user ids who may read it.
    pub lezers: Vec<String>,
    /// The id of the entry this one corrects.
    pub corrigeert: Option<String>,
    /// Ids of the signal's subjects and objects it concerns.
    pub koppelingen: Vec<String>,
}

/// An attachment upload (`multipart/form-data`): optional `vertrouwelijkheid`, then `bestand`.
#[derive(Serialize, ToSchema)]
#[schema(as = BijlageUpload)]
pub struct BijlageUploadSchema {
    pub vertrouwelijkheid: Option<String>,
    /// The file (at most the configured size, default 50 MB).
    #[schema(value_type = String, format = Binary)]
    pub bestand: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every documented field is one the real type reads: a body with all of them deserialises
    /// into the real type without unknown fields, and back to the same names.
    fn same_fields<Doc: ToSchema, Real: serde::de::DeserializeOwned + Serialize>() {
        let schema = serde_json::to_value(Doc::schema()).unwrap();
        let documented: std::collections::BTreeSet<String> = schema["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let real: Real = serde_json::from_value(serde_json::json!({})).unwrap();
        let actual: std::collections::BTreeSet<String> = serde_json::to_value(&real)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(documented, actual, "{}", Doc::name());
    }

    #[test]
    fn the_documented_bodies_match_the_real_types() {
        same_fields::<NieuwSignaalSchema, baken_domain::signaal::SignaalInvoer>();
        same_fields::<EntiteitSchema, baken_domain::entiteit::EntiteitInvoer>();
        same_fields::<MelderSchema, baken_domain::signaal::MelderInvoer>();
        same_fields::<SignaalWijzigingSchema, baken_core::dossiers::SignaalWijziging>();
        same_fields::<JournaalInvoerSchema, baken_core::dossiers::JournaalInvoer>();
        same_fields::<CriteriumInvoerSchema, baken_domain::weging::CriteriumInvoer>();
    }
}
