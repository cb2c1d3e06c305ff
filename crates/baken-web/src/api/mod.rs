//! The JSON API under `/api/v1`, following the NL API Design Rules: Dutch plural resources, an
//! `API-Version` header on every response, problem+json for every error, no trailing slashes, and the
//! OpenAPI document at `/api/v1/openapi.json`.

mod bronraadplegingen;
mod caller;
mod casussen;
mod maatregelen;
mod overdracht;
mod overleggen;
pub(crate) use maatregelen::{TermijnenQuery, parse_overview_query};
mod problem;
mod profiel;
mod protocol;
mod schemas;
mod signalen;
mod toetsaanvragen;
mod verwerkingslog;
mod verzoeken;
pub(crate) use verzoeken::pdf_response;

use crate::AppState;
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
pub use problem::Problem;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The version of the API contract, sent as `API-Version` on every response.
pub const API_VERSION: &str = "1.0.0";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Baken API",
        version = "1.0.0",
        description = "De API van Baken, het informatiesysteem voor de bestuurlijke aanpak van ondermijning. \
            Authenticatie met een API-token (`Authorization: Bearer …`) dat namens de gebruiker handelt, met diens rechten.",
        license(name = "EUPL-1.2", url = "https://eupl.eu/1.2/nl/"),
        contact(name = "Baken", url = "https://example.invalid/baken")
    ),
    servers((url = "/api/v1")),
    components(schemas(
        profiel::Gebruikersprofiel, profiel::GemeenteResource, problem::Problem, problem::InvalidParam,
        signalen::Signaal, signalen::SignalenPagina, signalen::Aangemaakt, signalen::Journaalpost, signalen::Zoekvraag,
        signalen::Zoektreffer, signalen::Zoekresultaten, signalen::EntiteitResource, signalen::EntiteitenPagina, signalen::Koppeling, signalen::OokBekendIn, signalen::Medewerker, signalen::Melder, signalen::Bijlage,
        protocol::ProtocolResource, protocol::Protocolversie, protocol::ProtocolLaden, protocol::Privacytoetsbesluit, protocol::ToetsVerzoek,
        bronraadplegingen::RaadplegingVerzoek, bronraadplegingen::Bronraadpleging, bronraadplegingen::InhoudVerzoek, bronraadplegingen::Bron,
        protocol::Blokkade, verwerkingslog::VerwerkingZoekverzoek, verwerkingslog::Verwerkingsregel, verwerkingslog::Uitvoerder,
        verwerkingslog::Inzageverzoek, verwerkingslog::Inzageantwoord, verwerkingslog::InzageDossier, verwerkingslog::InzagePost, verwerkingslog::Afwijking,
        verzoeken::NieuwVerzoek, verzoeken::Verzoek, verzoeken::Kandidaat, verzoeken::Beperking, verzoeken::VerzoekDossier,
        verzoeken::VerzoekAntwoord, verzoeken::Verlenging, verzoeken::Identiteit, verzoeken::NieuweBeperking, verzoeken::VerzoekBesluit,
        verzoeken::Herbeoordeling
    )),
    modifiers(&BearerSecurity),
    tags(
        (name = "gebruikers", description = "De aangemelde gebruiker"),
        (name = "gemeenten", description = "De gemeenten van de werkorganisatie"),
        (name = "signalen", description = "Signalen, hun dossier en journaal"),
        (name = "subjecten en objecten", description = "Personen, organisaties, adressen, voertuigen, rekeningen en gebieden"),
        (name = "privacyprotocol", description = "Het privacyprotocol als configuratie: fasen, privacytoetsen, bronnen, verwerkingen en bewaartermijnen"),
        (name = "maatregelen", description = "Maatregelen uit de instrumentencatalogus, hun procedurestappen en wettelijke termijnen"),
        (name = "casussen", description = "Casussen vanuit signalen (stap 4), hun fasen onder het privacyprotocol, en taken"),
        (name = "overleggen", description = "Het signalenoverleg en andere overleggen: agenda, besluit per agendapunt, deelnemers en actiepunten")
    )
)]
struct ApiDoc;

struct BearerSecurity;

impl utoipa::Modify for BearerSecurity {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "apiToken",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("Een API-token van Baken"))
                    .build(),
            ),
        );
    }
}

/// The answers every operation can give besides its own: 429 (requests per token, identifier
/// look-ups; with `Retry-After`), 401 where a token is required, and 413/415 where a body is sent.
/// Added here so that no operation can forget them.
struct CommonAnswers;

