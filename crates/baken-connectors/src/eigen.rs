//! A municipality's own register as a CSV file (comma or semicolon separated, a header row
//! naming the columns), read under a column mapping ([`Kolomkoppeling`]) one row at a time. A
//! mapped column that the header lacks, or a row whose keys are not right, is refused with its
//! line and column, so that an importer keeps nothing of the file.

use crate::LeesFout;
use baken_domain::GemeenteCode;
use baken_domain::eigen_register::{EigenRij, Kolomkoppeling};
use std::io::Read;

fn fout(regel: u64, element: Option<String>, melding: impl Into<String>) -> LeesFout {
    LeesFout {
        regel,
        element,
        melding: melding.into(),
    }
}

/// Reads the rows of an own register.
pub struct EigenCsvReader<R: Read> {
    rows: csv::StringRecordsIntoIter<R>,
    headers: Vec<String>,
    line: u64,
    gemeente: GemeenteCode,
    bron: String,
    koppeling: Kolomkoppeling,
}

impl<R: Read> EigenCsvReader<R> {
    /// Reads the header row and checks that it has every mapped column.
    pub fn new(
        input: R,
        scheiding: u8,
        (gemeente, bron): (&GemeenteCode, &str),
        koppeling: &Kolomkoppeling,
    ) -> Result<Self, LeesFout> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(scheiding)
            .has_headers(true)
            .flexible(false)
            .from_reader(input);
        let headers: Vec<String> = reader
            .headers()
            .map_err(|e| fout(1, None, format!("de kopregel is niet te lezen: {e}")))?
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect();
        for (sleutel, kolom) in &koppeling.kolommen {
            if !headers.iter().any(|h| h.eq_ignore_ascii_case(kolom)) {
                return Err(fout(
                    1,
                    None,
                    format!(
                        "de kolom {kolom:?} (voor {}) staat niet in de kopregel; die noemt {}",
                        sleutel.code(),
                        headers.join(", ")
                    ),
                ));
            }
        }
        Ok(Self {
            rows: reader.into_records(),
            headers,
            line: 1,
            gemeente: gemeente.clone(),
            bron: bron.to_string(),
            koppeling: koppeling.clone(),
        })
    }

    /// The line of the row read last.
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn next_rij(&mut self) -> Result<Option<EigenRij>, LeesFout> {
        let Some(row) = self.rows.next() else {
            return Ok(None);
        };
        let row = row.map_err(|e| {
            let regel = e.position().map_or(self.line + 1, |p| p.line());
            fout(regel, None, format!("deze regel is niet te lezen: {e}"))
        })?;
        self.line = row.position().map_or(self.line + 1, |p| p.line());
        let values: Vec<&str> = row.iter().collect();
        EigenRij::from_row(
            (&self.gemeente, &self.bron),
            &self.koppeling,
            &self.headers,
            &values,
        )
        .map(Some)
        .map_err(|e| fout(self.line, None, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reader<'a>(text: &'a str, koppeling: &str) -> Result<EigenCsvReader<&'a [u8]>, LeesFout> {
        EigenCsvReader::new(
            text.as_bytes(),
            b';',
            (&GemeenteCode::parse("GM0553").unwrap(), "vergunningen"),
            &Kolomkoppeling::parse(koppeling).unwrap(),
        )
    }

    #[test]
    fn rows_are_read_under_the_mapping() {
        let mut r = reader(
            "Nummer;Postcode;Huisnr;Soort\nV-1;2161AB;7;Exploitatievergunning\nV-2;2161AC;9;Drank- en horecavergunning\n",
            "id=Nummer,postcode=Postcode,huisnummer=Huisnr",
        )
        .unwrap();
        let first = r.next_rij().unwrap().unwrap();
        assert_eq!(first.id, "GM0553/vergunningen/V-1");
        assert_eq!(first.velden.last().unwrap().1, "Exploitatievergunning");
        assert_eq!(r.next_rij().unwrap().unwrap().rij_id, "V-2");
        assert!(r.next_rij().unwrap().is_none());
    }

    #[test]
    fn a_missing_column_or_a_wrong_row_is_refused_with_its_line() {
        let missing = reader(
            "Nummer;Adres\n",
            "id=Nummer,postcode=Postcode,huisnummer=Huisnr",
        )
        .err()
        .unwrap();
        assert_eq!(missing.regel, 1);
        assert!(
            missing.melding.contains("\"Postcode\""),
            "{}",
            missing.melding
        );
        let mut r = reader(
            "Nummer;Postcode;Huisnr\nV-1;2161AB;7\nV-2;2161;7\n",
            "id=Nummer,postcode=Postcode,huisnummer=Huisnr",
        )
        .unwrap();
        r.next_rij().unwrap();
        let wrong = r.next_rij().unwrap_err();
        assert_eq!(wrong.regel, 3);
        assert!(
            wrong.melding.starts_with("kolom Postcode"),
            "{}",
            wrong.melding
        );
        // A cut-off row (fewer fields) is refused too.
        let mut cut = reader(
            "Nummer;Postcode;Huisnr\nV-1;2161AB\n",
            "id=Nummer,postcode=Postcode,huisnummer=Huisnr",
        )
        .unwrap();
        assert_eq!(cut.next_rij().unwrap_err().regel, 2);
    }
}
