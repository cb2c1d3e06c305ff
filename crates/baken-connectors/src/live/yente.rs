//! A yente-compatible screening service (OpenSanctions' matching API): `POST /match/{dataset}`
//! with one query `{"schema", "properties"}` under `queries`; each result is a FollowTheMoney
//! entity with a `score` and `match` (the score at or above the threshold). A match is not a
//! finding: the team weighs it. The hosted API takes `Authorization: ApiKey …`.

use super::{BronConfig, BronFout, HttpBron, Methode};
use baken_domain::sanctie::SanctieEntiteit;
use serde_json::{Value, json};

/// Who or what to screen: an FtM schema (`Person`, `Company`, `LegalEntity`) with properties.
#[derive(Debug, Clone)]
pub struct YenteVraag {
    pub schema: &'static str,
    pub naam: String,
    pub geboortedatum: Option<String>,
    pub registratienummer: Option<String>,
}

/// One match above the threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct YenteTreffer {
    pub entiteit: SanctieEntiteit,
    pub score: f64,
}

/// The screening service.
#[derive(Debug)]
pub struct YenteLive(HttpBron);

impl YenteLive {
    pub fn new(config: BronConfig) -> Result<Self, BronFout> {
        HttpBron::new("De screeningsdienst (yente)", config).map(Self)
    }

    /// The entities the service counts as a match (at most 10).
    pub async fn match_(&self, vraag: &YenteVraag) -> Result<Vec<YenteTreffer>, BronFout> {
        let mut properties = json!({"name": [vraag.naam]});
        if let Some(d) = &vraag.geboortedatum {
            properties["birthDate"] = json!([d]);
        }
        if let Some(n) = &vraag.registratienummer {
            properties["registrationNumber"] = json!([n]);
            properties["jurisdiction"] = json!(["nl"]);
        }
        let body = json!({"queries": {"q": {"schema": vraag.schema, "properties": properties}}});
        let dataset = match self.0.config().dataset.trim() {
            "" => "default",
            d => d,
        };
        let url = self
            .0
            .url(&["match", dataset], &[("limit", "10".to_string())]);
        let mut headers = vec![("accept", "application/json".to_string())];
        if !self.0.config().api_sleutel.is_empty() {
            headers.push((
                "authorization",
                format!("ApiKey {}", self.0.config().api_sleutel),
            ));
        }
        let antwoord = self
            .0
            .vraag(Methode::Post, url, &headers, Some(&body))
            .await?;
        if antwoord.status == 404 {
            return Err(BronFout::Configuratie {
                bron: self.0.naam().into(),
                reden: format!("de dataset {dataset} bestaat niet bij de dienst"),
            });
        }
        let json = antwoord.json(self.0.naam())?;
        let Some(q) = json.pointer("/responses/q") else {
            return Err(self.0.onleesbaar("responses.q ontbreekt"));
        };
        if let Some(status) = q.get("status").and_then(Value::as_u64)
            && status != 200
        {
            return Err(BronFout::Storing {
                bron: self.0.naam().into(),
                status: status as u16,
            });
        }
        let Some(Value::Array(results)) = q.get("results") else {
            return Err(self.0.onleesbaar("results ontbreekt"));
        };
        let mut out = Vec::new();
        for r in results {
            if r.get("match").and_then(Value::as_bool) != Some(true) {
                continue;
            }
            let score = r.get("score").and_then(Value::as_f64).unwrap_or(0.0);
            let entiteit = crate::ftm::uit_json(r.clone())
                .map_err(|e| self.0.onleesbaar(format!("een resultaat: {e}")))?;
            out.push(YenteTreffer { entiteit, score });
        }
        Ok(out)
    }
}
