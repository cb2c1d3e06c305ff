//! `/signalen`, their `/journaalposten`, `/signalen/_zoek`, and `/subjecten/{id}`, `/objecten/{id}`.

use super::caller::ApiCaller;
use super::problem::Problem;
use crate::AppState;
use axum::Json;
use axum::extract::{FromRequest, Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::dossiers::{
    BacklogQuery, Categorie, ElderRef, EntiteitView, JournaalInvoer, JournaalPost, SignaalView,
    SignaalWijziging, Zoekresultaat,
};
use baken_core::{DossierRecord, ServiceError};
use baken_domain::UserId;
use baken_domain::dossier::DossierAccess;
use baken_domain::signaal::SignaalInvoer;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use uuid::Uuid;

/// JSON body extractor whose rejections are problem+json in Dutch.
pub struct ApiJson<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(str::trim)
            .is_some_and(|m| {
                m.eq_ignore_ascii_case("application/json")
                    || (m.starts_with("application/") && m.ends_with("+json"))
            });
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Verkeerd gegevensformaat",
                "Stuur de gegevens als application/json.",
            ));
        }
        let bytes = axum::body::Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                Problem::new(
                    rejection.status(),
                    "Ongeldig verzoek",
                    &rejection.body_text(),
                )
            })?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                "Ongeldig verzoek",
                &format!("De inhoud van het verzoek is geen geldige JSON: {e}"),
            )
        })?;
        // No database stores a NUL character alike (PostgreSQL refuses it): invalid everywhere.
        let nul = baken_domain::validation::nul_fields(&value);
        if !nul.is_empty() {
            let mut errors = baken_domain::ValidationErrors::new();
            for field in nul {
                errors.add_code(field, "ongeldig-teken", baken_domain::validation::NUL_REDEN);
            }
            return Err(ServiceError::Invalid(errors).into());
        }
        serde_path_to_error::deserialize(value)
            .map(ApiJson)
            .map_err(|e| ServiceError::Invalid(shape_error(&e)).into())
    }
}

/// A JSON body of the wrong shape or type, as the field it concerns and a Dutch reason: a missing
/// field (`verplicht`) or a value of the wrong type (`type`), like every other invalid input.
fn shape_error(
    e: &serde_path_to_error::Error<serde_json::Error>,
) -> baken_domain::ValidationErrors {
    let path = e.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let message = e.inner().to_string();
    let message = message.split(" at line ").next().unwrap_or_default();
    let join = |field: &str| {
        if path.is_empty() {
            field.to_string()
        } else {
            format!("{path}.{field}")
        }
    };
    let mut errors = baken_domain::ValidationErrors::new();
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        errors.add_code(join(field), "verplicht", "Dit veld is verplicht.");
    } else if let Some(expected) = message
        .strip_prefix("invalid type: ")
        .and_then(|r| r.split_once(", expected "))
        .map(|(_, expected)| expected)
    {
        errors.add(
            if path.is_empty() {
                "body".to_string()
            } else {
                path
            },
            format!("Verkeerd type: verwacht {}.", dutch_kind(expected)),
        );
    } else {
        errors.add(
            if path.is_empty() {
                "body".to_string()
            } else {
                path
            },
            "Deze waarde heeft niet de juiste vorm.",
        );
    }
    errors
}

/// serde's name for what it expected, in Dutch.
fn dutch_kind(expected: &str) -> &'static str {
    if expected.contains("string") {
        "tekst"
    } else if expected.contains("sequence") {
        "een lijst"
    } else if expected.contains("bool") {
        "waar of onwaar (true/false)"
    } else if expected.contains("integer")
        || expected.contains("number")
        || expected.contains("i64")
    {
        "een getal"
    } else if expected.contains("struct") || expected.contains("map") {
        "een object"
    } else {
        "een andere waarde"
    }
}

fn context(method: &str, path: &str) -> String {
    format!("API {method} {path}")
}

/// A person linked to a signal (owner, assignee, author).
#[derive(Serialize, ToSchema)]
pub struct Medewerker {
    pub id: String,
    pub naam: String,
}

