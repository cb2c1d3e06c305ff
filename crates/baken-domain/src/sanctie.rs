//! What Baken keeps of sanctions and PEP lists in its local register: FollowTheMoney entities as
//! OpenSanctions publishes them (`entities.ftm.json`, one entity a line). Every property is a list
//! of strings; the ones Baken looks up by are kept apart, the rest as the source gave them.

use unicode_normalization::UnicodeNormalization;

/// One FollowTheMoney entity: a person, a company, a sanction, an address, a relation…
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SanctieEntiteit {
    pub id: String,
    /// The FtM schema (`Person`, `Company`, `Sanction`, …).
    pub schema: String,
    /// The name to show (OpenSanctions' `caption`, else the first name).
    pub caption: String,
    /// `name` and `alias` (not `weakAlias`): what a name look-up finds it by.
    pub namen: Vec<String>,
    pub geboortedata: Vec<String>,
    /// ISO country codes (`country`, `nationality`), lower case.
    pub landen: Vec<String>,
    /// `sanction`, `role.pep`, `role.rca`, `debarment`, …
    pub topics: Vec<String>,
    pub datasets: Vec<String>,
    /// `registrationNumber` and `idNumber`: a KvK number, a passport number.
    pub nummers: Vec<String>,
    /// Every property as the source gave it, as a JSON object with sorted keys.
    pub properties: String,
}

impl SanctieEntiteit {
    /// Whether the entity is a target (a person or company on a list) rather than a relation.
    pub fn is_persoon_of_organisatie(&self) -> bool {
        matches!(
            self.schema.as_str(),
            "Person" | "Company" | "Organization" | "LegalEntity" | "PublicBody"
        )
    }
}

/// The form a name is looked up by: lower case, without diacritics, punctuation as spaces, single
/// spaces. `Ruud  van der Meer-Ödegaard` → `ruud van der meer odegaard`.
pub fn naam_sleutel(naam: &str) -> String {
    let mut out = String::with_capacity(naam.len());
    let mut space = true;
    for c in naam.nfkd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_looked_up_without_case_diacritics_or_punctuation() {
        assert_eq!(
            naam_sleutel("  Ruud  van der Meer-Ödegaard "),
            "ruud van der meer odegaard"
        );
        assert_eq!(naam_sleutel("ÇAĞLAR, Ümit"), "caglar umit");
        assert_eq!(naam_sleutel("Café 't Hoekje B.V."), "cafe t hoekje b v");
        assert_eq!(naam_sleutel("---"), "");
    }
}
