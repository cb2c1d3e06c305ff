//! Municipalities (gemeenten): each is a separate data controller served by the werkorganisatie.

use serde::{Deserialize, Serialize};

/// A CBS municipality code such as `GM0534`: `GM` followed by four digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct GemeenteCode(String);

impl GemeenteCode {
    pub fn parse(input: &str) -> Result<Self, String> {
        let code = input.trim().to_ascii_uppercase();
        let valid = code.len() == 6
            && code.starts_with("GM")
            && code[2..].bytes().all(|b| b.is_ascii_digit());
        if valid {
            Ok(Self(code))
        } else {
            Err("Een gemeentecode bestaat uit GM en vier cijfers, bijvoorbeeld GM0534.".into())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for GemeenteCode {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<GemeenteCode> for String {
    fn from(value: GemeenteCode) -> Self {
        value.0
    }
}

impl std::fmt::Display for GemeenteCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A municipality's name: 1 to 100 characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GemeenteNaam(String);

impl GemeenteNaam {
    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim();
        if name.is_empty() {
            Err("Vul de naam van de gemeente in.".into())
        } else if name.chars().count() > 100 {
            Err("De naam van de gemeente mag hoogstens 100 tekens lang zijn.".into())
        } else if name.chars().any(char::is_control) {
            Err("De naam van de gemeente bevat een ongeldig teken.".into())
        } else {
            Ok(Self(name.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for GemeenteNaam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A municipality served by the werkorganisatie.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Gemeente {
    pub code: GemeenteCode,
    pub naam: GemeenteNaam,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_gm_and_four_digits() {
        assert_eq!(GemeenteCode::parse("gm0534").unwrap().as_str(), "GM0534");
        for bad in ["", "GM534", "GM05345", "XX0534", "GM05a4", "0534"] {
            assert!(GemeenteCode::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(GemeenteNaam::parse("  Lisse ").unwrap().as_str(), "Lisse");
        assert!(GemeenteNaam::parse("   ").is_err());
        assert!(GemeenteNaam::parse(&"a".repeat(101)).is_err());
    }
}