fn medewerker(id: UserId, namen: &BTreeMap<UserId, String>) -> Medewerker {
    Medewerker {
        id: id.to_string(),
        naam: namen.get(&id).cloned().unwrap_or_default(),
    }
}

/// Where else a subject or object appears, as far as the caller may know.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OokBekendIn {
    pub signaal: String,
    pub nummer: String,
    pub gemeente: String,
    pub status: String,
    pub rol: String,
}

fn elders(refs: &[ElderRef]) -> Vec<OokBekendIn> {
    refs.iter()
        .map(|r| OokBekendIn {
            signaal: r.dossier_id.to_string(),
            nummer: r.nummer.clone(),
            gemeente: r.gemeente.to_string(),
            status: r.status.as_str().into(),
            rol: r.rol.as_str().into(),
        })
        .collect()
}

/// A subject or object linked to a signal.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Koppeling {
    pub id: String,
    pub soort: String,
    pub rol: String,
    pub weergave: String,
    /// The entity's fields (`bsn`, `achternaam`, `postcode`, `kenteken`, …).
    #[schema(value_type = Object)]
    pub gegevens: serde_json::Value,
    pub ook_bekend_in: Vec<OokBekendIn>,
    /// Also known in a municipality the caller does not work for (no details).
    pub ook_elders_bekend: bool,
}

/// The reporter, when the caller may see a protected reporter.
#[derive(Serialize, ToSchema)]
pub struct Melder {
    pub naam: Option<String>,
    pub contact: Option<String>,
    pub anoniem: bool,
}

/// A signal. Fields the caller may not see are absent; `toegang` says why.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Signaal {
    pub id: String,
    pub nummer: String,
    pub gemeente: String,
    pub status: String,
    /// `volledig`, or `index` when the caller may only see that the signal exists.
    pub toegang: String,
    pub ontvangstdatum: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub waargenomen_op: Option<String>,
    /// Absent on an index line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bron: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub politie_stuk: Option<String>,
    pub fenomenen: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub omschrijving: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub indicatoren: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bron_betrouwbaarheid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub informatie_betrouwbaarheid: Option<String>,
    /// The reporter, or the text `afgeschermd` when the caller may not see a protected reporter.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(schema_with = melder_schema)]
    pub melder: Option<serde_json::Value>,
    /// Absent on an index line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eigenaar: Option<Medewerker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toegewezen_aan: Option<Medewerker>,
    pub versie: i64,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjecten: Option<Vec<Koppeling>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objecten: Option<Vec<Koppeling>>,
}

/// `melder`: a [`Melder`], or the string `afgeschermd`.
fn melder_schema() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
    OneOfBuilder::new()
        .item(utoipa::openapi::Ref::from_schema_name("Melder"))
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .enum_values(Some(["afgeschermd"])),
        )
        .description(Some(
            "The reporter, or `afgeschermd` when the caller may not see a protected reporter.",
        ))
        .build()
        .into()
}

