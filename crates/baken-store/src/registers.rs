//! The storage port for the local registers built from public bulk data: the BAG, the trade
//! register and the sanctions lists, one table per object type. The BAG is public data; the
//! trade register and the lists name people (sole traders, listed persons), so the services log
//! who looked them up.

use crate::*;
use async_trait::async_trait;
use baken_domain::bag::{Adresseerbaar, BagObject, Nummeraanduiding, Pand};
use baken_domain::eigen_register::EigenRij;
use baken_domain::kvk::KvkVestiging;
use baken_domain::sanctie::SanctieEntiteit;

/// The object types of the local registers, one table each: the BAG's five, the trade
/// register's establishments and the sanctions lists' entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegisterSoort {
    Woonplaats,
    OpenbareRuimte,
    Nummeraanduiding,
    Adresseerbaar,
    Pand,
    KvkVestiging,
    SanctieEntiteit,
    /// A row of a municipality's own register.
    EigenRij,
}

/// Which register an object type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Register {
    Bag,
    Kvk,
    Sancties,
    /// The municipality's own registers (each under its source code).
    Eigen,
}

impl Register {
    /// As the command line and the audit log name it.
    pub fn code(self) -> &'static str {
        match self {
            Register::Bag => "bag",
            Register::Kvk => "kvk",
            Register::Sancties => "sancties",
            Register::Eigen => "register",
        }
    }

    /// In plain Dutch.
    pub fn naam(self) -> &'static str {
        match self {
            Register::Bag => "BAG-register",
            Register::Kvk => "KvK-register",
            Register::Sancties => "sanctielijsten",
            Register::Eigen => "eigen register",
        }
    }
}

impl RegisterSoort {
    pub const ALLE: [RegisterSoort; 8] = [
        RegisterSoort::Woonplaats,
        RegisterSoort::OpenbareRuimte,
        RegisterSoort::Nummeraanduiding,
        RegisterSoort::Adresseerbaar,
        RegisterSoort::Pand,
        RegisterSoort::KvkVestiging,
        RegisterSoort::SanctieEntiteit,
        RegisterSoort::EigenRij,
    ];

    /// The table of this type (a fixed name, never input).
    pub fn table(self) -> &'static str {
        match self {
            RegisterSoort::Woonplaats => "bag_woonplaatsen",
            RegisterSoort::OpenbareRuimte => "bag_openbare_ruimten",
            RegisterSoort::Nummeraanduiding => "bag_nummeraanduidingen",
            RegisterSoort::Adresseerbaar => "bag_adresseerbare_objecten",
            RegisterSoort::Pand => "bag_panden",
            RegisterSoort::KvkVestiging => "kvk_vestigingen",
            RegisterSoort::SanctieEntiteit => "sanctie_entiteiten",
            RegisterSoort::EigenRij => "eigen_registerrijen",
        }
    }

    /// The register it belongs to.
    pub fn register(self) -> Register {
        match self {
            RegisterSoort::KvkVestiging => Register::Kvk,
            RegisterSoort::SanctieEntiteit => Register::Sancties,
            RegisterSoort::EigenRij => Register::Eigen,
            _ => Register::Bag,
        }
    }

    /// A stable key for reports and the audit log (`nummeraanduidingen`, `kvk_vestigingen`).
    pub fn sleutel(self) -> &'static str {
        match self {
            RegisterSoort::EigenRij => "rijen",
            _ => self.table().trim_start_matches("bag_"),
        }
    }

    /// In plain Dutch, plural (for reports).
    pub fn naam(self) -> &'static str {
        match self {
            RegisterSoort::Woonplaats => "woonplaatsen",
            RegisterSoort::OpenbareRuimte => "openbare ruimten",
            RegisterSoort::Nummeraanduiding => "nummeraanduidingen",
            RegisterSoort::Adresseerbaar => "verblijfsobjecten, lig- en standplaatsen",
            RegisterSoort::Pand => "panden",
            RegisterSoort::KvkVestiging => "inschrijvingen (vestigingen en rechtspersonen)",
            RegisterSoort::SanctieEntiteit => "entiteiten (personen, organisaties, sancties)",
            RegisterSoort::EigenRij => "rijen",
        }
    }
}

/// One object of any local register.
#[derive(Debug, Clone, PartialEq)]
pub enum RegisterObject {
    Bag(BagObject),
    Kvk(KvkVestiging),
    Sanctie(SanctieEntiteit),
    Eigen(EigenRij),
}