impl utoipa::Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{
            ContentBuilder, Ref, ResponseBuilder, header::HeaderBuilder, path::Operation,
        };
        let problem = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
        };
        let add = |operation: &mut Operation, path: &str| {
            let responses = &mut operation.responses.responses;
            let mut put = |status: &str, response: utoipa::openapi::Response| {
                responses
                    .entry(status.to_string())
                    .or_insert_with(|| response.into());
            };
            put(
                "429",
                problem("Te veel verzoeken voor dit token of deze sessie, of te veel zoekvragen op een identificatie; probeer het na Retry-After seconden opnieuw.")
                    .header(
                        "Retry-After",
                        HeaderBuilder::new()
                            .schema(utoipa::openapi::ObjectBuilder::new().schema_type(utoipa::openapi::Type::Integer))
                            .description(Some("Seconden tot een nieuwe poging kan"))
                            .build(),
                    )
                    .build(),
            );
            if operation.security.as_ref().is_some_and(|s| !s.is_empty()) {
                put(
                    "401",
                    problem("Geen of geen geldig API-token (verlopen of ingetrokken).").build(),
                );
                put(
                    "403",
                    problem("Uw rollen staan deze handeling niet toe.").build(),
                );
            }
            if path.contains('{') {
                put(
                    "404",
                    problem("Deze resource bestaat niet, of u heeft er geen toegang toe.").build(),
                );
            }
            if operation.request_body.is_some() {
                put("413", problem("Het verzoek is te groot.").build());
                put(
                    "415",
                    problem("Stuur de gegevens als application/json.").build(),
                );
            }
            let has_query = operation.parameters.as_ref().is_some_and(|ps| {
                ps.iter()
                    .any(|p| p.parameter_in == utoipa::openapi::path::ParameterIn::Query)
            });
            if operation.request_body.is_some() || has_query {
                put(
                    "400",
                    problem("Ongeldige invoer; invalidParams noemt elk ongeldig veld.").build(),
                );
            }
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            for operation in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                add(operation, path);
            }
        }
    }
}

/// Every API route with its OpenAPI operation, area by area: a route cannot exist undocumented.
fn routes(upload_limit: usize) -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(profiel::router())
        .merge(signalen::router(upload_limit))
        .merge(protocol::router())
        .merge(bronraadplegingen::router())
        .merge(toetsaanvragen::router())
        .merge(maatregelen::router())
        .merge(casussen::router())
        .merge(overleggen::router())
        .merge(overdracht::router())
        .merge(verwerkingslog::router())
        .merge(verzoeken::router())
}

/// The OpenAPI document, as served: the areas' operations, then the answers every operation can
/// give (added once, so none forgets them).
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut api) = routes(0).split_for_parts();
    utoipa::Modify::modify(&CommonAnswers, &mut api);
    api
}

pub fn router(upload_limit: usize) -> Router<AppState> {
    let (areas, _) = routes(upload_limit).split_for_parts();
    Router::new()
        .merge(areas)
        .route("/openapi.json", get(openapi_json))
        .fallback(|| async {
            Problem::new(
                StatusCode::NOT_FOUND,
                "Niet gevonden",
                "Deze resource bestaat niet.",
            )
        })
        .layer(axum::middleware::from_fn(api_conventions))
}

async fn openapi_json() -> Response {
    let mut response = axum::Json(openapi_document()).into_response();
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

/// Adds `API-Version` to every response and turns any error without a body of its own (405 from the
/// router, 413 from the body limit, extractor rejections) into problem+json, keeping its headers
/// (such as `Allow`).
async fn api_conventions(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
    if (status.is_client_error() || status.is_server_error()) && !is_problem {
        let (detail, title) = match status {
            StatusCode::METHOD_NOT_ALLOWED => (
                "Deze methode is niet toegestaan voor deze resource; zie de Allow-header.",
                "Methode niet toegestaan",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => ("Het verzoek is te groot.", "Verzoek te groot"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "Stuur de gegevens als application/json.",
                "Verkeerd gegevensformaat",
            ),
            _ if status.is_server_error() => ("Er ging iets mis aan onze kant.", "Interne fout"),
            _ => ("Het verzoek kon niet worden verwerkt.", "Ongeldig verzoek"),
        };
        let mut replacement = Problem::new(status, title, detail).into_response();
        for (name, value) in response.headers() {
            if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
                replacement
                    .headers_mut()
                    .insert(name.clone(), value.clone());
            }
        }
        response = replacement;
    }
    response
        .headers_mut()
        .insert("api-version", HeaderValue::from_static(API_VERSION));
    response
}