fn rfc3339(at: &time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn signaal_resource(
    d: &DossierRecord,
    toegang: DossierAccess,
    namen: &BTreeMap<UserId, String>,
) -> Signaal {
    let full = toegang == DossierAccess::Full;
    Signaal {
        id: d.id.to_string(),
        nummer: d.nummer.clone(),
        gemeente: d.gemeente.to_string(),
        status: d.status.as_str().into(),
        toegang: if full {
            "volledig".into()
        } else {
            "index".into()
        },
        ontvangstdatum: d.ontvangstdatum.to_string(),
        waargenomen_op: d.waargenomen_op.as_ref().map(rfc3339),
        bron: full.then(|| d.bron.as_str().into()),
        politie_stuk: d.politie_stuk.map(|p| p.as_str().into()),
        fenomenen: d.fenomenen.iter().map(|f| f.as_str().into()).collect(),
        omschrijving: (full && !d.omschrijving.is_empty()).then(|| d.omschrijving.clone()),
        indicatoren: d.indicatoren.clone(),
        bron_betrouwbaarheid: d.bron_betrouwbaarheid.map(|b| b.as_str().into()),
        informatie_betrouwbaarheid: d.informatie_betrouwbaarheid.map(|b| b.as_str().into()),
        melder: None,
        eigenaar: full.then(|| medewerker(d.eigenaar, namen)),
        toegewezen_aan: d.toegewezen_aan.map(|u| medewerker(u, namen)),
        versie: d.versie,
        aangemaakt_op: rfc3339(&d.aangemaakt_op),
        gewijzigd_op: rfc3339(&d.gewijzigd_op),
        subjecten: None,
        objecten: None,
    }
}

fn full_resource(view: &SignaalView) -> Signaal {
    let mut resource = signaal_resource(&view.dossier, view.toegang, &view.namen);
    if view.toegang == DossierAccess::Full {
        let d = &view.dossier;
        resource.melder = Some(if view.melder_zichtbaar {
            serde_json::to_value(Melder {
                naam: d.melder_naam.clone(),
                contact: d.melder_contact.clone(),
                anoniem: d.melder_anoniem,
            })
            .expect("serialises")
        } else {
            serde_json::Value::String("afgeschermd".into())
        });
        let koppeling = |e: &baken_core::dossiers::EntiteitInDossier| Koppeling {
            id: e.entiteit.id.to_string(),
            soort: e.entiteit.entiteit.soort().as_str().into(),
            rol: e.rol.as_str().into(),
            weergave: e.entiteit.entiteit.weergave(),
            gegevens: serde_json::to_value(&e.entiteit.entiteit).expect("serialises"),
            ook_bekend_in: elders(&e.elders),
            ook_elders_bekend: e.elders_andere_gemeente,
        };
        resource.subjecten = Some(
            view.entiteiten
                .iter()
                .filter(|e| e.entiteit.entiteit.soort().is_subject())
                .map(koppeling)
                .collect(),
        );
        resource.objecten = Some(
            view.entiteiten
                .iter()
                .filter(|e| !e.entiteit.entiteit.soort().is_subject())
                .map(koppeling)
                .collect(),
        );
    }
    resource
}

/// A page of signals.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignalenPagina {
    pub signalen: Vec<Signaal>,
    /// Cursor for the next page (`na`), absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volgende: Option<String>,
}

/// The backlog of a municipality, newest first, with filters and keyset paging.
#[utoipa::path(get, path = "/signalen", tag = "signalen", security(("apiToken" = [])),
    params(
        ("gemeente" = Option<String>, Query, description = "CBS-code; standaard de eerste gemeente van de gebruiker"),
        ("status" = Option<String>, Query), ("bron" = Option<String>, Query), ("fenomeen" = Option<String>, Query),
        ("toegewezenAan" = Option<String>, Query, description = "Gebruikers-id of `mij`"),
        ("ouderDanDagen" = Option<String>, Query), ("jongerDanDagen" = Option<String>, Query),
        ("sortering" = Option<String>, Query, description = "`nieuwste` (standaard) of `oudste`"),
        ("na" = Option<String>, Query, description = "Cursor van de vorige pagina"),
        ("limiet" = Option<i64>, Query, minimum = 1, maximum = 200, description = "Signalen per pagina (standaard 50)")
    ),
    responses((status = 200, body = SignalenPagina), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn list(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<BacklogQuery>,
) -> Result<Json<SignalenPagina>, Problem> {
    let page = state.services.backlog(&caller.actor, None, &query).await?;
    Ok(Json(SignalenPagina {
        signalen: page
            .regels
            .iter()
            .map(|r| signaal_resource(&r.dossier, r.toegang, &page.namen))
            .collect(),
        volgende: page.volgende,
    }))
}

/// Answer to a created resource.
#[derive(Serialize, ToSchema)]
pub struct Aangemaakt {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nummer: Option<String>,
}

/// Registers a signal. Every invalid field is reported at once; nothing is stored then.
#[utoipa::path(post, path = "/signalen", tag = "signalen", security(("apiToken" = [])),
    request_body = super::schemas::NieuwSignaalSchema,
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn create(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(input): ApiJson<SignaalInvoer>,
) -> Result<Response, Problem> {
    let created = state
        .services
        .create_signal(&caller.actor, &input, &caller.ctx)
        .await?;
    let location = format!("/api/v1/signalen/{}", created.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Aangemaakt {
            id: created.id.to_string(),
            nummer: Some(created.nummer),
        }),
    )
        .into_response())
}

