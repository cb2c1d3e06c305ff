//! Sanctions and PEP lists as FollowTheMoney entities, one JSON object a line, as OpenSanctions
//! publishes them (`entities.ftm.json`): `{"id", "schema", "properties": {"name": ["…"], …}}` with
//! OpenSanctions' `caption`, `datasets`, `target`, … beside them. Every property is a list of
//! strings. Read in constant memory; a line that is not such an entity (or a file that breaks
//! off mid-line) is refused with its line number.

use crate::LeesFout;
use baken_domain::sanctie::SanctieEntiteit;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::BufRead;

/// The longest line read (a large entity is some kilobytes; a line of more is not FtM data).
const MAX_LINE: usize = 4 * 1024 * 1024;

/// Reads entities line by line.
pub struct FtmReader<R: BufRead> {
    input: R,
    line: u64,
    buf: Vec<u8>,
}

fn fout(regel: u64, element: Option<String>, melding: impl Into<String>) -> LeesFout {
    LeesFout {
        regel,
        element,
        melding: melding.into(),
    }
}

fn strings(properties: &BTreeMap<String, Vec<String>>, keys: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for key in keys {
        for value in properties.get(*key).into_iter().flatten() {
            if !out.contains(value) {
                out.push(value.clone());
            }
        }
    }
    out
}

/// One line to an entity, or why not.
fn entity(value: Value) -> Result<SanctieEntiteit, (Option<String>, String)> {
    let Value::Object(mut object) = value else {
        return Err((None, "geen FtM-entiteit (een JSON-object verwacht)".into()));
    };
    let id = match object.remove("id") {
        Some(Value::String(id)) if !id.trim().is_empty() && id.len() <= 200 => id,
        _ => return Err((None, "id: ontbreekt of is geen tekst".into())),
    };
    let element = Some(id.clone());
    let schema = match object.remove("schema") {
        Some(Value::String(s)) if !s.is_empty() && s.len() <= 100 => s,
        _ => return Err((element, "schema: ontbreekt of is geen tekst".into())),
    };
    let mut properties: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match object.remove("properties") {
        Some(Value::Object(map)) => {
            for (key, values) in map {
                let Value::Array(values) = values else {
                    return Err((element, format!("properties.{key}: geen lijst")));
                };
                let mut texts = Vec::with_capacity(values.len());
                for v in values {
                    match v {
                        Value::String(t) => texts.push(t),
                        // Nested entities (targets.nested.json) are not this format.
                        _ => {
                            return Err((
                                element,
                                format!("properties.{key}: een waarde is geen tekst"),
                            ));
                        }
                    }
                }
                properties.insert(key, texts);
            }
        }
        None => {}
        Some(_) => return Err((element, "properties: geen object".into())),
    }
    let list = |object: &serde_json::Map<String, Value>, key: &str| -> Vec<String> {
        object
            .get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let namen = strings(&properties, &["name", "alias"]);
    let caption = object
        .get("caption")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| namen.first().cloned())
        .unwrap_or_else(|| id.clone());
    let landen = strings(
        &properties,
        &["country", "nationality", "citizenship", "jurisdiction"],
    )
    .into_iter()
    .map(|c| c.to_lowercase())
    .collect();
    Ok(SanctieEntiteit {
        geboortedata: strings(&properties, &["birthDate"]),
        topics: strings(&properties, &["topics"]),
        nummers: strings(
            &properties,
            &["registrationNumber", "idNumber", "taxNumber"],
        ),
        datasets: list(&object, "datasets"),
        properties: serde_json::to_string(&properties).expect("strings serialise"),
        id,
        schema,
        caption,
        namen,
        landen,
    })
}

/// One FtM entity given as JSON (a yente result), or what is wrong with it.
pub(crate) fn uit_json(value: Value) -> Result<SanctieEntiteit, String> {
    entity(value).map_err(|(_, reden)| reden)
}

