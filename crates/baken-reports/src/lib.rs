//! Baken's PDF documents: the protocol document, the destruction statement of a retention batch,
//! the answer to a data subject's request, an intervention's letters and a meeting's minutes.
//!
//! The application services decide *what* goes into a document (and authorise and log it); this
//! crate only typesets it. Each document is a typst template in `templates/` that reads its data
//! from one JSON file, so text from users and registers is always inserted as text, never
//! evaluated as markup. Fonts (Liberation Sans, SIL OFL) are embedded in the binary: rendering
//! never looks at the machine's fonts and never reaches the network. The output is PDF/A-2b (for
//! the archive) and tagged (for screen readers).
//!
//! Every page carries a footer with the classification, who produced the document and when: a
//! printed dossier document must say where it came from.
//!
//! Without the `typst` feature the crate still compiles and [`render`] answers
//! [`RapportFout::NietBeschikbaar`].

use serde::Serialize;

#[cfg(feature = "typst")]
mod engine;

/// The documents Baken can produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sjabloon {
    /// The privacy protocol in force (`/protocol` as PDF).
    Protocoldocument,
    /// The destruction statement of one retention batch, for the archive.
    Vernietigingsverklaring,
    /// The answer to a data subject's request (AVG art. 15).
    Antwoord,
    /// A letter of an intervention: the intent or the decision (Awb).
    Maatregelbrief,
    /// The minutes of a meeting, as one reader may see them.
    Overlegverslag,
}

impl Sjabloon {
    #[cfg_attr(not(feature = "typst"), allow(dead_code))]
    fn bron(self) -> &'static str {
        match self {
            Sjabloon::Protocoldocument => include_str!("../templates/protocol.typ"),
            Sjabloon::Vernietigingsverklaring => include_str!("../templates/vernietiging.typ"),
            Sjabloon::Antwoord => include_str!("../templates/antwoord.typ"),
            Sjabloon::Maatregelbrief => include_str!("../templates/maatregel.typ"),
            Sjabloon::Overlegverslag => include_str!("../templates/verslag.typ"),
        }
    }
}

/// What every document says about itself (title page and footer).
#[derive(Debug, Clone, Serialize)]
pub struct Kop {
    pub titel: String,
    /// E.g. the municipality, or the request's reference.
    pub onderwerp: String,
    /// The classification printed on every page, e.g. "Vertrouwelijk".
    pub rubricering: String,
    /// Who produced the document (display name).
    pub opgesteld_door: String,
    /// When, as Dutch text ("29 november 2026, 04:10").
    pub opgesteld_op: String,
    /// The same moment for the PDF's metadata (PDF/A requires a document date).
    #[serde(skip)]
    pub tijdstip: time::OffsetDateTime,
}

#[derive(Debug, thiserror::Error)]
pub enum RapportFout {
    #[error("deze installatie van Baken is gebouwd zonder PDF-opmaak")]
    NietBeschikbaar,
    #[error("de gegevens voor het document konden niet worden omgezet: {0}")]
    Gegevens(#[from] serde_json::Error),
    #[error("het document kon niet worden opgemaakt: {0}")]
    Opmaak(String),
}

/// Whether this build can typeset PDF.
pub const BESCHIKBAAR: bool = cfg!(feature = "typst");

/// Typesets `sjabloon` with `kop` and `gegevens` (serialised to the template's JSON input) and
/// returns the PDF. Rendering is CPU-bound and runs on the blocking pool, one document at a time
/// (typesetting takes a few hundred megabytes at its peak).
pub async fn render(
    sjabloon: Sjabloon,
    kop: &Kop,
    gegevens: &impl Serialize,
) -> Result<Vec<u8>, RapportFout> {
    let invoer = serde_json::to_vec(&serde_json::json!({ "kop": kop, "gegevens": gegevens }))?;
    #[cfg(feature = "typst")]
    {
        engine::render(sjabloon.bron(), invoer, kop.tijdstip).await
    }
    #[cfg(not(feature = "typst"))]
    {
        let _ = (sjabloon, invoer);
        Err(RapportFout::NietBeschikbaar)
    }
}