fn parse_id(id: &str) -> Result<Uuid, ServiceError> {
    Uuid::parse_str(id).map_err(|_| ServiceError::NotFound)
}

/// One signal, as far as the caller may see it.
#[utoipa::path(get, path = "/signalen/{id}", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Signaal), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Signaal>, Problem> {
    let view = state
        .services
        .signal(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}"),
        )
        .await?;
    Ok(Json(full_resource(&view)))
}

/// Changes editable fields (status, assignee, phenomena, indicators, reliability). Conflicts: 409.
#[utoipa::path(patch, path = "/signalen/{id}", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = super::schemas::SignaalWijzigingSchema,
    responses((status = 200, body = Signaal), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json")))]
pub async fn update(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(change): ApiJson<SignaalWijziging>,
) -> Result<Json<Signaal>, Problem> {
    let id = parse_id(&id)?;
    state
        .services
        .update_signal(&caller.actor, id, &change, &caller.ctx)
        .await?;
    let view = state
        .services
        .signal(&caller.actor, id, &context("PATCH", "/signalen/{id}"))
        .await?;
    Ok(Json(full_resource(&view)))
}

/// A journal entry, or only that one exists when the caller may not see its class.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Journaalpost {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub volgnummer: i64,
    pub geregistreerd_op: String,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub afgeschermd: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub vernietigd: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub soort: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tekst: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gebeurd_op: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auteur: Option<Medewerker>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vertrouwelijkheid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bron: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub betrouwbaarheid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grondslag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doel: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub corrigeert: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gecorrigeerd_door: Vec<i64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub koppelingen: Vec<String>,
}

pub fn journaalpost(post: &JournaalPost, by_volgnummer: &BTreeMap<i64, Uuid>) -> Journaalpost {
    let empty = |volgnummer: i64, at: &time::OffsetDateTime| Journaalpost {
        id: None,
        volgnummer,
        geregistreerd_op: rfc3339(at),
        afgeschermd: false,
        vernietigd: false,
        soort: None,
        tekst: None,
        gebeurd_op: None,
        auteur: None,
        vertrouwelijkheid: None,
        bron: None,
        betrouwbaarheid: None,
        grondslag: None,
        doel: None,
        corrigeert: None,
        gecorrigeerd_door: vec![],
        koppelingen: vec![],
    };
    match post {
        JournaalPost::Afgeschermd {
            volgnummer,
            geregistreerd_op,
            ..
        } => Journaalpost {
            afgeschermd: true,
            ..empty(*volgnummer, geregistreerd_op)
        },
        JournaalPost::Vernietigd {
            volgnummer,
            entry_id,
            geregistreerd_op,
        } => Journaalpost {
            vernietigd: true,
            id: Some(entry_id.to_string()),
            ..empty(*volgnummer, geregistreerd_op)
        },
        JournaalPost::Zichtbaar {
            volgnummer,
            inhoud,
            gecorrigeerd_door,
            corrigeert,
        } => Journaalpost {
            id: Some(inhoud.id.to_string()),
            soort: Some(inhoud.soort.as_str().into()),
            tekst: Some(inhoud.tekst.clone()),
            gebeurd_op: Some(rfc3339(&inhoud.gebeurd_op)),
            auteur: Some(Medewerker {
                id: inhoud.auteur.to_string(),
                naam: inhoud.auteur_naam.clone(),
            }),
            vertrouwelijkheid: Some(inhoud.vertrouwelijkheid.as_str().into()),
            bron: inhoud.bron.clone(),
            betrouwbaarheid: inhoud.betrouwbaarheid.clone(),
            grondslag: inhoud.grondslag.clone(),
            doel: inhoud.doel.clone(),
            corrigeert: corrigeert
                .and_then(|n| by_volgnummer.get(&n))
                .map(|id| id.to_string()),
            gecorrigeerd_door: gecorrigeerd_door.clone(),
            koppelingen: inhoud.koppelingen.iter().map(|k| k.to_string()).collect(),
            ..empty(*volgnummer, &inhoud.geregistreerd_op)
        },
    }
}

