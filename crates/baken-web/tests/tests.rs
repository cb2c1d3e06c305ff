//! Integration tests of the web layer: the real router on 127.0.0.1:0, a real database (SQLite and
//! PostgreSQL), driven over HTTP like a browser or an API client would.

// Scenario tests read as one story each; the length and complexity limits are for production code.
#![allow(clippy::too_many_lines, clippy::cognitive_complexity)]

mod support;

mod api;
mod auth;
mod bewaren;
mod casussen;
mod catalogus;
mod dagelijks;
mod eigen_registers;
mod herinneringen;
mod keten;
mod koppelingen;
mod lekken;
mod live_bronnen;
mod maatregelen;
mod overdracht;
mod overleggen;
mod protocol;
mod raadplegingen;
mod security;
mod signalen;
mod uitkomsten;
mod verwerkingslog;
mod verzoeken;
mod wegen;
