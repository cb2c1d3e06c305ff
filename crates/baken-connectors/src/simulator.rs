//! Local simulators of the live sources, for tests and for trying a configuration without a
//! network: each serves its API's published paths, parameters, headers and answer shapes (and
//! its errors) over fictitious data, and can be told to misbehave: answer slowly, fail with a
//! 5xx, send an oversized answer (with or without a length), or redirect elsewhere. Every
//! request is kept so that a test can check what Baken sent.
//!
//! Built only with the `simulator` feature.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How a simulator answers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Gedrag {
    #[default]
    Normaal,
    /// Waits this long before answering.
    Traag(Duration),
    /// Answers every request with this status (and a problem body).
    Storing(u16),
    /// Answers 200 with this many bytes, with a `content-length`.
    TeGroot(usize),
    /// Answers 200 with this many bytes in chunks, without a length.
    TeGrootZonderLengte(usize),
    /// Answers 302 to another address.
    Omleiding,
}

/// One request as the simulator received it.
#[derive(Debug, Clone)]
pub struct Verzoek {
    pub methode: String,
    /// Path and query.
    pub uri: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Verzoek {
    pub fn header(&self, naam: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(naam))
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Default)]
struct Staat {
    gedrag: Mutex<Gedrag>,
    verzoeken: Mutex<Vec<Verzoek>>,
    sleutel: String,
}

/// A simulator listening on the loopback address.
pub struct Simulator {
    adres: SocketAddr,
    staat: Arc<Staat>,
    taak: tokio::task::JoinHandle<()>,
}

impl Drop for Simulator {
    fn drop(&mut self) {
        self.taak.abort();
    }
}

/// The API key the simulators accept (a request without it is refused as the source would).
pub const SLEUTEL: &str = "simulator-sleutel";

impl Simulator {
    /// BAG Individuele Bevragingen v2; base URL `{url}/lvbag/individuelebevragingen/v2`.
    pub async fn bag() -> Self {
        Self::start(Router::new().route(
            "/lvbag/individuelebevragingen/v2/adressenuitgebreid",
            get(bag_adressen),
        ))
        .await
    }

    /// The KvK APIs; base URL `{url}/test`.
    pub async fn kvk() -> Self {
        Self::start(
            Router::new()
                .route("/test/api/v2/zoeken", get(kvk_zoeken))
                .route("/test/api/v1/basisprofielen/{kvk}", get(kvk_basisprofiel))
                .route(
                    "/test/api/v1/vestigingsprofielen/{vestiging}",
                    get(kvk_vestigingsprofiel),
                ),
        )
        .await
    }

    /// BRP API Personen v2; base URL `{url}/haalcentraal/api/brp`.
    pub async fn brp() -> Self {
        Self::start(Router::new().route("/haalcentraal/api/brp/personen", post(brp_personen))).await
    }

    /// yente; base URL `{url}`.
    pub async fn yente() -> Self {
        Self::start(Router::new().route("/match/{dataset}", post(yente_match))).await
    }

    async fn start(router: Router<Arc<Staat>>) -> Self {
        let staat = Arc::new(Staat {
            sleutel: SLEUTEL.into(),
            ..Staat::default()
        });
        let app = router
            .layer(middleware::from_fn_with_state(staat.clone(), gedrag))
            .with_state(staat.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on the loopback address");
        let adres = listener.local_addr().expect("a bound address");
        let taak = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { adres, staat, taak }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.adres)
    }

    pub fn zet(&self, gedrag: Gedrag) {
        *self.staat.gedrag.lock().unwrap_or_else(|p| p.into_inner()) = gedrag;
    }