fn ids_by_volgnummer(posts: &[JournaalPost]) -> BTreeMap<i64, Uuid> {
    posts
        .iter()
        .filter_map(|p| match p {
            JournaalPost::Zichtbaar {
                volgnummer, inhoud, ..
            } => Some((*volgnummer, inhoud.id)),
            JournaalPost::Vernietigd {
                volgnummer,
                entry_id,
                ..
            } => Some((*volgnummer, *entry_id)),
            JournaalPost::Afgeschermd { .. } => None,
        })
        .collect()
}

/// The journal of a signal in order; entries of a class the caller may not see are `afgeschermd`.
#[utoipa::path(get, path = "/signalen/{id}/journaalposten", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Journaalpost]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn journal(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Journaalpost>>, Problem> {
    let posts = state
        .services
        .journal_of(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/journaalposten"),
        )
        .await?;
    let ids = ids_by_volgnummer(&posts);
    Ok(Json(posts.iter().map(|p| journaalpost(p, &ids)).collect()))
}

/// Appends a journal entry (a correction refers to the entry it corrects with `corrigeert`).
/// Entries never change: PUT, PATCH and DELETE answer 405.
#[utoipa::path(post, path = "/signalen/{id}/journaalposten", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body = super::schemas::JournaalInvoerSchema,
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn add_entry(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<JournaalInvoer>,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let entry = state
        .services
        .add_journal_entry(&caller.actor, dossier, &input, &caller.ctx)
        .await?;
    let location = format!("/api/v1/signalen/{dossier}/journaalposten/{entry}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Aangemaakt {
            id: entry.to_string(),
            nummer: None,
        }),
    )
        .into_response())
}

/// One journal entry.
#[utoipa::path(get, path = "/signalen/{id}/journaalposten/{postId}", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("postId" = String, Path)),
    responses((status = 200, body = Journaalpost), (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 405, body = Problem, content_type = "application/problem+json")))]
pub async fn show_entry(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, post)): Path<(String, String)>,
) -> Result<Json<Journaalpost>, Problem> {
    let post = parse_id(&post)?;
    let posts = state
        .services
        .journal_of(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/journaalposten/{postId}"),
        )
        .await?;
    let ids = ids_by_volgnummer(&posts);
    let volgnummer = ids
        .iter()
        .find(|(_, entry)| **entry == post)
        .map(|(n, _)| *n)
        .ok_or(ServiceError::NotFound)?;
    let found = posts.iter().find(|p| matches!(p, JournaalPost::Zichtbaar { volgnummer: n, .. } | JournaalPost::Vernietigd { volgnummer: n, .. } if *n == volgnummer));
    Ok(Json(journaalpost(
        found.ok_or(ServiceError::NotFound)?,
        &ids,
    )))
}

/// Search: by text (`zoekterm`) or by an identifier (`bsn`, `kvkNummer`, `kenteken`, `iban`,
/// `postcode` + `huisnummer`). A POST, so that no personal data ends up in a URL or a log.
#[derive(Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase", default)]
pub struct Zoekvraag {
    pub zoekterm: Option<String>,
    /// Text search: cursor of the next page (`volgende` of the previous answer).
    pub na: Option<String>,
    /// Text search: results per page, 1–100 (default 25).
    #[schema(minimum = 1, maximum = 100)]
    pub limiet: Option<i64>,
    pub bsn: Option<String>,
    pub kvk_nummer: Option<String>,
    pub kenteken: Option<String>,
    pub iban: Option<String>,
    pub postcode: Option<String>,
    pub huisnummer: Option<String>,
    pub huisletter: Option<String>,
    pub huisnummertoevoeging: Option<String>,
}

/// A search result.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Zoektreffer {
    pub signaal: Signaal,
    /// `omschrijving`, `journaalpost` or `subject/object`.
    pub gevonden_in: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub journaalpost: Option<String>,
}