impl RegisterObject {
    pub fn soort(&self) -> RegisterSoort {
        match self {
            RegisterObject::Bag(BagObject::Woonplaats(_)) => RegisterSoort::Woonplaats,
            RegisterObject::Bag(BagObject::OpenbareRuimte(_)) => RegisterSoort::OpenbareRuimte,
            RegisterObject::Bag(BagObject::Nummeraanduiding(_)) => RegisterSoort::Nummeraanduiding,
            RegisterObject::Bag(BagObject::Adresseerbaar(_)) => RegisterSoort::Adresseerbaar,
            RegisterObject::Bag(BagObject::Pand(_)) => RegisterSoort::Pand,
            RegisterObject::Kvk(_) => RegisterSoort::KvkVestiging,
            RegisterObject::Sanctie(_) => RegisterSoort::SanctieEntiteit,
            RegisterObject::Eigen(_) => RegisterSoort::EigenRij,
        }
    }

    /// Its key in its table.
    pub fn id(&self) -> &str {
        match self {
            RegisterObject::Bag(BagObject::Woonplaats(o)) => &o.id,
            RegisterObject::Bag(BagObject::OpenbareRuimte(o)) => &o.id,
            RegisterObject::Bag(BagObject::Nummeraanduiding(o)) => &o.id,
            RegisterObject::Bag(BagObject::Adresseerbaar(o)) => &o.id,
            RegisterObject::Bag(BagObject::Pand(o)) => &o.id,
            RegisterObject::Kvk(v) => v.id(),
            RegisterObject::Sanctie(e) => &e.id,
            RegisterObject::Eigen(r) => &r.id,
        }
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
    async fn register_aantal(&mut self, soort: RegisterSoort) -> StoreResult<i64>;
    /// The stored content digest of each of these ids that exists (any order).
    async fn register_hashes(
        &mut self,
        soort: RegisterSoort,
        ids: &[&str],
    ) -> StoreResult<Vec<(String, String)>>;
    /// Ids of a type in order, after `na`, at most `limit`: to walk the whole register.
    async fn register_ids(
        &mut self,
        soort: RegisterSoort,
        na: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<String>>;
}

/// Look-ups in the local trade register.
#[async_trait]
pub trait KvkRead: Send {
    /// The trade register's registrations under a KvK number: the main establishment first,
    /// then by establishment number.
    async fn kvk_op_nummer(&mut self, kvk_nummer: &str) -> StoreResult<Vec<KvkVestiging>>;
    /// The registrations at an address (postcode and house number; letter and addition as for
    /// [`RegistersRead::bag_adressen`]), at most `limit`, by id.
    async fn kvk_op_adres(
        &mut self,
        vraag: BagAdresVraag<'_>,
        limit: i64,
    ) -> StoreResult<Vec<KvkVestiging>>;
}

/// Look-ups in the local sanctions and PEP lists.
#[async_trait]
pub trait SanctiesRead: Send {
    /// The entities of the sanctions lists with a name of this key
    /// ([`baken_domain::sanctie::naam_sleutel`]), at most `limit`, by id.
    async fn sancties_op_naam(
        &mut self,
        sleutel: &str,
        limit: i64,
    ) -> StoreResult<Vec<SanctieEntiteit>>;
}

/// What a subject is looked up by in an own register.
#[derive(Debug, Clone, Copy)]
pub enum EigenVraag<'a> {
    Adres(BagAdresVraag<'a>),
    Kvk(&'a str),
    Bsn(&'a str),
    /// [`baken_domain::sanctie::naam_sleutel`] of the name.
    Naam(&'a str),
}

/// Look-ups in the municipalities' own registers: always within one municipality's register of
/// one source.
#[async_trait]
pub trait EigenRegistersRead: Send {
    /// The rows that match, at most `limit`, by id.
    async fn eigen_rijen(
        &mut self,
        gemeente: &GemeenteCode,
        bron: &str,
        vraag: EigenVraag<'_>,
        limit: i64,
    ) -> StoreResult<Vec<EigenRij>>;
    /// The sources a municipality holds an own register of, with their number of rows, by code.
    async fn eigen_bronnen(&mut self, gemeente: &GemeenteCode) -> StoreResult<Vec<(String, i64)>>;
    /// Ids of one register in order, after `na`, at most `limit`: to walk it whole.
    async fn eigen_ids(
        &mut self,
        gemeente: &GemeenteCode,
        bron: &str,
        na: Option<&str>,
        limit: i64,
    ) -> StoreResult<Vec<String>>;
}

/// The changes to the local registers.
#[async_trait]
pub trait RegistersWrite: Send {
    /// Stores objects (new or replacing the stored one of the same id), each with its digest.
    async fn register_schrijf(&mut self, objecten: &[(&RegisterObject, &str)]) -> StoreResult<()>;
    /// Removes objects of a type by id; gives how many there were.
    async fn register_verwijder(
        &mut self,
        soort: RegisterSoort,
        ids: &[String],
    ) -> StoreResult<u64>;
}