impl<R: BufRead> FtmReader<R> {
    pub fn new(input: R) -> Self {
        Self {
            input,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The line read last.
    pub fn line(&self) -> u64 {
        self.line
    }

    pub fn next_entiteit(&mut self) -> Result<Option<SanctieEntiteit>, LeesFout> {
        loop {
            self.buf.clear();
            let read = std::io::Read::take(&mut self.input, MAX_LINE as u64 + 1)
                .read_until(b'\n', &mut self.buf)
                .map_err(|e| fout(self.line + 1, None, format!("niet te lezen: {e}")))?;
            if read == 0 {
                return Ok(None);
            }
            self.line += 1;
            if self.buf.len() > MAX_LINE {
                return Err(fout(
                    self.line,
                    None,
                    "deze regel is te lang voor een FtM-entiteit",
                ));
            }
            if !self.buf.ends_with(b"\n") {
                // The last line of a whole file ends in a newline too; without one the file
                // broke off, unless what is there is a complete entity.
                if serde_json::from_slice::<Value>(&self.buf).is_err() {
                    return Err(fout(
                        self.line,
                        None,
                        "het bestand houdt midden in een entiteit op",
                    ));
                }
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let value: Value = serde_json::from_slice(&self.buf).map_err(|e| {
                fout(
                    self.line,
                    None,
                    format!("geen geldige JSON (kolom {}): {e}", e.column()),
                )
            })?;
            return entity(value)
                .map(Some)
                .map_err(|(element, melding)| fout(self.line, element, melding));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &str = r#"{"id": "NK-abc", "schema": "Person", "caption": "Ümit Çağlar", "datasets": ["nl_terrorism_list"], "properties": {"name": ["Ümit Çağlar"], "alias": ["U. Caglar", "Ümit Çağlar"], "birthDate": ["1982-04"], "nationality": ["NL", "tr"], "topics": ["sanction"]}}
{"id": "NK-def", "schema": "Company", "properties": {"name": ["Voorbeeld Holding B.V."], "registrationNumber": ["68750110"], "jurisdiction": ["nl"]}}

{"id": "sanc-1", "schema": "Sanction", "properties": {"entity": ["NK-abc"], "program": ["EU"]}}
"#;

    #[test]
    fn entities_are_read_line_by_line() {
        let mut reader = FtmReader::new(LINES.as_bytes());
        let person = reader.next_entiteit().unwrap().unwrap();
        assert_eq!(person.id, "NK-abc");
        assert_eq!(person.caption, "Ümit Çağlar");
        assert_eq!(person.namen, ["Ümit Çağlar", "U. Caglar"]);
        assert_eq!(person.landen, ["nl", "tr"]);
        assert_eq!(person.topics, ["sanction"]);
        assert_eq!(person.datasets, ["nl_terrorism_list"]);
        assert!(person.properties.starts_with(r#"{"alias":"#));
        let company = reader.next_entiteit().unwrap().unwrap();
        assert_eq!(company.caption, "Voorbeeld Holding B.V.");
        assert_eq!(company.nummers, ["68750110"]);
        let sanction = reader.next_entiteit().unwrap().unwrap();
        assert_eq!(sanction.schema, "Sanction");
        assert!(!sanction.is_persoon_of_organisatie());
        assert_eq!(reader.line(), 4);
        assert!(reader.next_entiteit().unwrap().is_none());
    }

    #[test]
    fn a_wrong_or_cut_line_is_refused_with_its_number() {
        let cut = &LINES[..LINES.len() - 30];
        let mut reader = FtmReader::new(cut.as_bytes());
        reader.next_entiteit().unwrap();
        reader.next_entiteit().unwrap();
        let e = reader.next_entiteit().unwrap_err();
        assert_eq!(e.regel, 4);
        assert!(e.melding.contains("midden in een entiteit"), "{e}");

        let bad = LINES.replace(r#""birthDate": ["1982-04"]"#, r#""birthDate": [1982]"#);
        let e = FtmReader::new(bad.as_bytes()).next_entiteit().unwrap_err();
        assert_eq!((e.regel, e.element.as_deref()), (1, Some("NK-abc")));
        assert!(e.melding.contains("properties.birthDate"), "{e}");

        let e = FtmReader::new("{\"schema\": \"Person\"}\n".as_bytes())
            .next_entiteit()
            .unwrap_err();
        assert!(e.melding.starts_with("id:"), "{e}");
        let e = FtmReader::new("niet json\n".as_bytes())
            .next_entiteit()
            .unwrap_err();
        assert!(e.melding.starts_with("geen geldige JSON"), "{e}");
    }
}
