//! Signals: where they come from, what they are about, how reliable they are, and their status.

use serde::{Deserialize, Serialize};

use crate::vocabulary::vocabulary;

vocabulary!(
    /// Where a signal came from.
    Bron {
        MeldMisdaadAnoniem = "meld-misdaad-anoniem", "Meld Misdaad Anoniem";
        Politie = "politie", "Politie";
        InterneAfdeling = "interne-afdeling", "Interne afdeling";
        Toezicht = "toezicht", "Toezichthouder / BOA";
        Omgevingsdienst = "omgevingsdienst", "Omgevingsdienst";
        Inwoner = "inwoner", "Inwoner";
        SociaalDomein = "sociaal-domein", "Sociaal domein";
        Partner = "partner", "Partner";
        Riec = "riec", "RIEC";
        AndereGemeente = "andere-gemeente", "Andere gemeente";
        EigenWaarneming = "eigen-waarneming", "Eigen waarneming";
    }
);

vocabulary!(
    /// The kind of police information, when the source is the police.
    PolitieStuk {
        BestuurlijkeRapportage = "bestuurlijke-rapportage", "Bestuurlijke rapportage";
        Hennepinformatiebericht = "hennepinformatiebericht", "Hennepinformatiebericht";
        Overig = "overig", "Overige politie-informatie";
    }
);

vocabulary!(
    /// Phenomena of subversive crime.
    Fenomeen {
        Hennep = "hennep", "Hennepteelt";
        Drugslab = "drugslab", "Drugslab";
        Drugshandel = "drugshandel", "Drugshandel";
        Witwassen = "witwassen", "Witwassen";
        Vastgoed = "vastgoed", "Vastgoed";
        Mensenhandel = "mensenhandel", "Mensenhandel / arbeidsuitbuiting";
        Zorgfraude = "zorgfraude", "Zorgfraude";
        Adresfraude = "adresfraude", "Adresfraude";
        IllegaleProstitutie = "illegale-prostitutie", "Illegale prostitutie";
        Motorclubs = "motorclubs", "Motorclubs (OMG)";
        Milieucriminaliteit = "milieucriminaliteit", "Milieucriminaliteit";
        Overig = "overig", "Overig";
    }
);

vocabulary!(
    /// Reliability of the source (police practice: A reliable … C unreliable, X unknown).
    BronBetrouwbaarheid {
        A = "a", "A – betrouwbaar";
        B = "b", "B – meestal betrouwbaar";
        C = "c", "C – niet betrouwbaar";
        X = "x", "X – onbekend";
    }
);

vocabulary!(
    /// Reliability of the information (1 confirmed … 4 doubtful).
    InfoBetrouwbaarheid {
        Bevestigd = "1", "1 – bevestigd";
        BekendBijBron = "2", "2 – bekend bij de bron";
        NietBekendBijBron = "3", "3 – niet bekend bij de bron";
        Twijfelachtig = "4", "4 – twijfelachtig";
    }
);

vocabulary!(
    /// The status of a signal (CCV model: intake, weighing, source research, outcome).
    SignaalStatus {
        Ontvangen = "ontvangen", "Ontvangen";
        Intake = "intake", "Intake";
        Weging = "weging", "Weging";
        BuitenScope = "buiten-scope", "Buiten scope";
        GeenActie = "geen-actie", "Geen actie";
        Monitoren = "monitoren", "Monitoren";
        DoorgezetIntern = "doorgezet-intern", "Doorgezet naar afdeling";
        DoorgezetRiec = "doorgezet-riec", "Doorgezet naar RIEC";
        DoorgezetPolitie = "doorgezet-politie", "Doorgezet naar politie";
        Bronnenonderzoek = "bronnenonderzoek", "Bronnenonderzoek";
        NaarCasus = "naar-casus", "Naar casus";
        Samengevoegd = "samengevoegd", "Samengevoegd";
    }
);

impl SignaalStatus {
    /// Statuses that end the signal's own work (a retention period can start).
    pub fn is_closed(self) -> bool {
        use SignaalStatus::*;
        matches!(
            self,
            BuitenScope
                | GeenActie
                | DoorgezetIntern
                | DoorgezetRiec
                | DoorgezetPolitie
                | NaarCasus
                | Samengevoegd
        )
    }