    /// The requests received so far.
    pub fn verzoeken(&self) -> Vec<Verzoek> {
        self.staat
            .verzoeken
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Records the request, then answers as the simulator is set to.
async fn gedrag(State(staat): State<Arc<Staat>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    staat
        .verzoeken
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push(Verzoek {
            methode: parts.method.to_string(),
            uri: parts.uri.to_string(),
            headers: parts
                .headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
                .collect(),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        });
    let wat = staat
        .gedrag
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone();
    match wat {
        Gedrag::Normaal => {}
        Gedrag::Traag(d) => tokio::time::sleep(d).await,
        Gedrag::Storing(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
            return (
                status,
                [(header::CONTENT_TYPE, "application/problem+json")],
                json!({"title": "Storing", "status": status.as_u16()}).to_string(),
            )
                .into_response();
        }
        Gedrag::TeGroot(n) => {
            return (
                [(header::CONTENT_TYPE, "application/json")],
                format!("{{\"x\":\"{}\"}}", "a".repeat(n)),
            )
                .into_response();
        }
        Gedrag::TeGrootZonderLengte(n) => {
            let chunks = (0..n.div_ceil(8192)).map(|_| {
                Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(vec![b' '; 8192]))
            });
            return Response::builder()
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from_stream(futures_util::stream::iter(chunks)))
                .expect("a response");
        }
        Gedrag::Omleiding => {
            return (
                StatusCode::FOUND,
                [(header::LOCATION, "http://192.0.2.1/elders")],
            )
                .into_response();
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

fn sleutel(headers: &HeaderMap, naam: &str, staat: &Staat) -> bool {
    headers.get(naam).and_then(|v| v.to_str().ok()) == Some(staat.sleutel.as_str())
}

fn problem(status: StatusCode, title: &str, invalid: &[(&str, &str)]) -> Response {
    let params: Vec<Value> = invalid
        .iter()
        .map(|(name, reason)| json!({"name": name, "code": "pattern", "reason": reason}))
        .collect();
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        json!({"type": "https://datatracker.ietf.org/doc/html/rfc7231", "title": title,
               "status": status.as_u16(), "invalidParams": params})
        .to_string(),
    )
        .into_response()
}

// ---------------------------------------------------------------- BAG

/// The simulator's fictitious addresses (AdresUitgebreid).
pub fn bag_data() -> Vec<Value> {
    vec![
        json!({"openbareRuimteNaam": "Bloemenlaan", "korteNaam": "Bloemenlaan", "huisnummer": 12,
               "postcode": "2161AB", "woonplaatsNaam": "Lisse",
               "nummeraanduidingIdentificatie": "0553200000012345",
               "openbareRuimteIdentificatie": "0553300000000101", "woonplaatsIdentificatie": "2085",
               "adresseerbaarObjectIdentificatie": "0553010000012345",
               "pandIdentificaties": ["0553100000004321"], "typeAdresseerbaarObject": "Verblijfsobject",
               "adresseerbaarObjectStatus": "Verblijfsobject in gebruik",
               "gebruiksdoelen": ["woonfunctie"], "oppervlakte": 84,
               "oorspronkelijkBouwjaar": ["1931"],
               "adresseerbaarObjectGeometrie": {"punt": {"type": "Point", "coordinates": [98765.0, 478123.0, 0.0]}}}),
        json!({"openbareRuimteNaam": "Bloemenlaan", "korteNaam": "Bloemenlaan", "huisnummer": 12,
               "huisletter": "A", "postcode": "2161AB", "woonplaatsNaam": "Lisse",
               "nummeraanduidingIdentificatie": "0553200000012346",
               "openbareRuimteIdentificatie": "0553300000000101", "woonplaatsIdentificatie": "2085",
               "adresseerbaarObjectIdentificatie": "0553010000012346",
               "pandIdentificaties": ["0553100000004321"], "typeAdresseerbaarObject": "Verblijfsobject",
               "adresseerbaarObjectStatus": "Verblijfsobject in gebruik",
               "gebruiksdoelen": ["winkelfunctie"], "oppervlakte": 230,
               "oorspronkelijkBouwjaar": ["1931"]}),
    ]
}

async fn bag_adressen(
    State(staat): State<Arc<Staat>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if !sleutel(&headers, "x-api-key", &staat) {
        return problem(StatusCode::FORBIDDEN, "Niet geautoriseerd.", &[]);
    }
    let postcode = q.get("postcode").cloned().unwrap_or_default();
    let geldig = postcode.len() == 6
        && postcode[..4].bytes().all(|b| b.is_ascii_digit())
        && !postcode.starts_with('0')
        && postcode[4..].bytes().all(|b| b.is_ascii_alphabetic());
    if !geldig {
        return problem(
            StatusCode::BAD_REQUEST,
            "Een of meerdere parameters zijn niet correct.",
            &[(
                "postcode",
                "Waarde voldoet niet aan patroon ^[1-9][0-9]{3}[a-zA-Z]{2}$.",
            )],
        );
    }
    let Some(huisnummer) = q.get("huisnummer").and_then(|h| h.parse::<u64>().ok()) else {
        return problem(
            StatusCode::BAD_REQUEST,
            "Een of meerdere parameters zijn niet correct.",
            &[("huisnummer", "Waarde is geen geldig getal.")],
        );
    };
    let exact = q.get("exacteMatch").map(String::as_str) == Some("true");
    let gelijk = |a: &Value, k: &str| {
        let gevraagd = q.get(k).map(|s| s.to_uppercase());
        let heeft = a.get(k).and_then(Value::as_str).map(str::to_uppercase);
        match gevraagd {
            Some(g) => heeft.as_deref() == Some(g.as_str()),
            None => !exact || heeft.is_none(),
        }
    };
    let adressen: Vec<Value> = bag_data()
        .into_iter()
        .filter(|a| a["postcode"].as_str() == Some(postcode.to_uppercase().as_str()))
        .filter(|a| a["huisnummer"].as_u64() == Some(huisnummer))
        .filter(|a| gelijk(a, "huisletter") && gelijk(a, "huisnummertoevoeging"))
        .collect();
    let mut body = json!({"_links": {"self": {"href": "/adressenuitgebreid"}}});
    if !adressen.is_empty() {
        body["_embedded"] = json!({"adressen": adressen});
    }
    (
        [(header::CONTENT_TYPE, "application/hal+json")],
        body.to_string(),
    )
        .into_response()
}

// ---------------------------------------------------------------- KvK

fn kvk_fout(status: StatusCode, code: &str, omschrijving: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        json!({"fout": [{"code": code, "omschrijving": omschrijving}]}).to_string(),
    )
        .into_response()
}

/// The simulator's fictitious Basisprofielen.
pub fn kvk_data() -> Vec<Value> {
    vec![json!({
        "kvkNummer": "68750110", "naam": "Bloembollen Handel B.V.", "statutaireNaam": "Bloembollen Handel B.V.",
        "materieleRegistratie": {"datumAanvang": "20180115"},
        "sbiActiviteiten": [{"sbiCode": "4622", "sbiOmschrijving": "Groothandel in bloemen", "indHoofdactiviteit": "Ja"}],
        "_embedded": {
            "eigenaar": {"rsin": "857587973", "rechtsvorm": "BesloteVennootschap"},
            "hoofdvestiging": {"vestigingsnummer": "000037178598", "kvkNummer": "68750110",
                "eersteHandelsnaam": "Bloembollen Handel", "indHoofdvestiging": "Ja",
                "adressen": [{"type": "bezoekadres", "straatnaam": "Bloemenlaan", "huisnummer": 12,
                              "huisletter": "A", "postcode": "2161AB", "plaats": "Lisse",
                              "geoData": {"nummerAanduidingId": "0553200000012346",
                                          "addresseerbaarObjectId": "0553010000012346"}}]}}
    })]
}

async fn kvk_zoeken(
    State(staat): State<Arc<Staat>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    if !sleutel(&headers, "apikey", &staat) {
        return kvk_fout(StatusCode::UNAUTHORIZED, "IPD1002", "Geen geldige API-key.");
    }
    if let Some(n) = q.get("kvkNummer")
        && (n.len() != 8 || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        return kvk_fout(StatusCode::BAD_REQUEST, "IPD1999", "Ongeldig kvkNummer.");
    }
    let resultaten: Vec<Value> = kvk_data()
        .iter()
        .filter_map(|b| {
            let h = &b["_embedded"]["hoofdvestiging"];
            let a = &h["adressen"][0];
            let past = match (q.get("kvkNummer"), q.get("postcode")) {
                (Some(n), _) => b["kvkNummer"].as_str() == Some(n),
                (None, Some(p)) => {
                    a["postcode"].as_str() == Some(&p.to_uppercase())
                        && q.get("huisnummer").map(String::as_str)
                            == Some(a["huisnummer"].to_string().as_str())
                }
                _ => false,
            };
            past.then(|| {
                json!({"kvkNummer": b["kvkNummer"], "vestigingsnummer": h["vestigingsnummer"],
                       "naam": h["eersteHandelsnaam"], "type": "hoofdvestiging", "actief": "Ja",
                       "adres": {"binnenlandsAdres": {"type": "bezoekadres",
                           "straatnaam": a["straatnaam"], "huisnummer": a["huisnummer"],
                           "huisletter": a["huisletter"], "postcode": a["postcode"], "plaats": a["plaats"]}}})
            })
        })
        .collect();
    if resultaten.is_empty() {
        return kvk_fout(
            StatusCode::NOT_FOUND,
            "IPD5200",
            "Geen resultaten gevonden.",
        );
    }
    let totaal = resultaten.len();
    (
        [(header::CONTENT_TYPE, "application/json")],
        json!({"pagina": 1, "resultatenPerPagina": 100, "totaal": totaal, "resultaten": resultaten})
            .to_string(),
    )
        .into_response()
}

async fn kvk_basisprofiel(
    State(staat): State<Arc<Staat>>,
    headers: HeaderMap,
    Path(kvk): Path<String>,
) -> Response {
    if !sleutel(&headers, "apikey", &staat) {
        return kvk_fout(StatusCode::UNAUTHORIZED, "IPD1002", "Geen geldige API-key.");
    }
    match kvk_data()
        .into_iter()
        .find(|b| b["kvkNummer"] == kvk.as_str())
    {
        Some(b) => ([(header::CONTENT_TYPE, "application/json")], b.to_string()).into_response(),
        None => kvk_fout(
            StatusCode::NOT_FOUND,
            "IPD0004",
            "Het KvK-nummer is niet gevonden.",
        ),
    }
}

async fn kvk_vestigingsprofiel(
    State(staat): State<Arc<Staat>>,
    headers: HeaderMap,
    Path(vestiging): Path<String>,
) -> Response {
    if !sleutel(&headers, "apikey", &staat) {
        return kvk_fout(StatusCode::UNAUTHORIZED, "IPD1002", "Geen geldige API-key.");
    }
    let gevonden = kvk_data().into_iter().find_map(|b| {
        let h = b["_embedded"]["hoofdvestiging"].clone();
        (h["vestigingsnummer"] == vestiging.as_str()).then_some(h)
    });
    match gevonden {
        Some(v) => ([(header::CONTENT_TYPE, "application/json")], v.to_string()).into_response(),
        None => kvk_fout(
            StatusCode::NOT_FOUND,
            "IPD0005",
            "Het vestigingsnummer is niet gevonden.",
        ),
    }
}

// ---------------------------------------------------------------- BRP

/// The simulator's fictitious persons (Persoon, as the BRP API gives them).
pub fn brp_data() -> Vec<Value> {
    vec![
        json!({"burgerservicenummer": "999990019",
               "naam": {"voornamen": "Jan Willem", "geslachtsnaam": "Tulp", "volledigeNaam": "Jan Willem Tulp"},
               "geboorte": {"datum": {"type": "Datum", "datum": "1983-05-26", "langFormaat": "26 mei 1983"}},
               "verblijfplaats": {"type": "Adres", "nummeraanduidingIdentificatie": "0553200000012345",
                   "adresseerbaarObjectIdentificatie": "0553010000012345",
                   "verblijfadres": {"officieleStraatnaam": "Bloemenlaan", "korteStraatnaam": "Bloemenlaan",
                       "huisnummer": 12, "postcode": "2161AB", "woonplaats": "Lisse"}}}),
        json!({"burgerservicenummer": "999990020",
               "naam": {"voornamen": "Petra", "geslachtsnaam": "Narcis", "volledigeNaam": "Petra Narcis"},
               "geboorte": {"datum": {"type": "Datum", "datum": "1990-02-01", "langFormaat": "1 februari 1990"}},
               "verblijfplaats": {"type": "Adres", "nummeraanduidingIdentificatie": "0553200000012345",
                   "adresseerbaarObjectIdentificatie": "0553010000012345",
                   "verblijfadres": {"officieleStraatnaam": "Bloemenlaan", "korteStraatnaam": "Bloemenlaan",
                       "huisnummer": 12, "postcode": "2161AB", "woonplaats": "Lisse"}}}),
    ]
}

/// The fields the simulator knows (a subset of `fields-filtered-Persoon.csv`).
const BRP_VELDEN: &[&str] = &[
    "burgerservicenummer",
    "naam",
    "naam.volledigeNaam",
    "naam.voornamen",
    "naam.geslachtsnaam",
    "geboorte",
    "geboorte.datum",
    "verblijfplaats",
];

fn brp_fout(detail: &str, invalid: &[(&str, &str)]) -> Response {
    problem(StatusCode::BAD_REQUEST, detail, invalid)
}

/// The person with only the asked fields (a date's part gives the whole date).
fn alleen(p: &Value, fields: &[String]) -> Value {
    let mut out = json!({});
    for f in fields {
        let parts: Vec<&str> = f.split('.').collect();
        let mut src = p;
        let mut ok = true;
        for part in &parts {
            match src.get(part) {
                Some(v) => src = v,
                None => ok = false,
            }
            if !ok {
                break;
            }
        }
        if !ok {
            continue;
        }
        let mut dst = &mut out;
        for part in &parts[..parts.len() - 1] {
            dst = dst
                .as_object_mut()
                .expect("an object")
                .entry(part.to_string())
                .or_insert_with(|| json!({}));
        }
        dst[parts[parts.len() - 1]] = src.clone();
    }
    out
}

async fn brp_personen(
    State(staat): State<Arc<Staat>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    if !sleutel(&headers, "x-api-key", &staat) {
        return problem(
            StatusCode::UNAUTHORIZED,
            "Niet correct geauthenticeerd.",
            &[],
        );
    }
    if headers.get("x-doelbinding").is_none() {
        return problem(StatusCode::FORBIDDEN, "Geen doelbinding opgegeven.", &[]);
    }
    let Ok(vraag) = serde_json::from_slice::<Value>(&body) else {
        return brp_fout("De request body is geen geldige JSON.", &[]);
    };
    let fields: Vec<String> = match vraag.get("fields").and_then(Value::as_array) {
        Some(f) if !f.is_empty() && f.len() <= 130 => f
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => {
            return brp_fout(
                "Een of meerdere parameters zijn niet correct.",
                &[("fields", "Parameter is verplicht.")],
            );
        }
    };
    if fields.iter().any(|f| !BRP_VELDEN.contains(&f.as_str())) {
        return brp_fout(
            "Een of meerdere parameters zijn niet correct.",
            &[("fields", "Parameter bevat een niet bestaande veldnaam.")],
        );
    }
    let personen: Vec<Value> = match vraag.get("type").and_then(Value::as_str) {
        Some("RaadpleegMetBurgerservicenummer") => {
            let nummers: Vec<&str> = vraag
                .get("burgerservicenummer")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if nummers.is_empty()
                || nummers
                    .iter()
                    .any(|n| n.len() != 9 || !n.bytes().all(|b| b.is_ascii_digit()))
            {
                return brp_fout(
                    "Een of meerdere parameters zijn niet correct.",
                    &[(
                        "burgerservicenummer",
                        "Waarde voldoet niet aan patroon ^[0-9]{9}$.",
                    )],
                );
            }
            brp_data()
                .into_iter()
                .filter(|p| nummers.contains(&p["burgerservicenummer"].as_str().unwrap_or("")))
                .collect()
        }
        Some("ZoekMetPostcodeEnHuisnummer") => {
            let postcode = vraag["postcode"].as_str().unwrap_or("").to_uppercase();
            let Some(huisnummer) = vraag["huisnummer"].as_u64() else {
                return brp_fout(
                    "Een of meerdere parameters zijn niet correct.",
                    &[("huisnummer", "Parameter is verplicht.")],
                );
            };
            let letter = vraag["huisletter"].as_str().map(str::to_uppercase);
            brp_data()
                .into_iter()
                .filter(|p| {
                    let a = &p["verblijfplaats"]["verblijfadres"];
                    a["postcode"].as_str() == Some(postcode.as_str())
                        && a["huisnummer"].as_u64() == Some(huisnummer)
                        && a["huisletter"].as_str().map(str::to_uppercase) == letter
                })
                .collect()
        }
        _ => {
            return brp_fout(
                "Een of meerdere parameters zijn niet correct.",
                &[("type", "Waarde is geen geldig zoek type.")],
            );
        }
    };
    let personen: Vec<Value> = personen.iter().map(|p| alleen(p, &fields)).collect();
    (
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        json!({"type": vraag["type"], "personen": personen}).to_string(),
    )
        .into_response()
}

// ---------------------------------------------------------------- yente

/// The simulator's fictitious screening data (FtM entities as yente returns them).
pub fn yente_data() -> Vec<Value> {
    vec![
        json!({"id": "sim-nl-0001", "schema": "Person", "caption": "Karel Distel",
                "properties": {"name": ["Karel Distel"], "birthDate": ["1971-04-03"],
                               "nationality": ["nl"], "topics": ["sanction"]},
                "datasets": ["nl_terrorism_list"], "referents": [], "target": true,
                "first_seen": "2024-01-01T00:00:00", "last_seen": "2026-11-30T00:00:00",
                "last_change": "2025-06-01T00:00:00"}),
    ]
}

fn tokens(s: &str) -> Vec<String> {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

async fn yente_match(
    Path(dataset): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: axum::body::Bytes,
) -> Response {
    if dataset != "default" && dataset != "sanctions" {
        return (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"detail": format!("Dataset not found: {dataset}")}).to_string(),
        )
            .into_response();
    }
    let detail = |d: &str| {
        (
            StatusCode::BAD_REQUEST,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"detail": d}).to_string(),
        )
            .into_response()
    };
    let Ok(vraag) = serde_json::from_slice::<Value>(&body) else {
        return detail("Invalid JSON body");
    };
    let Some(queries) = vraag.get("queries").and_then(Value::as_object) else {
        return detail("queries: field required");
    };
    let threshold: f64 = q
        .get("threshold")
        .and_then(|t| t.parse().ok())
        .unwrap_or(0.7);
    let mut responses = serde_json::Map::new();
    for (key, query) in queries {
        let Some(schema) = query.get("schema").and_then(Value::as_str) else {
            return detail("schema: field required");
        };
        let namen: Vec<String> = query
            .pointer("/properties/name")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .flat_map(tokens)
                    .collect()
            })
            .unwrap_or_default();
        let mut results = Vec::new();
        for e in yente_data() {
            if schema != "LegalEntity" && e["schema"].as_str() != Some(schema) {
                continue;
            }
            let eigen: Vec<String> = e["properties"]["name"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .flat_map(tokens)
                        .collect()
                })
                .unwrap_or_default();
            let gedeeld = namen.iter().filter(|t| eigen.contains(t)).count();
            let alle = namen.len().max(eigen.len()).max(1);
            let score = gedeeld as f64 / alle as f64;
            if score > 0.0 {
                let mut r = e.clone();
                r["score"] = json!(score);
                r["match"] = json!(score >= threshold);
                r["explanations"] = json!({});
                results.push(r);
            }
        }
        responses.insert(
            key.clone(),
            json!({"status": 200, "total": {"value": results.len(), "relation": "eq"},
                   "query": query, "results": results}),
        );
    }
    (
        [(header::CONTENT_TYPE, "application/json")],
        json!({"responses": responses, "limit": 10}).to_string(),
    )
        .into_response()
}
