//! Field errors collected across a whole input, so a form or API call reports every problem at once.

use serde::Serialize;

/// One invalid field: its (API) name, a reason in Dutch fit to show to a civil servant, and a
/// machine-readable code (`invalidParams[].code` in the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub name: String,
    pub reason: String,
    /// `verplicht` (missing), `formaat` (not of the expected form), `elfproef` (a BSN or RSIN that
    /// fails the eleven-test), `onbekend` (not one of the allowed values), `te-lang`, `type` (a JSON
    /// value of the wrong type), `ongeldig-teken` (a NUL character), `ongeldig` (anything else).
    pub code: &'static str,
}

/// The code of a reason given without one: derived from how Baken's reasons are phrased (every
/// parser's "Vul … in" is a missing value, "Hoogstens …" a length, "Kies …"/"Onbekende …" a value
/// outside a vocabulary, a failed eleven-test names it). A caller that knows better uses
/// [`ValidationErrors::add_code`].
fn classify(reason: &str, from_parser: bool) -> &'static str {
    let r = reason.to_lowercase();
    if r.contains("elfproef") {
        "elfproef"
    } else if (r.starts_with("vul ") && !r.contains("geldig"))
        || ["beschrijf", "geef ", "motiveer", "noem "]
            .iter()
            .any(|verb| r.starts_with(verb))
    {
        "verplicht"
    } else if r.contains("geen geldige") || r.starts_with("ongeldige") {
        "formaat"
    } else if r.starts_with("hoogstens") || r.contains("te lang") {
        "te-lang"
    } else if r.starts_with("kies ") || r.starts_with("onbekende") {
        "onbekend"
    } else if from_parser {
        "formaat"
    } else {
        "ongeldig"
    }
}

/// All field errors of one input. Empty means valid.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ValidationErrors(Vec<FieldError>);

impl ValidationErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn add(&mut self, name: impl Into<String>, reason: impl Into<String>) {
        let reason = reason.into();
        let code = classify(&reason, false);
        self.add_code(name, code, reason);
    }

    /// An error with an explicit code (see [`FieldError::code`]).
    pub fn add_code(
        &mut self,
        name: impl Into<String>,
        code: &'static str,
        reason: impl Into<String>,
    ) {
        self.0.push(FieldError {
            name: name.into(),
            reason: reason.into(),
            code,
        });
    }

    /// Runs a parser and records its error under `name`; returns the parsed value when valid.
    pub fn check<T>(&mut self, name: &str, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(reason) => {
                let code = classify(&reason, true);
                self.add_code(name, code, reason);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &FieldError> {
        self.0.iter()
    }

    /// The reason recorded for a field, for rendering it next to that field.
    pub fn for_field(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.reason.as_str())
    }

    /// The same errors with the field `from` named `to` (a rule of one form reported at the
    /// field of another that uses it).
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        for e in &mut self.0 {
            if e.name == from {
                e.name = to.to_string();
            }
        }
        self
    }

    /// `Ok(())` when empty, else the errors themselves.
    pub fn into_result(self) -> Result<(), ValidationErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }
}

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}: {}", e.name, e.reason))
            .collect();
        f.write_str(&parts.join("; "))
    }
}

impl std::error::Error for ValidationErrors {}

/// The reason given for a text with a NUL character.
pub const NUL_REDEN: &str = "Deze tekst bevat een ongeldig teken (NUL).";

/// The fields of a JSON value whose text holds a NUL character, as `a.b[0].c`: no database stores
/// one alike (PostgreSQL refuses it), so it is invalid input everywhere.
pub fn nul_fields(value: &serde_json::Value) -> Vec<String> {
    fn walk(value: &serde_json::Value, path: &str, found: &mut Vec<String>) {
        match value {
            serde_json::Value::String(s) if s.contains('\0') => found.push(path.to_string()),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    walk(item, &format!("{path}[{i}]"), found);
                }
            }
            serde_json::Value::Object(map) => {
                for (key, item) in map {
                    let name = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    if key.contains('\0') {
                        found.push(name.clone());
                    }
                    walk(item, &name, found);
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(value, "", &mut found);
    found
}

/// Adds an error for every text field of `input` (serialised as the API names it) with a NUL.
pub fn check_nul(input: &impl serde::Serialize, errors: &mut ValidationErrors) {
    if let Ok(value) = serde_json::to_value(input) {
        for field in nul_fields(&value) {
            errors.add_code(field, "ongeldig-teken", NUL_REDEN);
        }
    }
}

/// Serde: an optional text field that also accepts a whole JSON number (written as its digits).
pub fn text_or_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    struct Visitor;
    impl serde::de::Visitor<'_> for Visitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a string or a whole number")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(Visitor)
}

#[cfg(test)]
mod code_tests {
    #[test]
    fn reasons_get_codes() {
        let mut e = super::ValidationErrors::new();
        e.add("a", "Vul de datum van ontvangst in.");
        e.add("b", "Hoogstens 4000 tekens.");
        e.add("c", "Kies een van: persoon, organisatie.");
        e.add("d", "Deze medewerker kan hier niets.");
        e.check::<()>("e", Err("Dit BSN voldoet niet aan de elfproef.".into()));
        e.check::<()>(
            "f",
            Err("Een postcode is vier cijfers en twee letters.".into()),
        );
        e.check::<()>(
            "g",
            Err("Vul een geldige datum in, bijvoorbeeld 2026-11-28.".into()),
        );
        let codes: Vec<&str> = e.iter().map(|f| f.code).collect();
        assert_eq!(
            codes,
            [
                "verplicht",
                "te-lang",
                "onbekend",
                "ongeldig",
                "elfproef",
                "formaat",
                "formaat"
            ]
        );
    }
}

#[cfg(test)]
mod nul_tests {
    #[test]
    fn every_text_with_a_nul_is_named() {
        let value = serde_json::json!({"a": "ok", "b": "x\u{0}y", "c": [{"d": "\u{0}"}], "e": 1});
        assert_eq!(super::nul_fields(&value), ["b", "c[0].d"]);
    }
}
