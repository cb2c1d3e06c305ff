//! A streaming reader of one LVBAG extract file: one current object at a time, in constant
//! memory whatever the file's size (a national extract's files run to gigabytes). Only the fields
//! Baken keeps are gathered; geometry other than a point (a pand's outline) is skipped unread.
//!
//! A file that is not an extract, breaks off, or holds an object without what it must have is
//! refused with the line and the element, so that an importer can keep nothing of it.

use super::{Adresseerbaar, BagObject, Nummeraanduiding, OpenbareRuimte, Pand, Soort, Woonplaats};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{self, BufRead, Read};

/// The longest field Baken keeps (a name, an id, a status): a longer one is not BAG data.
const MAX_FIELD: usize = 1024;

/// What is wrong with an extract, and where: the line, and the object when one was being read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}: {melding}", where_(*.regel, .element.as_deref()))]
pub struct ExtractError {
    pub regel: u64,
    /// The object, e.g. `Nummeraanduiding 0599200000012345`.
    pub element: Option<String>,
    pub melding: String,
}

/// `regel 12 (Nummeraanduiding …)`, or only the element of a file read whole (line 0).
fn where_(regel: u64, element: Option<&str>) -> String {
    match (regel, element) {
        (0, Some(e)) => e.to_string(),
        (0, None) => "het bestand".to_string(),
        (r, Some(e)) => format!("regel {r} ({e})"),
        (r, None) => format!("regel {r}"),
    }
}

/// The fields read, as paths of local names below the object's element.
const FIELDS: &[&str] = &[
    "identificatie",
    "naam",
    "status",
    "ligtIn/WoonplaatsRef",
    "ligtAan/OpenbareRuimteRef",
    "postcode",
    "huisnummer",
    "huisletter",
    "huisnummertoevoeging",
    "heeftAlsHoofdadres/NummeraanduidingRef",
    "heeftAlsNevenadres/NummeraanduidingRef",
    "gebruiksdoel",
    "oppervlakte",
    "geometrie/punt/Point/pos",
    "maaktDeelUitVan/PandRef",
    "oorspronkelijkBouwjaar",
    "voorkomen/Voorkomen/eindGeldigheid",
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Woonplaats,
    OpenbareRuimte,
    Nummeraanduiding,
    Adresseerbaar(Soort),
    Pand,
    /// An object type Baken does not keep (read past).
    Other,
}

impl Kind {
    fn of(local: &str) -> Self {
        match local {
            "Woonplaats" => Kind::Woonplaats,
            "OpenbareRuimte" => Kind::OpenbareRuimte,
            "Nummeraanduiding" => Kind::Nummeraanduiding,
            "Verblijfsobject" => Kind::Adresseerbaar(Soort::Verblijfsobject),
            "Ligplaats" => Kind::Adresseerbaar(Soort::Ligplaats),
            "Standplaats" => Kind::Adresseerbaar(Soort::Standplaats),
            "Pand" => Kind::Pand,
            _ => Kind::Other,
        }
    }
}

