//! Volume data for benchmarks and load tests (`baken bench-data`), apart from the services: fictitious
//! signals with journal entries, written through the same insert and append paths as real ones
//! (numbering, entity links, hash chain, signatures, full-text index), in batched transactions.

use crate::Services;
use crate::audit::RequestContext;
use crate::error::{ServiceError, ServiceResult};
use baken_domain::journal::JournaalSoort;
use baken_domain::signaal::{Bron, Fenomeen, SignaalInvoer};
use baken_domain::{Actor, GemeenteCode};
use time::Duration;
use uuid::Uuid;

impl Services {
    #[doc(hidden)]
    pub async fn generate_volume(
        &self,
        actor: &Actor,
        gemeente: &GemeenteCode,
        signals: usize,
        entries_per_signal: usize,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> ServiceResult<Vec<Uuid>> {
        const WORDS: [&str; 24] = [
            "hennepgeur",
            "loods",
            "zolder",
            "stroomverbruik",
            "bestelbus",
            "nachtelijk",
            "verkeer",
            "contant",
            "vastgoed",
            "huurder",
            "eigenaar",
            "kwekerij",
            "vaten",
            "chemische",
            "lucht",
            "bedrijfspand",
            "inschrijving",
            "uitbuiting",
            "overnachten",
            "verbouwing",
            "shishalounge",
            "kapsalon",
            "autohandel",
            "opslag",
        ];
        const STREETS: [&str; 6] = [
            "Demostraat",
            "Voorbeeldlaan",
            "Fictieweg",
            "Proefpad",
            "Testkade",
            "Verzinsel",
        ];
        let ctx = RequestContext {
            client_addr: Some("bench-data".into()),
            user_agent: None,
        };
        let mut ids = Vec::with_capacity(signals);
        let mut seed: u64 = 0x5eed_0001;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) as usize
        };
        let batch = 250;
        let mut done = 0;
        while done < signals {
            let mut tx = self.store.begin().await?;
            let author = self.author(tx.as_mut(), actor).await?;
            for _ in 0..batch.min(signals - done) {
                let words: Vec<&str> = (0..8).map(|_| WORDS[next() % WORDS.len()]).collect();
                let address = next() % (signals / 2 + 1);
                let input = SignaalInvoer {
                    gemeente: gemeente.to_string(),
                    ontvangstdatum: (self.today() - Duration::days((next() % 700) as i64))
                        .to_string(),
                    bron: Bron::ALL[next() % Bron::ALL.len()].as_str().into(),
                    omschrijving: format!("Signaal over {}.", words.join(" ")),
                    fenomenen: vec![Fenomeen::ALL[next() % Fenomeen::ALL.len()].as_str().into()],
                    objecten: vec![baken_domain::entiteit::EntiteitInvoer {
                        soort: "adres".into(),
                        postcode: Some(format!(
                            "{} {}",
                            1000 + address % 8999,
                            ["XA", "XB", "XC", "XD"][address % 4]
                        )),
                        huisnummer: Some((1 + address % 400).to_string()),
                        straat: Some(STREETS[address % STREETS.len()].into()),
                        ..Default::default()
                    }],
                    ..Default::default()
                };
                let signaal = input.parse(self.today()).map_err(ServiceError::Invalid)?;
                let created = self
                    .insert_signal(tx.as_mut(), actor, &signaal, &ctx)
                    .await?;
                for n in 0..entries_per_signal {
                    let words: Vec<&str> = (0..12).map(|_| WORDS[next() % WORDS.len()]).collect();
                    let mut entry = self.system_entry(
                        created.id,
                        &author,
                        JournaalSoort::ALL[n % 8],
                        format!("Post {n}: {}.", words.join(" ")),
                    );
                    entry.geregistreerd_op = self.clock.now();
                    self.append_entry(tx.as_mut(), &entry).await?;
                }
                ids.push(created.id);
                done += 1;
            }
            tx.commit().await?;
            progress(done, signals);
        }
        Ok(ids)
    }
}
