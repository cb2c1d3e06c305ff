//! The confirmation after a save ("De journaalpost is toegevoegd."): the handler that saved
//! redirects with a short-lived cookie holding a fixed code (never personal data); the next page
//! shows the message in its frame and the cookie is cleared. The address stays as it was.

use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};

pub const FLASH_COOKIE: &str = "baken_melding";

tokio::task_local! {
    static MELDING: Option<&'static str>;
}

/// The message of a code; unknown codes show nothing.
pub fn message(code: &str) -> Option<&'static str> {
    Some(match code {
        "geregistreerd" => "Het signaal is geregistreerd.",
        "journaal" => "De journaalpost is toegevoegd.",
        "status" => "De status is gewijzigd.",
        "team" => "Het team en de toewijzing zijn opgeslagen.",
        "bijlage" => "De bijlage is toegevoegd.",
        "toegewezen" => "Het signaal is toegewezen.",
        "opgeslagen" => "Opgeslagen.",
        "toetsaanvraag" => {
            "De privacytoets is aangevraagd; de privacyfunctionaris ziet de aanvraag op de startpagina."
        }
        "toegang-gevraagd" => {
            "Uw verzoek om toegang is verstuurd; de eigenaar of de coördinator beslist."
        }
        "toegang-beslist" => "Het besluit over de toegang is vastgelegd.",
        "maatregel" => "De maatregel is voorgesteld en staat in het journaal van het signaal.",
        "maatregel-stap" => "De stap is vastgelegd; de termijnen zijn bijgewerkt.",
        "overgedragen" => "Het werk is overgedragen; in elk signaal staat een journaalpost.",
        "maatregel-brief" => {
            "De brief is opgesteld en staat als PDF bij de bijlagen van het signaal."
        }
        "koppeling" => "Toegevoegd aan het signaal.",
        "gecorrigeerd" => "De correctie is opgeslagen en staat in het journaal.",
        "ontkoppeld" => "Ontkoppeld; het journaal legt vast waarom.",
        "toetsbesluit" => "Het besluit over de privacytoets is vastgelegd.",
        "casus-gestart" => {
            "De casus is gestart; het signaal is eraan gekoppeld en staat in het journaal."
        }
        "casus" => "De casus is opgeslagen; de wijziging staat in het journaal.",
        "casus-fase" => "De casus is in de volgende fase; de stap staat in het journaal.",
        "taak" => "De taak is opgeslagen en staat in het journaal van het dossier.",
        "overleg" => "Het overleg is opgeslagen.",
        "overleg-gepland" => "Het overleg is gepland; de agenda is klaar.",
        "agenda" => "De agenda is bijgewerkt.",
        "besluit" => "Het besluit is vastgelegd en staat in het journaal van het dossier.",
        "actiepunt" => "Het actiepunt staat op de takenlijst van de eigenaar.",
        _ => return None,
    })
}

/// The confirmation for the page being rendered, if the request brought one.
pub fn current() -> Option<&'static str> {
    MELDING.try_with(|m| *m).ok().flatten()
}

/// A redirect (303) that makes the next page confirm `code`.
pub fn redirect(location: &str, code: &'static str, secure: bool) -> Response {
    debug_assert!(message(code).is_some(), "unknown confirmation {code}");
    let cookie = Cookie::build((FLASH_COOKIE, code))
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .path("/")
        .max_age(time::Duration::seconds(60))
        .build();
    let mut response = Redirect::to(location).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie.to_string()) {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Makes a request's confirmation available to the page frame, and clears the cookie once a page
/// has shown it (a redirect passes it on).
pub async fn carry(request: Request, next: Next) -> Response {
    let code = CookieJar::from_headers(request.headers())
        .get(FLASH_COOKIE)
        .map(|c| c.value().to_string());
    let Some(code) = code else {
        return next.run(request).await;
    };
    let shows = request.method() == Method::GET;
    let melding = message(&code).filter(|_| shows);
    let mut response = MELDING.scope(melding, next.run(request)).await;
    if shows && !response.status().is_redirection() {
        let mut removal = Cookie::build((FLASH_COOKIE, "")).path("/").build();
        removal.make_removal();
        if let Ok(value) = HeaderValue::from_str(&removal.to_string()) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}
