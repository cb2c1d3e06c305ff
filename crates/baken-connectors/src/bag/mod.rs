//! The BAG (Basisregistratie Adressen en Gebouwen) as the Kadaster delivers it in bulk: the LVBAG
//! 2.0 XML extract ("Standaard Levering"), one file per object type (`9999WPL…`, `9999OPR…`,
//! `9999NUM…`, `9999VBO…`, `9999LIG…`, `9999STA…`, `9999PND…`).
//!
//! Each file is a `sl-bag-extract:bagStand` holding `sl:stand` elements, each with one
//! `sl-bag-extract:bagObject` around the object (`Objecten:Woonplaats`, `Objecten:Nummeraanduiding`,
//! …). Relations go woonplaats ← openbare ruimte (`ligtIn`) ← nummeraanduiding (`ligtAan`) ←
//! verblijfsobject, ligplaats or standplaats (`heeftAlsHoofdadres`, `heeftAlsNevenadres`);
//! a verblijfsobject lies in one or more panden (`maaktDeelUitVan`). Coordinates are RD
//! (EPSG:28992). The extract holds history: an occurrence with an end of validity
//! (`Historie:eindGeldigheid`) is no longer current and is skipped by the reader.

mod extract;

pub use baken_domain::bag::*;
pub use extract::{ExtractError, ExtractReader};
