//! Looking a dossier's subject up in its municipality's own register of a source (imported with
//! [`crate::Services::import_eigen_register`]): by address for an address, by KvK number for an
//! organisation that has one, by BSN for a person who has one, else by name. Never in another
//! municipality's register.

use crate::error::ServiceResult;
use baken_domain::GemeenteCode;
use baken_domain::eigen_register::EigenRij;
use baken_domain::entiteit::Entiteit;
use baken_domain::sanctie::naam_sleutel;
use baken_store::{BagAdresVraag, EigenVraag, ReadTx};

/// The most rows a consultation takes over.
const MAX_RIJEN: i64 = 50;

/// The rows of the municipality's register of `bron` about the subject; `None` when the
/// municipality holds no own register of that source.
pub(crate) async fn zoek(
    tx: &mut dyn ReadTx,
    gemeente: &GemeenteCode,
    bron: &str,
    onderwerp: &Entiteit,
) -> ServiceResult<Option<Vec<EigenRij>>> {
    if tx.eigen_ids(gemeente, bron, None, 1).await?.is_empty() {
        return Ok(None);
    }
    let mut rows = Vec::new();
    match onderwerp {
        Entiteit::Adres {
            postcode,
            huisnummer,
            huisletter,
            huisnummertoevoeging,
            ..
        } => {
            let letter = huisletter.clone().unwrap_or_default();
            let toevoeging = huisnummertoevoeging.clone().unwrap_or_default();
            let vraag = BagAdresVraag {
                postcode: postcode.as_str(),
                huisnummer: *huisnummer,
                huisletter: Some(&letter),
                toevoeging: Some(&toevoeging),
            };
            rows = tx
                .eigen_rijen(gemeente, bron, EigenVraag::Adres(vraag), MAX_RIJEN)
                .await?;
        }
        Entiteit::Organisatie {
            kvk_nummer: Some(kvk),
            ..
        } => {
            rows = tx
                .eigen_rijen(gemeente, bron, EigenVraag::Kvk(kvk.as_str()), MAX_RIJEN)
                .await?;
        }
        Entiteit::Persoon { bsn: Some(bsn), .. } => {
            rows = tx
                .eigen_rijen(gemeente, bron, EigenVraag::Bsn(bsn.as_str()), MAX_RIJEN)
                .await?;
        }
        _ => {}
    }
    // A register without the number (or a subject without one) is asked by name as well.
    if rows.is_empty()
        && matches!(
            onderwerp,
            Entiteit::Persoon { .. } | Entiteit::Organisatie { .. }
        )
    {
        let sleutel = naam_sleutel(&onderwerp.naam());
        if !sleutel.is_empty() {
            rows = tx
                .eigen_rijen(gemeente, bron, EigenVraag::Naam(&sleutel), MAX_RIJEN)
                .await?;
        }
    }
    Ok(Some(rows))
}
