//! The BAG (Basisregistratie Adressen en Gebouwen) objects Baken keeps in its local register:
//! the current occurrence of each, as read from the Kadaster's bulk extract
//! (`baken_connectors::bag`). Ids are the BAG's own sixteen digits (four for a woonplaats).

/// A place of residence (woonplaats), e.g. `1245` 's-Gravenhage.
#[derive(Debug, Clone, PartialEq)]
pub struct Woonplaats {
    pub id: String,
    pub naam: String,
    pub status: String,
}

/// A street or other public space, in one woonplaats.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenbareRuimte {
    pub id: String,
    pub naam: String,
    pub woonplaats: String,
    pub status: String,
}

/// An address designation: postcode, house number, letter and addition, on a public space.
#[derive(Debug, Clone, PartialEq)]
pub struct Nummeraanduiding {
    pub id: String,
    pub postcode: Option<String>,
    pub huisnummer: u32,
    pub huisletter: Option<String>,
    pub toevoeging: Option<String>,
    pub openbare_ruimte: String,
    /// Only when it differs from the public space's woonplaats.
    pub woonplaats: Option<String>,
    pub status: String,
}

/// Which kind of addressable object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Soort {
    Verblijfsobject,
    Ligplaats,
    Standplaats,
}

/// An addressable object: a verblijfsobject (a dwelling, a shop, …), a ligplaats (a mooring) or a
/// standplaats (a pitch). Only a verblijfsobject has use purposes, a surface and panden.
#[derive(Debug, Clone, PartialEq)]
pub struct Adresseerbaar {
    pub id: String,
    pub soort: Soort,
    pub hoofdadres: String,
    pub nevenadressen: Vec<String>,
    pub gebruiksdoelen: Vec<String>,
    /// Square metres.
    pub oppervlakte: Option<u32>,
    /// RD coordinates (x, y) of its point, when the geometry is a point.
    pub punt: Option<(f64, f64)>,
    pub panden: Vec<String>,
    pub status: String,
}

/// A building.
#[derive(Debug, Clone, PartialEq)]
pub struct Pand {
    pub id: String,
    pub bouwjaar: Option<i32>,
    pub status: String,
}

/// One current object of the extract.
#[derive(Debug, Clone, PartialEq)]
pub enum BagObject {
    Woonplaats(Woonplaats),
    OpenbareRuimte(OpenbareRuimte),
    Nummeraanduiding(Nummeraanduiding),
    Adresseerbaar(Adresseerbaar),
    Pand(Pand),
}