/// The object being read: where it began and the fields so far.
struct Partial {
    kind: Kind,
    name: String,
    depth: usize,
    line: u64,
    fields: Vec<(&'static str, String)>,
}

impl Partial {
    fn one(&self, field: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    fn all(&self, field: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(f, v)| *f == field && !v.is_empty())
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn error(&self, melding: impl Into<String>) -> ExtractError {
        ExtractError {
            regel: self.line,
            element: Some(match self.one("identificatie") {
                Some(id) => format!("{} {id}", self.name),
                None => self.name.clone(),
            }),
            melding: melding.into(),
        }
    }

    fn required(&self, field: &str, dutch: &str) -> Result<String, ExtractError> {
        self.one(field)
            .map(str::to_string)
            .ok_or_else(|| self.error(format!("{dutch} ontbreekt")))
    }

    fn number<T: std::str::FromStr>(
        &self,
        field: &str,
        dutch: &str,
    ) -> Result<Option<T>, ExtractError> {
        self.one(field)
            .map(|v| {
                v.trim()
                    .parse()
                    .map_err(|_| self.error(format!("{dutch} is geen getal: {v:?}")))
            })
            .transpose()
    }

    /// The typed object, or `None` for an occurrence that is no longer current or a type Baken
    /// does not keep.
    fn finish(self) -> Result<Option<BagObject>, ExtractError> {
        if self.kind == Kind::Other || self.one("voorkomen/Voorkomen/eindGeldigheid").is_some() {
            return Ok(None);
        }
        let id = self.required("identificatie", "de identificatie")?;
        let status = self.one("status").unwrap_or_default().to_string();
        let object = match self.kind {
            Kind::Woonplaats => BagObject::Woonplaats(Woonplaats {
                id,
                naam: self.required("naam", "de naam")?,
                status,
            }),
            Kind::OpenbareRuimte => BagObject::OpenbareRuimte(OpenbareRuimte {
                id,
                naam: self.required("naam", "de naam")?,
                woonplaats: self.required("ligtIn/WoonplaatsRef", "de woonplaats (ligtIn)")?,
                status,
            }),
            Kind::Nummeraanduiding => BagObject::Nummeraanduiding(Nummeraanduiding {
                id,
                postcode: self
                    .one("postcode")
                    .map(|p| p.replace(' ', "").to_uppercase()),
                huisnummer: self
                    .number("huisnummer", "het huisnummer")?
                    .ok_or_else(|| self.error("het huisnummer ontbreekt"))?,
                huisletter: self.one("huisletter").map(str::to_string),
                toevoeging: self.one("huisnummertoevoeging").map(str::to_string),
                openbare_ruimte: self
                    .required("ligtAan/OpenbareRuimteRef", "de openbare ruimte (ligtAan)")?,
                woonplaats: self.one("ligtIn/WoonplaatsRef").map(str::to_string),
                status,
            }),
            Kind::Adresseerbaar(soort) => BagObject::Adresseerbaar(Adresseerbaar {
                id,
                soort,
                hoofdadres: self.required(
                    "heeftAlsHoofdadres/NummeraanduidingRef",
                    "het hoofdadres (heeftAlsHoofdadres)",
                )?,
                nevenadressen: self.all("heeftAlsNevenadres/NummeraanduidingRef"),
                gebruiksdoelen: self.all("gebruiksdoel"),
                oppervlakte: self.number("oppervlakte", "de oppervlakte")?,
                punt: self.point()?,
                panden: self.all("maaktDeelUitVan/PandRef"),
                status,
            }),
            Kind::Pand => BagObject::Pand(Pand {
                id,
                bouwjaar: self.number("oorspronkelijkBouwjaar", "het bouwjaar")?,
                status,
            }),
            Kind::Other => return Ok(None),
        };
        Ok(Some(object))
    }

    /// `gml:pos` holds "x y" or "x y z".
    fn point(&self) -> Result<Option<(f64, f64)>, ExtractError> {
        let Some(pos) = self.one("geometrie/punt/Point/pos") else {
            return Ok(None);
        };
        let mut parts = pos.split_whitespace().map(str::parse::<f64>);
        match (parts.next(), parts.next()) {
            (Some(Ok(x)), Some(Ok(y))) => Ok(Some((x, y))),
            _ => Err(self.error(format!("de plaats (gml:pos) is geen punt: {pos:?}"))),
        }
    }
}

/// Counts the lines the XML reader has consumed, for the error messages.
struct Lines<R> {
    inner: R,
    newlines: u64,
}

impl<R: BufRead> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.newlines += bytecount(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Lines<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    fn consume(&mut self, amount: usize) {
        // The buffer is already filled: this reads nothing, it looks at what is being consumed.
        if let Ok(buf) = self.inner.fill_buf() {
            self.newlines += bytecount(&buf[..amount.min(buf.len())]);
        }
        self.inner.consume(amount);
    }
}

fn bytecount(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b == b'\n').count() as u64
}

/// Reads the current objects of one extract file, in file order.
pub struct ExtractReader<R: BufRead> {
    xml: Reader<Lines<R>>,
    buf: Vec<u8>,
    /// Local names of the open elements, from the root.
    path: Vec<String>,
    object: Option<Partial>,
    /// The field whose text is being gathered, and the text so far.
    field: Option<(&'static str, String)>,
    /// Whether the root element was seen.
    started: bool,
    finished: bool,
}

impl<R: BufRead> ExtractReader<R> {
    pub fn new(input: R) -> Self {
        let mut xml = Reader::from_reader(Lines {
            inner: input,
            newlines: 0,
        });
        // Not trimmed per text event: an entity splits a text ("Heereweg &amp; Zn") into events
        // and trimming each would lose the spaces around it. A field is trimmed when it closes.
        xml.config_mut().trim_text(false);
        Self {
            xml,
            buf: Vec::with_capacity(4096),
            path: Vec::new(),
            object: None,
            field: None,
            started: false,
            finished: false,
        }
    }

    /// The line the reader is at (1-based).
    pub fn line(&self) -> u64 {
        self.xml.get_ref().newlines + 1
    }

    fn error(&self, melding: impl Into<String>) -> ExtractError {
        ExtractError {
            regel: self.line(),
            element: self.object.as_ref().map(|o| o.name.clone()),
            melding: melding.into(),
        }
    }

