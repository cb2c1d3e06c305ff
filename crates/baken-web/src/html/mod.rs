//! The HTML pages. Each module holds the handlers of one area; templates live in `templates/`.

mod account;
mod admin;
mod auth;
mod casussen;
mod catalogus;
pub(crate) mod form;
mod home;
mod maatregelen;
mod overdracht;
mod overleggen;
mod protocol;
mod raadplegingen;
pub(crate) mod signalen;
mod verwerkingslog;
mod verzoeken;

use crate::AppState;
use axum::Router;

/// Every page route, area by area: each area (sign-in, account, signals, protocol, processing log,
/// requests, administration) registers its own routes in its module.
pub fn router(upload_limit: usize) -> Router<AppState> {
    Router::new()
        .merge(home::router())
        .merge(auth::router())
        .merge(account::router())
        .merge(signalen::router(upload_limit))
        .merge(protocol::router())
        .merge(raadplegingen::router())
        .merge(catalogus::router())
        .merge(maatregelen::router())
        .merge(casussen::router())
        .merge(overleggen::router())
        .merge(overdracht::router())
        .merge(verwerkingslog::router())
        .merge(verzoeken::router())
        .merge(admin::router())
}
