//! The catalogue of interventions as a page (`/maatregelen/catalogus`): the version in force for
//! one of the reader's municipalities, every instrument with its legal basis, competent authority,
//! procedure and terms, the Damocles matrix, and the versions loaded. A thin handler over
//! [`baken_core::Services::catalogue_view`].

use crate::AppState;
use crate::error::PageError;
use crate::html::maatregelen::{MatrixRegel, matrix_regels};
use crate::session::SignedIn;
use crate::shell::Shell;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use baken_core::ServiceError;
use baken_domain::tijd::format_date_nl;
use baken_domain::{GemeenteCode, ValidationErrors};
use serde::Deserialize;

/// One instrument as the page shows it.
pub struct InstrumentRegel {
    pub code: String,
    pub naam: String,
    pub grondslag: String,
    pub bevoegd: &'static str,
    pub stappen: Vec<&'static str>,
    pub gronden: Vec<String>,
    pub spoed: Option<String>,
    pub termijnen: Vec<String>,
    pub bibob: bool,
    pub toelichting: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "maatregelen/catalogus.html")]
pub struct CatalogusPage {
    shell: Shell,
    naam: String,
    versie: String,
    vastgesteld_op: String,
    beleidsregel: String,
    /// Baken's default, not a version the municipality loaded.
    standaard: bool,
    gemeente: String,
    /// The reader's municipalities by name, to choose another (code, name, chosen).
    gemeenten: Vec<(String, String, bool)>,
    instrumenten: Vec<InstrumentRegel>,
    matrix: Vec<MatrixRegel>,
    /// Loaded versions: version, adoption date, loaded on, in force.
    versies: Vec<(String, String, String, bool)>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CatalogusQuery {
    gemeente: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Query(q): Query<CatalogusQuery>,
) -> Result<CatalogusPage, PageError> {
    let actor = &user.view.actor;
    let gemeente = match q
        .gemeente
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty())
    {
        None => None,
        Some(g) => Some(GemeenteCode::parse(g).map_err(|e| {
            let mut errors = ValidationErrors::new();
            errors.add_code("gemeente", "formaat", e);
            ServiceError::Invalid(errors)
        })?),
    };
    let view = state
        .services
        .catalogue_view(actor, gemeente.as_ref())
        .await?;
    let c = &view.catalogus;
    let instrumenten = c
        .instrumenten()
        .iter()
        .map(|i| {
            let mut termijnen = Vec::new();
            for (wat, duur) in [
                ("Zienswijze", &i.zienswijzetermijn),
                ("Begunstigingstermijn", &i.begunstigingstermijn),
            ] {
                if let Some(d) = duur
                    .as_deref()
                    .and_then(|d| baken_domain::protocol::Duur::parse(d).ok())
                {
                    termijnen.push(format!("{wat}: {}", d.omschrijving()));
                }
            }
            if i.bezwaar {
                termijnen.push("Bezwaar: zes weken na de bekendmaking (Awb)".into());
            }
            InstrumentRegel {
                code: i.code.clone(),
                naam: i.naam.clone(),
                grondslag: i.grondslag.clone(),
                bevoegd: i.bevoegd.label(),
                stappen: i.stappen.iter().map(|s| s.label()).collect(),
                gronden: i
                    .gronden
                    .iter()
                    .map(|g| format!("{}: {}", g.code, g.omschrijving))
                    .collect(),
                spoed: i.spoed.as_ref().map(|s| {
                    format!(
                        "Spoed mogelijk ({}), zonder {}; met een vastgelegde motivering.",
                        s.grondslag,
                        s.slaat_over
                            .iter()
                            .map(|x| x.label().to_lowercase())
                            .collect::<Vec<_>>()
                            .join(" en ")
                    )
                }),
                termijnen,
                bibob: i.klasse == baken_domain::dossier::Vertrouwelijkheid::Bibob,
                toelichting: i.toelichting.clone(),
            }
        })
        .collect();
    let namen = state.services.gemeenten().await?;
    let naam_van = |code: &GemeenteCode| {
        namen
            .iter()
            .find(|g| &g.code == code)
            .map_or(code.to_string(), |g| g.naam.to_string())
    };
    let in_force = view.in_force.as_ref().map(|v| v.id);
    Ok(CatalogusPage {
        shell: Shell::signed_in(&state, &user.view, "Maatregelencatalogus", "/termijnen").await,
        naam: c.document.catalogus.naam.clone(),
        versie: c.versie().to_string(),
        vastgesteld_op: format_date_nl(c.vastgesteld_op),
        beleidsregel: c.beleidsregel().to_string(),
        standaard: view.in_force.is_none(),
        gemeente: naam_van(&view.gemeente),
        gemeenten: actor
            .gemeenten
            .iter()
            .map(|g| (g.to_string(), naam_van(g), *g == view.gemeente))
            .collect(),
        instrumenten,
        matrix: matrix_regels(c),
        versies: view
            .geschiedenis
            .iter()
            .map(|v| {
                (
                    v.versie.clone(),
                    format_date_nl(v.vastgesteld_op),
                    format_date_nl(baken_domain::tijd::nl_local(v.geladen_op).date()),
                    Some(v.id) == in_force,
                )
            })
            .collect(),
    })
}

pub(super) fn router() -> axum::Router<AppState> {
    axum::Router::new().route("/maatregelen/catalogus", axum::routing::get(page))
}