    /// The transitions the CCV model allows. The privacy protocol (configuration) may narrow them.
    pub fn may_become(self, next: SignaalStatus) -> bool {
        use SignaalStatus::*;
        match self {
            Ontvangen => matches!(next, Intake | Samengevoegd),
            Intake => matches!(next, Weging | BuitenScope | Samengevoegd),
            Weging => matches!(
                next,
                GeenActie
                    | Monitoren
                    | DoorgezetIntern
                    | DoorgezetRiec
                    | DoorgezetPolitie
                    | Bronnenonderzoek
                    | Samengevoegd
            ),
            Monitoren => matches!(next, Weging | GeenActie),
            Bronnenonderzoek => matches!(
                next,
                GeenActie | DoorgezetIntern | NaarCasus | DoorgezetRiec
            ),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip_and_name_the_choices() {
        for bron in Bron::ALL {
            assert_eq!(Bron::parse(bron.as_str()), Ok(*bron));
        }
        for f in Fenomeen::ALL {
            assert_eq!(Fenomeen::parse(f.as_str()), Ok(*f));
        }
        assert_eq!(Bron::ALL.len(), 11);
        assert_eq!(Fenomeen::ALL.len(), 12);
        assert!(
            Bron::parse("krant")
                .unwrap_err()
                .contains("meld-misdaad-anoniem")
        );
        assert_eq!(
            serde_json::to_string(&Fenomeen::IllegaleProstitutie).unwrap(),
            "\"illegale-prostitutie\""
        );
    }

    #[test]
    fn closed_statuses_have_no_way_out() {
        for from in SignaalStatus::ALL {
            for to in SignaalStatus::ALL {
                if from.is_closed() {
                    assert!(!from.may_become(*to), "{from} -> {to}");
                }
            }
        }
        assert!(SignaalStatus::Ontvangen.may_become(SignaalStatus::Intake));
        assert!(!SignaalStatus::Ontvangen.may_become(SignaalStatus::Bronnenonderzoek));
    }
}

/// Signal input as typed into the intake form, sent to the API or read from an import file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SignaalInvoer {
    pub gemeente: String,
    pub ontvangstdatum: String,
    pub waargenomen_op: Option<String>,
    pub bron: String,
    pub politie_stuk: Option<String>,
    pub melder: Option<MelderInvoer>,
    pub omschrijving: String,
    pub fenomenen: Vec<String>,
    pub indicatoren: Option<String>,
    pub bron_betrouwbaarheid: Option<String>,
    pub informatie_betrouwbaarheid: Option<String>,
    pub toegewezen_aan: Option<String>,
    pub subjecten: Vec<crate::entiteit::EntiteitInvoer>,
    pub objecten: Vec<crate::entiteit::EntiteitInvoer>,
}

/// Who reported it, when known and allowed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MelderInvoer {
    pub naam: Option<String>,
    pub contact: Option<String>,
    pub anoniem: bool,
}

/// A validated new signal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NieuwSignaal {
    pub gemeente: crate::GemeenteCode,
    #[serde(with = "crate::tijd::iso_date")]
    pub ontvangstdatum: time::Date,
    pub waargenomen_op: Option<time::OffsetDateTime>,
    pub bron: Bron,
    pub politie_stuk: Option<PolitieStuk>,
    pub melder: Option<MelderInvoer>,
    pub omschrijving: String,
    pub fenomenen: Vec<Fenomeen>,
    pub indicatoren: Option<String>,
    pub bron_betrouwbaarheid: Option<BronBetrouwbaarheid>,
    pub informatie_betrouwbaarheid: Option<InfoBetrouwbaarheid>,
    pub toegewezen_aan: Option<crate::UserId>,
    pub entiteiten: Vec<(crate::entiteit::Entiteit, crate::entiteit::Rol)>,
}

pub const MAX_OMSCHRIJVING: usize = 20_000;

/// Parses an observation moment: a full RFC 3339 date-time, or a date (taken as midnight UTC).
pub fn parse_moment(input: &str) -> Result<time::OffsetDateTime, String> {
    let input = input.trim();
    time::OffsetDateTime::parse(input, &time::format_description::well_known::Rfc3339)
        .or_else(|_| crate::entiteit::parse_date(input).map(|d| d.midnight().assume_utc()))
        .map_err(|_| {
            "Vul een geldige datum en tijd in, bijvoorbeeld 2026-11-28T21:30:00+01:00.".into()
        })
}

