//! `/gebruikersprofiel` and `/gemeenten`.

use super::caller::ApiCaller;
use super::problem::Problem;
use crate::AppState;
use axum::Json;
use axum::extract::State;
use baken_domain::Permission;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;

/// The caller: who the token acts for.
#[derive(Serialize, ToSchema)]
pub struct Gebruikersprofiel {
    /// The account's id.
    pub id: String,
    pub email: String,
    pub naam: String,
    /// Role identifiers: teamlid, analist, coordinator, privacyfunctionaris, jurist, burgemeester, beheerder.
    pub rollen: Vec<String>,
    /// CBS codes of the municipalities the user works for.
    pub gemeenten: Vec<String>,
}

/// A municipality.
#[derive(Serialize, ToSchema)]
pub struct GemeenteResource {
    /// CBS code, e.g. GM0534.
    pub code: String,
    pub naam: String,
}

/// The signed-in user.
#[utoipa::path(
    get,
    path = "/gebruikersprofiel",
    tag = "gebruikers",
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "De gebruiker namens wie het token handelt", body = Gebruikersprofiel,
            headers(("API-Version" = String, description = "Versie van de API"))),
        (status = 401, description = "Geen of een ongeldig token", body = Problem, content_type = "application/problem+json",
            headers(("API-Version" = String, description = "Versie van de API")))
    )
)]
pub async fn gebruikersprofiel(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Json<Gebruikersprofiel>, Problem> {
    let user = state.services.profile(&caller.actor).await?;
    Ok(Json(Gebruikersprofiel {
        id: user.id.to_string(),
        email: user.email.to_string(),
        naam: user.name.to_string(),
        rollen: user.roles.iter().map(|r| r.as_str().to_string()).collect(),
        gemeenten: user.gemeenten.iter().map(|g| g.to_string()).collect(),
    }))
}

/// The municipalities the caller works for (all of them for an administrator).
#[utoipa::path(
    get,
    path = "/gemeenten",
    tag = "gemeenten",
    security(("apiToken" = [])),
    responses(
        (status = 200, description = "De gemeenten", body = [GemeenteResource],
            headers(("API-Version" = String, description = "Versie van de API"))),
        (status = 401, description = "Geen of een ongeldig token", body = Problem, content_type = "application/problem+json")
    )
)]
pub async fn gemeenten(
    State(state): State<AppState>,
    caller: ApiCaller,
) -> Result<Json<Vec<GemeenteResource>>, Problem> {
    let all = state.services.gemeenten().await?;
    let visible = all
        .into_iter()
        .filter(|g| {
            caller.actor.may(Permission::Administer) || caller.actor.may_access_gemeente(&g.code)
        })
        .map(|g| GemeenteResource {
            code: g.code.to_string(),
            naam: g.naam.to_string(),
        })
        .collect();
    Ok(Json(visible))
}

/// The caller and the municipalities. Each route is registered with its OpenAPI operation.
pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(utoipa_axum::routes!(gebruikersprofiel))
        .routes(utoipa_axum::routes!(gemeenten))
}
