//! `/subjecten` and `/objecten`.

use super::*;
use crate::AppState;
use crate::api::caller::ApiCaller;
use crate::api::problem::Problem;
use axum::Json;
use axum::extract::{Path, Query, State};
use baken_core::ServiceError;
use baken_core::dossiers::{Categorie, EntiteitView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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

pub(super) fn entiteit_resource(view: &EntiteitView) -> EntiteitResource {
    EntiteitResource {
        id: view.entiteit.id.to_string(),
        soort: view.entiteit.entiteit.soort().as_str().into(),
        weergave: view.entiteit.entiteit.weergave(),
        gegevens: serde_json::to_value(&view.entiteit.entiteit).expect("serialises"),
        ook_bekend_in: elders(&view.dossiers),
        ook_elders_bekend: view.elders_andere_gemeente,
    }
}

pub(super) async fn entity_of_kind(
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

pub(super) async fn entities_of_kind(
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