impl SignaalInvoer {
    /// Validates the whole input at once; `today` bounds the dates (nothing received in the future).
    pub fn parse(&self, today: time::Date) -> Result<NieuwSignaal, crate::ValidationErrors> {
        let mut errors = crate::ValidationErrors::new();
        crate::validation::check_nul(self, &mut errors);
        let gemeente = errors.check("gemeente", crate::GemeenteCode::parse(&self.gemeente));
        let ontvangstdatum = match crate::entiteit::parse_date(&self.ontvangstdatum) {
            Ok(d) if d > today => {
                errors.add(
                    "ontvangstdatum",
                    "De ontvangstdatum kan niet in de toekomst liggen.",
                );
                None
            }
            Ok(d) => Some(d),
            Err(_) if self.ontvangstdatum.trim().is_empty() => {
                errors.add("ontvangstdatum", "Vul de datum van ontvangst in.");
                None
            }
            Err(reason) => {
                errors.add("ontvangstdatum", reason);
                None
            }
        };
        let waargenomen_op = self
            .waargenomen_op
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .and_then(|v| match parse_moment(v) {
                Ok(moment) if moment.date() > today + time::Duration::days(1) => {
                    errors.add(
                        "waargenomenOp",
                        "Het moment van waarneming kan niet in de toekomst liggen.",
                    );
                    None
                }
                Ok(moment) => Some(moment),
                Err(reason) => {
                    errors.add("waargenomenOp", reason);
                    None
                }
            });
        let bron = if self.bron.trim().is_empty() {
            errors.add("bron", "Kies de bron van het signaal.");
            None
        } else {
            errors.check("bron", Bron::parse(&self.bron))
        };
        let politie_stuk = self
            .politie_stuk
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| {
                if bron.is_some_and(|b| b != Bron::Politie) {
                    errors.add(
                        "politieStuk",
                        "Het soort politiestuk hoort alleen bij de bron politie.",
                    );
                    None
                } else {
                    errors.check("politieStuk", PolitieStuk::parse(v))
                }
            });
        let melder = self.melder.clone().filter(|m| {
            m.anoniem
                || m.naam.as_deref().is_some_and(|n| !n.trim().is_empty())
                || m.contact.as_deref().is_some_and(|c| !c.trim().is_empty())
        });
        if bron == Some(Bron::MeldMisdaadAnoniem)
            && melder
                .as_ref()
                .is_some_and(|m| m.naam.is_some() || m.contact.is_some())
        {
            errors.add(
                "melder",
                "Bij Meld Misdaad Anoniem worden nooit gegevens van de melder vastgelegd.",
            );
        }
        if let Some(m) = &melder {
            for (field, value, max) in [
                ("melder.naam", &m.naam, 200),
                ("melder.contact", &m.contact, 300),
            ] {
                if value.as_deref().is_some_and(|v| v.chars().count() > max) {
                    errors.add(field, format!("Hoogstens {max} tekens."));
                }
            }
            if m.anoniem && (m.naam.is_some() || m.contact.is_some()) {
                errors.add(
                    "melder.anoniem",
                    "Een anonieme melder heeft geen naam of contactgegevens.",
                );
            }
        }
        let omschrijving = self.omschrijving.trim().to_string();
        if omschrijving.is_empty() {
            errors.add("omschrijving", "Beschrijf het signaal.");
        } else if omschrijving.chars().count() > MAX_OMSCHRIJVING {
            errors.add(
                "omschrijving",
                format!("De omschrijving mag hoogstens {MAX_OMSCHRIJVING} tekens lang zijn."),
            );
        }
        let mut fenomenen = Vec::new();
        for value in self.fenomenen.iter().filter(|v| !v.trim().is_empty()) {
            if let Some(f) = errors.check("fenomenen", Fenomeen::parse(value))
                && !fenomenen.contains(&f)
            {
                fenomenen.push(f);
            }
        }
        if fenomenen.is_empty() && errors.for_field("fenomenen").is_none() {
            errors.add("fenomenen", "Kies minstens één fenomeen (of 'overig').");
        }
        fenomenen.sort();
        let indicatoren = self
            .indicatoren
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        if indicatoren
            .as_ref()
            .is_some_and(|i| i.chars().count() > 4000)
        {
            errors.add("indicatoren", "Hoogstens 4000 tekens.");
        }
        let bron_betrouwbaarheid = self
            .bron_betrouwbaarheid
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| errors.check("bronBetrouwbaarheid", BronBetrouwbaarheid::parse(v)));
        let informatie_betrouwbaarheid = self
            .informatie_betrouwbaarheid
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| errors.check("informatieBetrouwbaarheid", InfoBetrouwbaarheid::parse(v)));
        let toegewezen_aan = self
            .toegewezen_aan
            .as_deref()
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| {
                errors.check(
                    "toegewezenAan",
                    uuid::Uuid::parse_str(v.trim())
                        .map(crate::UserId)
                        .map_err(|_| "Onbekende medewerker.".to_string()),
                )
            });
        let mut entiteiten = Vec::new();
        for (list, items) in [("subjecten", &self.subjecten), ("objecten", &self.objecten)] {
            for (index, item) in items.iter().enumerate() {
                let prefix = format!("{list}[{index}]");
                if let Ok(soort) = crate::entiteit::EntiteitSoort::parse(&item.soort)
                    && soort.is_subject() != (list == "subjecten")
                {
                    let allowed = if list == "subjecten" {
                        "persoon of organisatie"
                    } else {
                        "adres, voertuig, rekening of gebied"
                    };
                    errors.add(format!("{prefix}.soort"), format!("Kies {allowed}."));
                    continue;
                }
                if let Some(parsed) = item.parse(&prefix, &mut errors) {
                    entiteiten.push(parsed);
                }
            }
        }
        errors.clone().into_result()?;
        Ok(NieuwSignaal {
            gemeente: gemeente.expect("checked"),
            ontvangstdatum: ontvangstdatum.expect("checked"),
            waargenomen_op,
            bron: bron.expect("checked"),
            politie_stuk,
            melder,
            omschrijving,
            fenomenen,
            indicatoren,
            bron_betrouwbaarheid,
            informatie_betrouwbaarheid,
            toegewezen_aan,
            entiteiten,
        })
    }
}

