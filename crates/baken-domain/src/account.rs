//! Accounts: users, their e-mail addresses, names and roles.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user's identity. Random (v4) so that ids reveal neither order nor time of creation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub Uuid);

impl UserId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for UserId {
    fn default() -> Self {
        Self::new()
    }
}

impl std::fmt::Display for UserId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An e-mail address used as sign-in name: trimmed, lower-cased, one `@`, a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Self, String> {
        let email = input.trim().to_lowercase();
        let invalid =
            || Err("Vul een geldig e-mailadres in, bijvoorbeeld naam@gemeente.nl.".to_string());
        if email.len() > 254 || email.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return invalid();
        }
        let Some((local, domain)) = email.split_once('@') else {
            return invalid();
        };
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && domain.split('.').all(|label| !label.is_empty());
        if local.is_empty() || !domain_ok {
            return invalid();
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Email> for String {
    fn from(value: Email) -> Self {
        value.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's display name: 1 to 200 characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(input: &str) -> Result<Self, String> {
        let name = input.trim();
        if name.is_empty() {
            Err("Vul een naam in.".into())
        } else if name.chars().count() > 200 {
            Err("Een naam mag hoogstens 200 tekens lang zijn.".into())
        } else if name.chars().any(char::is_control) {
            Err("De naam bevat een ongeldig teken.".into())
        } else {
            Ok(Self(name.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DisplayName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The roles of PRODUCT.md. A user may hold several; what each allows is decided in [`crate::authz`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Teamlid,
    Analist,
    Coordinator,
    Privacyfunctionaris,
    Jurist,
    Burgemeester,
    Beheerder,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Teamlid,
        Role::Analist,
        Role::Coordinator,
        Role::Privacyfunctionaris,
        Role::Jurist,
        Role::Burgemeester,
        Role::Beheerder,
    ];

    /// The stable identifier used in the CLI, the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Teamlid => "teamlid",
            Role::Analist => "analist",
            Role::Coordinator => "coordinator",
            Role::Privacyfunctionaris => "privacyfunctionaris",
            Role::Jurist => "jurist",
            Role::Burgemeester => "burgemeester",
            Role::Beheerder => "beheerder",
        }
    }

    /// The Dutch label shown in the interface.
    pub fn label(self) -> &'static str {
        match self {
            Role::Teamlid => "Teamlid",
            Role::Analist => "Analist",
            Role::Coordinator => "Coördinator",
            Role::Privacyfunctionaris => "Privacyfunctionaris",
            Role::Jurist => "Jurist",
            Role::Burgemeester => "Burgemeester",
            Role::Beheerder => "Beheerder",
        }
    }

    pub fn parse(input: &str) -> Result<Self, String> {
        let wanted = input.trim().to_lowercase();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == wanted)
            .ok_or_else(|| {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
                format!(
                    "Onbekende rol '{}'. Kies uit: {}.",
                    input.trim(),
                    known.join(", ")
                )
            })
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" A.Jansen@Hillegom.NL ").unwrap().as_str(),
            "a.jansen@hillegom.nl"
        );
        for bad in [
            "",
            "jansen",
            "@hillegom.nl",
            "a@b",
            "a@@b.nl",
            "a b@c.nl",
            "a@b..nl",
            "a@.nl",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert!(Role::parse("admin").unwrap_err().contains("beheerder"));
    }
}
