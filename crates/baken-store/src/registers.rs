//! The storage port for the local registers built from public bulk data: today the BAG, one table
//! per object type. What is stored is public (addresses and buildings), not personal data.

use crate::*;
use async_trait::async_trait;
use baken_domain::bag::{Adresseerbaar, BagObject, Nummeraanduiding, Pand};

/// The BAG object types, one table each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BagSoort {
    Woonplaats,
    OpenbareRuimte,
    Nummeraanduiding,
    Adresseerbaar,
    Pand,
}

impl BagSoort {
    pub const ALLE: [BagSoort; 5] = [
        BagSoort::Woonplaats,
        BagSoort::OpenbareRuimte,
        BagSoort::Nummeraanduiding,
        BagSoort::Adresseerbaar,
        BagSoort::Pand,
    ];

    /// The table of this type (a fixed name, never input).
    pub fn table(self) -> &'static str {
        match self {
            BagSoort::Woonplaats => "bag_woonplaatsen",
            BagSoort::OpenbareRuimte => "bag_openbare_ruimten",
            BagSoort::Nummeraanduiding => "bag_nummeraanduidingen",
            BagSoort::Adresseerbaar => "bag_adresseerbare_objecten",
            BagSoort::Pand => "bag_panden",
        }
    }

    /// In plain Dutch, plural (for reports).
    pub fn naam(self) -> &'static str {
        match self {
            BagSoort::Woonplaats => "woonplaatsen",
            BagSoort::OpenbareRuimte => "openbare ruimten",
            BagSoort::Nummeraanduiding => "nummeraanduidingen",
            BagSoort::Adresseerbaar => "verblijfsobjecten, lig- en standplaatsen",
            BagSoort::Pand => "panden",
        }
    }

    pub fn of(object: &BagObject) -> Self {
        match object {
            BagObject::Woonplaats(_) => BagSoort::Woonplaats,
            BagObject::OpenbareRuimte(_) => BagSoort::OpenbareRuimte,
            BagObject::Nummeraanduiding(_) => BagSoort::Nummeraanduiding,
            BagObject::Adresseerbaar(_) => BagSoort::Adresseerbaar,
            BagObject::Pand(_) => BagSoort::Pand,
        }
    }
}

/// The id of any BAG object.
pub fn bag_id(object: &BagObject) -> &str {
    match object {
        BagObject::Woonplaats(o) => &o.id,
        BagObject::OpenbareRuimte(o) => &o.id,
        BagObject::Nummeraanduiding(o) => &o.id,
        BagObject::Adresseerbaar(o) => &o.id,
        BagObject::Pand(o) => &o.id,
    }
}

/// One address as a look-up answers it: the nummeraanduiding with its street and place, the object
/// it is the main address of (if any) and that object's first building.
#[derive(Debug, Clone, PartialEq)]
pub struct BagAdresRecord {
    pub nummeraanduiding: Nummeraanduiding,
    pub straat: Option<String>,
    pub woonplaats: Option<String>,
    pub object: Option<Adresseerbaar>,
    pub pand: Option<Pand>,
}

/// An exact address: postcode and number, with the letter and addition as given (`None`: any).
#[derive(Debug, Clone, Copy)]
pub struct BagAdresVraag<'a> {
    pub postcode: &'a str,
    pub huisnummer: u32,
    pub huisletter: Option<&'a str>,
    pub toevoeging: Option<&'a str>,
}

/// The queries on the local registers.
#[async_trait]
pub trait RegistersRead: Send {
    /// The current addresses that match, by letter and addition, then id.
    async fn bag_adressen(&mut self, vraag: BagAdresVraag<'_>) -> StoreResult<Vec<BagAdresRecord>>;
    /// How many objects of a type the register holds.
    async fn bag_aantal(&mut self, soort: BagSoort) -> StoreResult<i64>;
    /// The stored content digest of each of these ids that exists (any order).
    async fn bag_hashes(
        &mut self,
        soort: BagSoort,
        ids: &[&str],
    ) -> StoreResult<Vec<(String, String)>>;
    /// Ids of a type in order, after `na`, at most `limit`: to walk the whole register.
    async fn bag_ids(
        &mut self,
        soort: BagSoort,
        na: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<String>>;
}

/// The changes to the local registers.
#[async_trait]
pub trait RegistersWrite: Send {
    /// Stores objects (new or replacing the stored one of the same id), each with its digest.
    async fn bag_schrijf(&mut self, objecten: &[(&BagObject, &str)]) -> StoreResult<()>;
    /// Removes objects of a type by id; gives how many there were.
    async fn bag_verwijder(&mut self, soort: BagSoort, ids: &[String]) -> StoreResult<u64>;
}