#[cfg(test)]
mod input_tests {
    use super::*;
    use crate::entiteit::EntiteitInvoer;
    use time::macros::date;

    fn valid() -> SignaalInvoer {
        SignaalInvoer {
            gemeente: "GM0534".into(),
            ontvangstdatum: "2026-11-20".into(),
            bron: "inwoner".into(),
            omschrijving: "Sterke hennepgeur en dichtgeplakte ramen.".into(),
            fenomenen: vec!["hennep".into()],
            subjecten: vec![EntiteitInvoer {
                soort: "persoon".into(),
                bsn: Some("999900006".into()),
                achternaam: Some("Jansen".into()),
                ..Default::default()
            }],
            objecten: vec![EntiteitInvoer {
                soort: "adres".into(),
                postcode: Some("2181AB".into()),
                huisnummer: Some("12".into()),
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn a_valid_signal_parses() {
        let parsed = valid().parse(date!(2026 - 11 - 28)).unwrap();
        assert_eq!(parsed.entiteiten.len(), 2);
        assert_eq!(parsed.fenomenen, vec![Fenomeen::Hennep]);
    }

    #[test]
    fn all_errors_at_once() {
        let mut input = valid();
        input.subjecten[0].bsn = Some("123456789".into());
        input.objecten[0].postcode = Some("0000XX".into());
        input.objecten.push(EntiteitInvoer {
            soort: "voertuig".into(),
            kenteken: Some("123456".into()),
            ..Default::default()
        });
        input.ontvangstdatum = "2027-01-01".into();
        let errors = input.parse(date!(2026 - 11 - 28)).unwrap_err();
        let names: Vec<&str> = errors.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "ontvangstdatum",
                "subjecten[0].bsn",
                "objecten[0].postcode",
                "objecten[1].kenteken"
            ]
        );
    }

    #[test]
    fn mma_never_records_a_reporter() {
        let mut input = valid();
        input.bron = "meld-misdaad-anoniem".into();
        input.melder = Some(MelderInvoer {
            naam: Some("Piet".into()),
            contact: None,
            anoniem: false,
        });
        let errors = input.parse(date!(2026 - 11 - 28)).unwrap_err();
        assert!(errors.for_field("melder").is_some());
        input.melder = Some(MelderInvoer {
            anoniem: true,
            ..Default::default()
        });
        assert!(input.parse(date!(2026 - 11 - 28)).is_ok());
    }

    #[test]
    fn subjects_and_objects_stay_in_their_list() {
        let mut input = valid();
        input.subjecten.push(EntiteitInvoer {
            soort: "adres".into(),
            ..Default::default()
        });
        let errors = input.parse(date!(2026 - 11 - 28)).unwrap_err();
        assert!(errors.for_field("subjecten[1].soort").is_some());
    }
}
