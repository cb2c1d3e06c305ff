//! What Baken keeps of the trade register (the KvK's Handelsregister) in its local register: one
//! record per establishment (vestiging), or per legal person without one. Read from a file in
//! Baken's documented layout or from saved KvK API responses (`baken_connectors::kvk`).

/// An address as the trade register gives it (the visiting address where there is one).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KvkAdres {
    pub straatnaam: Option<String>,
    pub huisnummer: Option<u32>,
    pub huisletter: Option<String>,
    pub toevoeging: Option<String>,
    /// Normalised (`1234AB`).
    pub postcode: Option<String>,
    pub plaats: Option<String>,
}

/// One registration: an establishment of an enterprise, or a legal person without one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KvkVestiging {
    /// Eight digits.
    pub kvk_nummer: String,
    /// Twelve digits; `None` for a legal person without an establishment.
    pub vestigingsnummer: Option<String>,
    /// The first trade name (or the statutory name).
    pub naam: String,
    /// Further trade names, in the register's order.
    pub handelsnamen: Vec<String>,
    pub rechtsvorm: Option<String>,
    pub hoofdvestiging: bool,
    pub adres: KvkAdres,
    /// SBI activity codes, the main activity first.
    pub sbi: Vec<String>,
    /// ISO dates (`2019-03-01`).
    pub datum_aanvang: Option<String>,
    pub datum_einde: Option<String>,
    /// The BAG nummeraanduiding of the address, when the register gives it (`geoData`).
    pub nummeraanduiding: Option<String>,
}

impl KvkVestiging {
    /// The register's key: the establishment number, or the KvK number for a legal person without
    /// an establishment.
    pub fn id(&self) -> &str {
        self.vestigingsnummer.as_deref().unwrap_or(&self.kvk_nummer)
    }

    /// Whether the registration has ended.
    pub fn beeindigd(&self) -> bool {
        self.datum_einde.is_some()
    }
}