/// A page of search results: text matches newest first; identifier matches all at once.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Zoekresultaten {
    pub treffers: Vec<Zoektreffer>,
    /// Text search: cursor for the next page (`na`), absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volgende: Option<String>,
    /// Identifier search: `true` when the identifier is also known in a municipality the caller
    /// does not work for — only that, nothing of it (the neutral hit).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ook_elders_bekend: bool,
}

#[utoipa::path(post, path = "/signalen/_zoek", tag = "signalen", security(("apiToken" = [])), request_body = Zoekvraag,
    responses((status = 200, body = Zoekresultaten), (status = 400, body = Problem, content_type = "application/problem+json")))]
pub async fn search(
    State(state): State<AppState>,
    caller: ApiCaller,
    ApiJson(vraag): ApiJson<Zoekvraag>,
) -> Result<Json<Zoekresultaten>, Problem> {
    let namen = BTreeMap::new();
    match &vraag.zoekterm {
        Some(term) if !term.trim().is_empty() => {
            let page = state
                .services
                .search(
                    &caller.actor,
                    term,
                    vraag.na.as_deref(),
                    vraag.limiet,
                    &context("POST", "/signalen/_zoek"),
                )
                .await?;
            Ok(Json(Zoekresultaten {
                treffers: page
                    .resultaten
                    .into_iter()
                    .map(|r: Zoekresultaat| Zoektreffer {
                        signaal: signaal_resource(&r.dossier, DossierAccess::Full, &namen),
                        gevonden_in: r.deel.into(),
                        journaalpost: r.entry_id.map(|e| e.to_string()),
                    })
                    .collect(),
                volgende: page.volgende,
                ook_elders_bekend: false,
            }))
        }
        _ => {
            let invoer = baken_domain::entiteit::EntiteitInvoer {
                soort: if vraag.bsn.is_some() {
                    "persoon"
                } else if vraag.kvk_nummer.is_some() {
                    "organisatie"
                } else if vraag.kenteken.is_some() {
                    "voertuig"
                } else if vraag.iban.is_some() {
                    "rekening"
                } else {
                    "adres"
                }
                .into(),
                bsn: vraag.bsn.clone(),
                kvk_nummer: vraag.kvk_nummer.clone(),
                kenteken: vraag.kenteken.clone(),
                iban: vraag.iban.clone(),
                postcode: vraag.postcode.clone(),
                huisnummer: vraag.huisnummer.clone(),
                huisletter: vraag.huisletter.clone(),
                huisnummertoevoeging: vraag.huisnummertoevoeging.clone(),
                achternaam: Some("-".into()),
                naam: Some("-".into()),
                ..Default::default()
            };
            let (found, elders) = state
                .services
                .search_by_identifier(&caller.actor, &invoer, &context("POST", "/signalen/_zoek"))
                .await?;
            Ok(Json(Zoekresultaten {
                treffers: found
                    .into_iter()
                    .map(|(dossier, toegang)| Zoektreffer {
                        signaal: signaal_resource(&dossier, toegang, &namen),
                        gevonden_in: "subject/object".into(),
                        journaalpost: None,
                    })
                    .collect(),
                volgende: None,
                ook_elders_bekend: elders,
            }))
        }
    }
}

/// A subject or object with the signals the caller may know it from.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntiteitResource {
    pub id: String,
    pub soort: String,
    pub weergave: String,
    #[schema(value_type = Object)]
    pub gegevens: serde_json::Value,
    pub ook_bekend_in: Vec<OokBekendIn>,
    pub ook_elders_bekend: bool,
}

fn entiteit_resource(view: &EntiteitView) -> EntiteitResource {
    EntiteitResource {
        id: view.entiteit.id.to_string(),
        soort: view.entiteit.entiteit.soort().as_str().into(),
        weergave: view.entiteit.entiteit.weergave(),
        gegevens: serde_json::to_value(&view.entiteit.entiteit).expect("serialises"),
        ook_bekend_in: elders(&view.dossiers),
        ook_elders_bekend: view.elders_andere_gemeente,
    }
}

