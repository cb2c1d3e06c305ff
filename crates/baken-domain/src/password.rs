//! The password policy: at least 12 characters and not a commonly used password.
//!
//! A list of whole passwords of 12 characters or more would catch little, because people reach the
//! minimum length by padding a common word ("Wachtwoord2026!"). So the check strips digits, punctuation
//! and keyboard runs from both ends and compares what remains with a list of words that top every
//! leaked-password list, Dutch ones included.

/// Minimum length in characters (not bytes).
pub const MIN_LENGTH: usize = 12;
/// Maximum length, to bound the hashing work an attacker can ask for.
pub const MAX_LENGTH: usize = 256;

const COMMON_BASES: &[&str] = &[
    "password",
    "passwort",
    "wachtwoord",
    "wachtwoorden",
    "welkom",
    "welcome",
    "qwerty",
    "qwertyuiop",
    "azerty",
    "asdfgh",
    "asdfghjkl",
    "zxcvbnm",
    "letmein",
    "iloveyou",
    "ikhouvanjou",
    "admin",
    "administrator",
    "beheerder",
    "root",
    "toor",
    "master",
    "dragon",
    "monkey",
    "football",
    "voetbal",
    "baseball",
    "princess",
    "sunshine",
    "shadow",
    "superman",
    "batman",
    "trustno",
    "starwars",
    "hello",
    "hallo",
    "hallohallo",
    "secret",
    "geheim",
    "geheimpje",
    "abc",
    "abcdef",
    "abcdefgh",
    "changeme",
    "veranderen",
    "default",
    "gemeente",
    "ondermijning",
    "baken",
    "bakenbaken",
    "test",
    "testtest",
    "testing",
    "user",
    "gebruiker",
    "login",
    "inloggen",
    "aanmelden",
    "zomer",
    "winter",
    "lente",
    "herfst",
    "summer",
    "autumn",
    "spring",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "ajax",
    "feyenoord",
    "psv",
    "amsterdam",
    "rotterdam",
    "utrecht",
    "denhaag",
    "nederland",
    "holland",
    "oranje",
    "michael",
    "jordan",
    "charlie",
    "thomas",
    "jessica",
    "ashley",
    "daniel",
    "computer",
    "internet",
    "whatever",
    "freedom",
    "mustang",
    "access",
    "killer",
    "pepper",
    "cheese",
    "flower",
    "lovely",
    "loveme",
    "blabla",
    "poepchinees",
    "kanker",
    "klootzak",
    "lekker",
    "schatje",
    "liefje",
    "qazwsx",
    "qazwsxedc",
    "zaq",
    "zaqxsw",
    "passw",
    "pass",
    "pw",
    "wachtwoordje",
    "veilig",
    "onveilig",
    "security",
    "beveiliging",
    "nietsnuts",
    "niks",
    "nothing",
    "password123",
];

const KEYBOARD_RUNS: &[&str] = &[
    "1234567890",
    "0987654321",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
];

/// Checks a new password against the policy. Returns the Dutch reason when it is refused.
pub fn check_new_password(password: &str) -> Result<(), String> {
    let length = password.chars().count();
    if length < MIN_LENGTH {
        return Err(format!(
            "Een wachtwoord moet minstens {MIN_LENGTH} tekens lang zijn."
        ));
    }
    if length > MAX_LENGTH {
        return Err(format!(
            "Een wachtwoord mag hoogstens {MAX_LENGTH} tekens lang zijn."
        ));
    }
    if is_common(password) {
        return Err(
            "Dit wachtwoord komt voor op een lijst van veelgebruikte wachtwoorden. Kies een ander."
                .into(),
        );
    }
    Ok(())
}

fn is_common(password: &str) -> bool {
    let lowered = password.to_lowercase();
    let distinct: std::collections::BTreeSet<char> = lowered.chars().collect();
    if distinct.len() <= 3 {
        return true;
    }
    if KEYBOARD_RUNS
        .iter()
        .any(|run| run.contains(lowered.as_str()))
    {
        return true;
    }
    let core = lowered.trim_matches(|c: char| !c.is_alphabetic());
    let squashed: String = core.chars().filter(|c| c.is_alphanumeric()).collect();
    let letters_only: String = core.chars().filter(|c| c.is_alphabetic()).collect();
    let base_is_common = |candidate: &str| {
        COMMON_BASES.contains(&candidate)
            || COMMON_BASES
                .iter()
                .any(|base| candidate.len() <= base.len() * 2 && candidate == base.repeat(2))
    };
    squashed.is_empty() || base_is_common(&squashed) || base_is_common(&letters_only)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_short_is_refused() {
        assert!(check_new_password("Kort!1").unwrap_err().contains("12"));
    }

    #[test]
    fn padded_common_words_are_refused() {
        for pw in [
            "Wachtwoord2026!",
            "password1234",
            "Welkom123456",
            "123456789012",
            "qwertyuiop12",
            "aaaaaaaaaaaaaaa",
            "!!Geheim!!2025",
            "Zomer2026!!!!",
            "testtesttest",
        ] {
            assert!(check_new_password(pw).is_err(), "{pw} accepted");
        }
    }

    #[test]
    fn uncommon_long_passwords_are_accepted() {
        for pw in [
            "paars-fietsrek-lantaarn",
            "Tulpen bloeien in april 7x",
            "k9#Vq2!mZr8@Lw",
        ] {
            assert_eq!(check_new_password(pw), Ok(()), "{pw} refused");
        }
    }
}