    fn open(&mut self, local: String) -> Result<(), ExtractError> {
        if self.path.is_empty() && self.started {
            return Err(self.error(format!("na het einde van het extract volgt nog <{local}>")));
        }
        if self.path.is_empty() && local != "bagStand" {
            return Err(self.error(format!(
                "geen BAG-extract (Standaard Levering): het bestand begint met <{local}>, niet met <sl-bag-extract:bagStand>"
            )));
        }
        if self.object.is_none() && self.path.last().is_some_and(|p| p == "bagObject") {
            self.object = Some(Partial {
                kind: Kind::of(&local),
                name: local.clone(),
                depth: self.path.len(),
                line: self.line(),
                fields: Vec::new(),
            });
        } else if let Some(object) = &self.object {
            let relative = self.path[object.depth + 1..]
                .iter()
                .map(String::as_str)
                .chain(std::iter::once(local.as_str()))
                .collect::<Vec<_>>()
                .join("/");
            self.field = FIELDS
                .iter()
                .find(|f| **f == relative)
                .map(|f| (*f, String::new()));
        }
        self.path.push(local);
        self.started = true;
        Ok(())
    }

    /// Closes the innermost element; the object when it was the object's own element.
    fn close(&mut self) -> Result<Option<BagObject>, ExtractError> {
        if let (Some((field, text)), Some(object)) = (self.field.take(), self.object.as_mut()) {
            let trimmed = text.trim();
            let text = if trimmed.len() == text.len() {
                text
            } else {
                trimmed.to_string()
            };
            object.fields.push((field, text));
        }
        self.path.pop();
        match &self.object {
            Some(object) if object.depth == self.path.len() => {
                let object = self.object.take().expect("an open object");
                object.finish()
            }
            _ => Ok(None),
        }
    }

    fn text(&mut self, text: &str) -> Result<(), ExtractError> {
        if let Some((field, gathered)) = &mut self.field {
            if gathered.len() + text.len() > MAX_FIELD {
                let field = *field;
                return Err(
                    self.error(format!("het veld {field} is langer dan {MAX_FIELD} tekens"))
                );
            }
            gathered.push_str(text);
        }
        Ok(())
    }

    /// The next current object, `None` at the end of the file.
    pub fn next_object(&mut self) -> Result<Option<BagObject>, ExtractError> {
        while !self.finished {
            // The event borrows the buffer, not the reader, so the reader can take it in.
            let mut buf = std::mem::take(&mut self.buf);
            buf.clear();
            let step = self.step(&mut buf);
            self.buf = buf;
            if let Some(object) = step? {
                return Ok(Some(object));
            }
        }
        Ok(None)
    }

    /// Reads one event: an object when it completes one.
    fn step(&mut self, buf: &mut Vec<u8>) -> Result<Option<BagObject>, ExtractError> {
        let event = match self.xml.read_event_into(buf) {
            Ok(event) => event,
            Err(e) => {
                self.finished = true;
                return Err(self.error(format!("geen geldige XML: {e}")));
            }
        };
        match event {
            Event::Start(e) => {
                self.open(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())?;
                Ok(None)
            }
            Event::Empty(e) => {
                self.open(String::from_utf8_lossy(e.local_name().as_ref()).into_owned())?;
                self.close()
            }
            Event::End(_) => self.close(),
            Event::Text(t) => {
                let text = t
                    .decode()
                    .map_err(|e| self.error(format!("geen UTF-8: {e}")))?;
                self.text(&text)?;
                Ok(None)
            }
            Event::CData(c) => {
                let text =
                    std::str::from_utf8(&c).map_err(|e| self.error(format!("geen UTF-8: {e}")))?;
                self.text(text)?;
                Ok(None)
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c,
                    Ok(None) => match &*r {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"apos" => '\'',
                        b"quot" => '"',
                        other => {
                            let name = String::from_utf8_lossy(other).into_owned();
                            return Err(self.error(format!("onbekende entiteit &{name};")));
                        }
                    },
                    Err(e) => return Err(self.error(format!("ongeldige tekenverwijzing: {e}"))),
                };
                self.text(resolved.encode_utf8(&mut [0; 4]))?;
                Ok(None)
            }
            Event::Eof => {
                self.finished = true;
                if self.path.is_empty() && !self.started {
                    return Err(self.error("het bestand is leeg"));
                }
                match self.path.last() {
                    Some(open) => Err(self.error(format!(
                        "het bestand houdt op binnen <{open}>: afgebroken of onvolledig"
                    ))),
                    None => Ok(None),
                }
            }
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => Ok(None),
        }
    }
}

impl<R: BufRead> Iterator for ExtractReader<R> {
    type Item = Result<BagObject, ExtractError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_object() {
            Ok(Some(object)) => Some(Ok(object)),
            Ok(None) => None,
            Err(e) => {
                self.finished = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests;
