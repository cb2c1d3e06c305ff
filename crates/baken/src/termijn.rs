//! `baken termijn`: the deadline engine from the command line. Pure: no database, no key files.
//! Every explanation line first; the last line is the last day as `JJJJ-MM-DD`, for scripts.

use crate::cli::{Gelijkgesteld, TermijnCommand};
use anyhow::bail;
use baken_domain::termijnen::{self, Termijn};
use baken_domain::tijd;
use time::Date;

fn datum(flag: &str, value: &str) -> anyhow::Result<Date> {
    let d = Date::parse(
        value.trim(),
        time::macros::format_description!("[year]-[month]-[day]"),
    )
    .map_err(|_| anyhow::anyhow!("--{flag}: '{value}' is geen datum als JJJJ-MM-DD"))?;
    if !(tijd::EERSTE_JAAR..=tijd::LAATSTE_JAAR).contains(&d.year()) {
        bail!(
            "--{flag}: kies een jaar van {} tot en met {}",
            tijd::EERSTE_JAAR,
            tijd::LAATSTE_JAAR
        );
    }
    Ok(d)
}

fn gelijkgesteld(config: &[Date], flags: &Gelijkgesteld) -> anyhow::Result<Vec<Date>> {
    let mut dagen = config.to_vec();
    for d in &flags.gelijkgesteld {
        dagen.push(datum("gelijkgesteld", d)?);
    }
    Ok(dagen)
}

fn print(termijn: &Termijn, dagen: &[Date]) {
    for line in &termijn.toelichting {
        println!("{line}");
    }
    if let Some(w) = termijnen::waarschuwing(termijn, dagen) {
        println!("{w}");
    }
    println!(
        "Laatste dag: {}.",
        tijd::format_date_weekday_nl(termijn.einddatum)
    );
    println!("{}", termijn.einddatum);
}

pub fn run(command: TermijnCommand, config: &[Date]) -> anyhow::Result<()> {
    match command {
        TermijnCommand::Bezwaar {
            bekendmaking,
            dagen,
        } => {
            let dagen = gelijkgesteld(config, &dagen)?;
            let t = termijnen::bezwaartermijn(datum("bekendmaking", &bekendmaking)?, &dagen);
            print(&t, &dagen);
        }
        TermijnCommand::Beroep {
            bekendmaking,
            dagen,
        } => {
            let dagen = gelijkgesteld(config, &dagen)?;
            let t = termijnen::beroepstermijn(datum("bekendmaking", &bekendmaking)?, &dagen);
            print(&t, &dagen);
        }
        TermijnCommand::BeslissingOpBezwaar {
            einde_bezwaartermijn,
            adviescommissie,
            verdaagd,
            dagen,
        } => {
            let dagen = gelijkgesteld(config, &dagen)?;
            let t = termijnen::beslistermijn_bezwaar(
                datum("einde-bezwaartermijn", &einde_bezwaartermijn)?,
                adviescommissie,
                verdaagd,
                &dagen,
            );
            print(&t, &dagen);
        }
        TermijnCommand::Bibob {
            aanvraag,
            verlengd,
            dagen,
        } => {
            let dagen = gelijkgesteld(config, &dagen)?;
            let t = termijnen::bibob_adviestermijn(datum("aanvraag", &aanvraag)?, verlengd, &dagen);
            print(&t, &dagen);
        }
        TermijnCommand::Feestdagen { jaar } => {
            if !(tijd::EERSTE_JAAR..=tijd::LAATSTE_JAAR).contains(&jaar) {
                bail!(
                    "--jaar: kies een jaar van {} tot en met {}",
                    tijd::EERSTE_JAAR,
                    tijd::LAATSTE_JAAR
                );
            }
            let mut regels: Vec<(Date, String)> = termijnen::feestdagen(jaar)
                .into_iter()
                .map(|f| (f.datum, f.naam.to_string()))
                .collect();
            regels.extend(termijnen::vermoedelijk_gelijkgesteld(jaar).into_iter().map(|d| {
                let status = if config.contains(&d) {
                    "bij koninklijk besluit gelijkgesteld (configuratie)"
                } else {
                    "doorgaans bij koninklijk besluit gelijkgesteld; controleer de Staatscourant"
                };
                (d, status.to_string())
            }));
            regels.sort();
            for (d, naam) in regels {
                println!("{d}  {}  {naam}", tijd::format_date_weekday_nl(d));
            }
        }
    }
    Ok(())
}
