//! `TestApp`: Baken on a free port with a fresh database, plus helpers to act as a browser.

use baken_core::{Caller, Clock, CoreConfig, NewUserInput, RequestContext, Services};
use baken_store::Store;
use reqwest::header::HeaderMap;
use reqwest::redirect::Policy;
use std::net::SocketAddr;
use std::sync::Arc;

pub const PASSWORD: &str = "lantaarn-fiets-zeventien";

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub url: String,
    pub services: Services,
    /// The store under the services, for reading back what a request left (logs, rows).
    pub store: Arc<dyn Store>,
    pub clock: Clock,
    /// The SQLite database file, when the backend is SQLite.
    pub sqlite_file: Option<std::path::PathBuf>,
    /// Where encrypted attachments are stored.
    pub attachments_dir: std::path::PathBuf,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut CoreConfig)) -> Self {
        Self::spawn_web(backend, configure, |_| {}).await
    }

    /// With settings of the services and of the HTTP layer.
    pub async fn spawn_web(
        backend: Backend,
        configure: impl FnOnce(&mut CoreConfig),
        configure_web: impl FnOnce(&mut baken_web::WebConfig),
    ) -> Self {
        let mut sqlite_file = None;
        let store: Arc<dyn Store> = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("baken.db");
                let url = format!("sqlite://{}", path.display());
                sqlite_file = Some(path);
                std::mem::forget(dir);
                let store = baken_store_sqlite::SqliteStore::connect(&url)
                    .await
                    .expect("sqlite");
                store.migrate().await.expect("migrate");
                Arc::new(store)
            }
            Backend::Postgres => Arc::new(baken_store_postgres::testing::fresh_store().await),
        };
        let mut core = CoreConfig {
            login_refusal_delay_ms: 20,
            ..CoreConfig::default()
        };
        configure(&mut core);
        let clock = Clock::system();
        let attachments_dir = tempfile::tempdir().expect("temp dir").keep();
        let attachment_store = baken_core::attachments::AttachmentStore::new(
            attachments_dir.clone(),
            baken_core::attachments::MasterKey::generate(),
            5 * 1024 * 1024,
        )
        .expect("attachment dir");
        let services = Services::new(
            store.clone(),
            core,
            clock.clone(),
            baken_core::JournalSigner::generate(),
        )
        .with_attachments(attachment_store);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        let url = format!("http://{address}");
        let mut web = baken_web::WebConfig {
            public_url: url.clone(),
            ..Default::default()
        };
        configure_web(&mut web);
        let app = baken_web::router(services.clone(), web);
        tokio::spawn(async move {
            axum_serve(listener, app).await;
        });
        let app = TestApp {
            url,
            services,
            clock,
            store,
            sqlite_file,
            attachments_dir,
        };
        app.seed().await;
        app
    }

    async fn seed(&self) {
        let ctx = RequestContext::default();
        for (code, naam) in [("GM0534", "Hillegom"), ("GM0553", "Lisse")] {
            self.services
                .add_gemeente(&Caller::System, code, naam, &ctx)
                .await
                .expect("gemeente");
        }
    }

    /// Creates an account with the test password.
    pub async fn user(&self, email: &str, role: &str, gemeenten: &[&str]) {
        let input = NewUserInput {
            email: email.into(),
            name: format!("Test {role}"),
            roles: vec![role.into()],
            gemeenten: gemeenten.iter().map(|g| g.to_string()).collect(),
            password: PASSWORD.into(),
        };
        self.services
            .add_user(&Caller::System, &input, &RequestContext::default())
            .await
            .expect("user");
    }

    /// A browser: keeps cookies, does not follow redirects (so tests see them), sends same-origin
    /// fetch metadata like a real browser on a form post.
    pub fn browser(&self) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert("sec-fetch-site", "same-origin".parse().expect("header"));
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .expect("client")
    }

    pub fn api(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .expect("client")
    }

    pub fn at(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// Posts a form; returns the response.
    pub async fn post(
        &self,
        client: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        client
            .post(self.at(path))
            .form(form)
            .send()
            .await
            .expect("post")
    }

    pub async fn get(&self, client: &reqwest::Client, path: &str) -> reqwest::Response {
        client.get(self.at(path)).send().await.expect("get")
    }

    /// Signs in with password; returns where sign-in sends the browser next.
    pub async fn sign_in(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.post(
            client,
            "/aanmelden",
            &[("email", email), ("wachtwoord", password)],
        )
        .await
    }

    /// Signs in fully when MFA is switched off.
    pub async fn signed_in_browser(&self, email: &str) -> reqwest::Client {
        let client = self.browser();
        let response = self.sign_in(&client, email, PASSWORD).await;
        assert_eq!(
            location(&response),
            "/",
            "sign-in completes without MFA in this configuration"
        );
        client
    }
}

async fn axum_serve(listener: tokio::net::TcpListener, app: axum::Router) {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
    .expect("serve");
}

pub fn location(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("location")
        .map(|v| v.to_str().expect("ascii").to_string())
        .unwrap_or_default()
}

pub fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} not in page"))
        + start.len();
    let rest = &text[from..];
    &rest[..rest.find(end).expect("end marker")]
}

pub fn totp_at(secret: &str, unix: u64) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32");
    totp_rs::TOTP::new(
        totp_rs::Algorithm::SHA1,
        6,
        1,
        30,
        bytes,
        None,
        "test".into(),
    )
    .expect("totp")
    .generate(unix)
}

pub fn totp_now(secret: &str) -> String {
    totp_at(
        secret,
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .as_secs(),
    )
}

/// Runs an async test body once per backend.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::support::Backend::Sqlite).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name($crate::support::Backend::Postgres).await;
                }
            )*
        }
    };
}

/// "Ja" to every criterion of a CCV-model weighing (each has three criteria).
pub fn ja_op_elk_criterium() -> serde_json::Value {
    serde_json::json!([
        {"criterium": 1, "antwoord": "ja", "toelichting": "Blijkt uit de melding."},
        {"criterium": 2, "antwoord": "ja"},
        {"criterium": 3, "antwoord": "ja"}
    ])
}

/// Whether the CCV model records a weighing for the transition `van` → `naar`.
pub fn weegt(van: &str, naar: &str) -> bool {
    matches!(van, "intake" | "weging" | "bronnenonderzoek") && naar != "samengevoegd"
}

/// `PATCH /api/v1/signalen/{id}` with `body`; a status change that records a weighing gets "ja"
/// to every criterion unless the body answers itself.
pub async fn patch_signal(
    app: &TestApp,
    token: &str,
    id: &str,
    mut body: serde_json::Value,
) -> (u16, serde_json::Value) {
    if let Some(naar) = body["status"].as_str().map(str::to_string)
        && body.get("wegingsantwoorden").is_none()
    {
        let current: serde_json::Value = app
            .api()
            .get(app.at(&format!("/api/v1/signalen/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap_or_default();
        if let Some(van) = current["status"].as_str()
            && weegt(van, &naar)
        {
            body["wegingsantwoorden"] = ja_op_elk_criterium();
        }
    }
    let response = app
        .api()
        .patch(app.at(&format!("/api/v1/signalen/{id}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}
