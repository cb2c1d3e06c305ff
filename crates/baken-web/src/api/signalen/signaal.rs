//! `/signalen` and `/signalen/{id}`: the backlog, intake, a signal, its changes.

use super::*;
use crate::AppState;
use crate::api::caller::ApiCaller;
use crate::api::problem::Problem;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use baken_core::DossierRecord;
use baken_core::dossiers::{BacklogQuery, SignaalView, SignaalWijziging};
use baken_domain::UserId;
use baken_domain::dossier::DossierAccess;
use baken_domain::signaal::SignaalInvoer;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

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
    /// While monitoring: the day the signal is weighed again (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub herbeoordelen_op: Option<String>,
    pub aangemaakt_op: String,
    pub gewijzigd_op: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjecten: Option<Vec<Koppeling>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub objecten: Option<Vec<Koppeling>>,
}

/// `melder`: a [`Melder`], or the string `afgeschermd`.
pub(super) fn melder_schema() -> utoipa::openapi::schema::Schema {
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

pub(super) fn signaal_resource(
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
        herbeoordelen_op: d.herbeoordelen_op.map(|h| h.to_string()),
        aangemaakt_op: rfc3339(&d.aangemaakt_op),
        gewijzigd_op: rfc3339(&d.gewijzigd_op),
        subjecten: None,
        objecten: None,
    }
}

pub(super) fn full_resource(view: &SignaalView) -> Signaal {
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
    request_body = crate::api::schemas::NieuwSignaalSchema,
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
    request_body = crate::api::schemas::SignaalWijzigingSchema,
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
