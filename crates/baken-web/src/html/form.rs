//! Form state for pages that re-render with every error next to its field and all input kept.

use baken_domain::ValidationErrors;
use std::collections::BTreeMap;

/// One field, ready for `partials/field.html`.
pub struct Field {
    pub name: String,
    pub label: String,
    /// `text`, `date`, `datetime-local`, `textarea`, `select`.
    pub kind: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub hint: Option<&'static str>,
    pub options: Vec<(String, String)>,
}

/// Submitted values and errors, both keyed by the form's field names.
#[derive(Default)]
pub struct FormState {
    pub values: BTreeMap<String, String>,
    pub multi: BTreeMap<String, Vec<String>>,
    pub errors: ValidationErrors,
}

impl FormState {
    pub fn value(&self, name: &str) -> String {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn has(&self, name: &str, value: &str) -> bool {
        self.multi
            .get(name)
            .is_some_and(|v| v.iter().any(|x| x == value))
    }

    pub fn error(&self, name: &str) -> Option<String> {
        self.errors.for_field(name).map(str::to_string)
    }

    pub fn field(&self, name: &str, label: &str, kind: &'static str) -> Field {
        Field {
            name: name.into(),
            label: label.into(),
            kind,
            value: self.value(name),
            error: self.error(name),
            hint: None,
            options: vec![],
        }
    }

    pub fn hinted(&self, name: &str, label: &str, kind: &'static str, hint: &'static str) -> Field {
        Field {
            hint: Some(hint),
            ..self.field(name, label, kind)
        }
    }

    pub fn select(&self, name: &str, label: &str, options: Vec<(String, String)>) -> Field {
        Field {
            options,
            ..self.field(name, label, "select")
        }
    }

    pub fn select_hinted(
        &self,
        name: &str,
        label: &str,
        options: Vec<(String, String)>,
        hint: &'static str,
    ) -> Field {
        Field {
            hint: Some(hint),
            ..self.select(name, label, options)
        }
    }
}

/// `camelCase` API field names to `snake_case` form names.
pub fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else if c == '.' {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// The same errors under the names a page's form uses.
pub fn renamed(errors: &ValidationErrors, name: impl Fn(&str) -> String) -> ValidationErrors {
    let mut out = ValidationErrors::new();
    for e in errors.iter() {
        out.add_code(name(&e.name), e.code, e.reason.clone());
    }
    out
}

/// The value a form sent under `name` (the first), or empty.
pub fn value(fields: &[(String, String)], name: &str) -> String {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// Every value a form sent under `name` (checkboxes).
pub fn values(fields: &[(String, String)], name: &str) -> Vec<String> {
    fields
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
}

/// A form's input kept as it was sent, to render it again with its errors.
pub fn keep(fields: &[(String, String)]) -> FormState {
    let mut form = FormState::default();
    for (k, v) in fields {
        form.values.insert(k.clone(), v.clone());
    }
    form
}

/// The page of a dossier: a case's or a signal's.
pub fn dossier_path(soort: baken_domain::dossier::DossierSoort, id: uuid::Uuid) -> String {
    match soort {
        baken_domain::dossier::DossierSoort::Casus => format!("/casussen/{id}"),
        baken_domain::dossier::DossierSoort::Signaal => format!("/signalen/{id}"),
    }
}