async fn entity_of_kind(
    state: &AppState,
    caller: &ApiCaller,
    id: &str,
    subjects: bool,
    path: &str,
) -> Result<Json<EntiteitResource>, Problem> {
    let view = state
        .services
        .entity(&caller.actor, parse_id(id)?, &context("GET", path))
        .await?;
    if view.entiteit.entiteit.soort().is_subject() != subjects {
        return Err(ServiceError::NotFound.into());
    }
    Ok(Json(entiteit_resource(&view)))
}

/// A subject (person or organisation).
#[utoipa::path(get, path = "/subjecten/{id}", tag = "subjecten en objecten", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = EntiteitResource), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn subject(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EntiteitResource>, Problem> {
    entity_of_kind(&state, &caller, &id, true, "/subjecten/{id}").await
}

/// An object (address, vehicle, bank account, area).
#[utoipa::path(get, path = "/objecten/{id}", tag = "subjecten en objecten", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = EntiteitResource), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn object(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<EntiteitResource>, Problem> {
    entity_of_kind(&state, &caller, &id, false, "/objecten/{id}").await
}

/// Filters and paging of the subject and object lists. No identifiers here: a URL must not carry
/// personal data (look an identifier up with `POST /signalen/_zoek`).
#[derive(Deserialize, Default, utoipa::IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct EntiteitenQuery {
    /// `persoon` or `organisatie` (subjects); `adres`, `voertuig`, `rekening` or `gebied` (objects).
    pub soort: Option<String>,
    /// Cursor of the next page (`volgende` of the previous answer).
    pub na: Option<String>,
    /// Results per page, 1–100 (default 50).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 100)]
    pub limiet: Option<String>,
}

/// A page of subjects or objects.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EntiteitenPagina {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjecten: Option<Vec<EntiteitResource>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objecten: Option<Vec<EntiteitResource>>,
    /// Cursor for the next page (`na`), absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volgende: Option<String>,
}

async fn entities_of_kind(
    state: &AppState,
    caller: &ApiCaller,
    query: &EntiteitenQuery,
    categorie: Categorie,
    path: &str,
) -> Result<Json<EntiteitenPagina>, Problem> {
    // An unreadable number is passed on as out of range, so it is reported with the other errors.
    let limiet = query
        .limiet
        .as_deref()
        .map(|l| l.trim().parse::<i64>().unwrap_or(0));
    let page = state
        .services
        .entities(
            &caller.actor,
            categorie,
            query.soort.as_deref(),
            query.na.as_deref(),
            limiet,
            &context("GET", path),
        )
        .await?;
    let resources: Vec<EntiteitResource> = page.entiteiten.iter().map(entiteit_resource).collect();
    let (subjecten, objecten) = match categorie {
        Categorie::Subjecten => (Some(resources), None),
        Categorie::Objecten => (None, Some(resources)),
    };
    Ok(Json(EntiteitenPagina {
        subjecten,
        objecten,
        volgende: page.volgende,
    }))
}

/// The subjects (persons, organisations) in the signals the caller works on, by id.
#[utoipa::path(get, path = "/subjecten", tag = "subjecten en objecten", security(("apiToken" = [])), params(EntiteitenQuery),
    responses((status = 200, body = EntiteitenPagina), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn subjects(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<EntiteitenQuery>,
) -> Result<Json<EntiteitenPagina>, Problem> {
    entities_of_kind(&state, &caller, &query, Categorie::Subjecten, "/subjecten").await
}

/// The objects (addresses, vehicles, bank accounts, areas) in the signals the caller works on, by id.
#[utoipa::path(get, path = "/objecten", tag = "subjecten en objecten", security(("apiToken" = [])), params(EntiteitenQuery),
    responses((status = 200, body = EntiteitenPagina), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn objects(
    State(state): State<AppState>,
    caller: ApiCaller,
    Query(query): Query<EntiteitenQuery>,
) -> Result<Json<EntiteitenPagina>, Problem> {
    entities_of_kind(&state, &caller, &query, Categorie::Objecten, "/objecten").await
}

/// An attachment's metadata. The file itself: `GET …/bijlagen/{bijlageId}` (always a download).
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bijlage {
    pub id: String,
    pub bestandsnaam: String,
    pub mediatype: String,
    pub grootte: i64,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    pub vertrouwelijkheid: String,
    pub aangemaakt_op: String,
}

/// The attachments of a signal the caller may see.
#[utoipa::path(get, path = "/signalen/{id}/bijlagen", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [Bijlage]), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn attachments(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
) -> Result<Json<Vec<Bijlage>>, Problem> {
    let list = state
        .services
        .list_attachments(
            &caller.actor,
            parse_id(&id)?,
            &context("GET", "/signalen/{id}/bijlagen"),
        )
        .await?;
    Ok(Json(
        list.into_iter()
            .map(|b| Bijlage {
                id: b.id.to_string(),
                bestandsnaam: b.bestandsnaam,
                mediatype: b.mediatype,
                grootte: b.grootte,
                sha256: b.sha256.iter().map(|x| format!("{x:02x}")).collect(),
                vertrouwelijkheid: b.vertrouwelijkheid.as_str().into(),
                aangemaakt_op: rfc3339(&b.aangemaakt_op),
            })
            .collect(),
    ))
}

/// Uploads an attachment (`multipart/form-data`: optional `vertrouwelijkheid`, then `bestand`).
/// Stored encrypted; the size limit is configurable (default 50 MB).
#[utoipa::path(post, path = "/signalen/{id}/bijlagen", tag = "signalen", security(("apiToken" = [])), params(("id" = String, Path)),
    request_body(content = super::schemas::BijlageUploadSchema, content_type = "multipart/form-data"),
    responses((status = 201, body = Aangemaakt, headers(("Location" = String))), (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn upload(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path(id): Path<String>,
    multipart: axum::extract::Multipart,
) -> Result<Response, Problem> {
    let dossier = parse_id(&id)?;
    let attachment = crate::uploads::receive(
        &state.services,
        &caller.actor,
        dossier,
        multipart,
        &caller.ctx,
    )
    .await?;
    let location = format!("/api/v1/signalen/{dossier}/bijlagen/{attachment}");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(Aangemaakt {
            id: attachment.to_string(),
            nummer: None,
        }),
    )
        .into_response())
}

/// Downloads an attachment (`Content-Disposition: attachment`, never inline). Logged.
#[utoipa::path(get, path = "/signalen/{id}/bijlagen/{bijlageId}", tag = "signalen", security(("apiToken" = [])),
    params(("id" = String, Path), ("bijlageId" = String, Path)),
    responses((status = 200, content_type = "application/octet-stream"), (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn download(
    State(state): State<AppState>,
    caller: ApiCaller,
    Path((id, bijlage)): Path<(String, String)>,
) -> Result<Response, Problem> {
    let (record, bytes) = state
        .services
        .read_attachment(
            &caller.actor,
            parse_id(&id)?,
            parse_id(&bijlage)?,
            &context("GET", "/signalen/{id}/bijlagen/{bijlageId}"),
        )
        .await?;
    Ok(crate::uploads::download(&record, bytes))
}

/// Signals, their journal and attachments, search, subjects and objects. Each route is registered with its OpenAPI operation.
pub(super) fn router(upload_limit: usize) -> OpenApiRouter<AppState> {
    // Only the upload route accepts bodies beyond axum's default limit.
    let uploads = OpenApiRouter::new()
        .routes(utoipa_axum::routes!(attachments, upload))
        .layer(axum::extract::DefaultBodyLimit::max(upload_limit));
    OpenApiRouter::new()
        .merge(uploads)
        .routes(utoipa_axum::routes!(download))
        .routes(utoipa_axum::routes!(list, create))
        .routes(utoipa_axum::routes!(search))
        .routes(utoipa_axum::routes!(show, update))
        .routes(utoipa_axum::routes!(journal, add_entry))
        .routes(utoipa_axum::routes!(show_entry))
        .routes(utoipa_axum::routes!(subjects))
        .routes(utoipa_axum::routes!(objects))
        .routes(utoipa_axum::routes!(subject))
        .routes(utoipa_axum::routes!(object))
}
