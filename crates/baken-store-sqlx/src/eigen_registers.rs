//! The sqlx implementation of the look-ups in the municipalities' own registers. Expanded by
//! [`crate::sqlx_tx!`] for each backend; the rows are written by the register upsert of
//! [`crate::registers`].

/// The columns a row is read from.
#[doc(hidden)]
pub const EIGEN_COLUMNS: &str = "id, gemeente_code, bron, rij_id, postcode, huisnummer, huisletter, toevoeging, \
     kvk_nummer, bsn, naam_sleutel, velden";

/// The content columns as stored: a JSON list of `[header, value]`.
#[doc(hidden)]
pub fn velden_json(velden: &[(String, String)]) -> String {
    serde_json::to_string(velden).unwrap_or_else(|_| "[]".into())
}

#[doc(hidden)]
pub fn velden_parse(text: &str) -> Vec<(String, String)> {
    serde_json::from_str(text).unwrap_or_default()
}

/// Implements [`baken_store::EigenRegistersRead`] for a backend's transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_eigen_registers {
    ($name:ident, $db:ty) => {
        /// A row from [`crate::eigen_registers::EIGEN_COLUMNS`].
        fn eigen_rij_row(
            row: &<$db as $crate::sqlx::Database>::Row,
        ) -> Result<$crate::baken_domain::eigen_register::EigenRij, $crate::sqlx::Error> {
            use $crate::sqlx::Row;
            let gemeente: String = row.try_get("gemeente_code")?;
            let postcode: Option<String> = row.try_get("postcode")?;
            let huisnummer: Option<i32> = row.try_get("huisnummer")?;
            let velden: String = row.try_get("velden")?;
            let adres = match (postcode, huisnummer.and_then(|n| u32::try_from(n).ok())) {
                (Some(postcode), Some(huisnummer)) => Some($crate::baken_domain::eigen_register::RijAdres {
                    postcode,
                    huisnummer,
                    huisletter: row.try_get("huisletter")?,
                    toevoeging: row.try_get("toevoeging")?,
                }),
                _ => None,
            };
            Ok($crate::baken_domain::eigen_register::EigenRij {
                id: row.try_get("id")?,
                gemeente: $crate::baken_domain::GemeenteCode::parse(&gemeente)
                    .map_err(|e| $crate::sqlx::Error::Decode(e.into()))?,
                bron: row.try_get("bron")?,
                rij_id: row.try_get("rij_id")?,
                adres,
                kvk_nummer: row.try_get("kvk_nummer")?,
                bsn: row.try_get("bsn")?,
                naam_sleutel: row.try_get("naam_sleutel")?,
                velden: $crate::eigen_registers::velden_parse(&velden),
            })
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::EigenRegistersRead for $name {
            async fn eigen_rijen(
                &mut self,
                gemeente: &$crate::baken_domain::GemeenteCode,
                bron: &str,
                vraag: $crate::baken_store::EigenVraag<'_>,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_domain::eigen_register::EigenRij>> {
                use $crate::baken_store::EigenVraag;
                let columns = $crate::eigen_registers::EIGEN_COLUMNS;
                let head = "WHERE gemeente_code = $1 AND bron = $2 AND";
                let query = match vraag {
                    EigenVraag::Adres(a) => {
                        let sql = format!(
                            "SELECT {columns} FROM eigen_registerrijen {head} postcode = $3 AND huisnummer = $4 \
                             AND ($5 IS NULL OR upper(huisletter) = upper($5)) AND ($6 IS NULL OR upper(toevoeging) = upper($6)) \
                             ORDER BY id LIMIT $7"
                        );
                        $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql))
                            .bind(gemeente.as_str().to_string())
                            .bind(bron.to_string())
                            .bind(a.postcode.to_string())
                            .bind(i32::try_from(a.huisnummer).unwrap_or(i32::MAX))
                            .bind(a.huisletter.map(str::to_string))
                            .bind(a.toevoeging.map(str::to_string))
                            .bind(limit)
                    }
                    EigenVraag::Kvk(v) | EigenVraag::Bsn(v) | EigenVraag::Naam(v) => {
                        // The column comes from the kind of question, never from input.
                        let column = match vraag {
                            EigenVraag::Kvk(_) => "kvk_nummer",
                            EigenVraag::Bsn(_) => "bsn",
                            _ => "naam_sleutel",
                        };
                        let sql = format!(
                            "SELECT {columns} FROM eigen_registerrijen {head} {column} = $3 ORDER BY id LIMIT $4"
                        );
                        $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql))
                            .bind(gemeente.as_str().to_string())
                            .bind(bron.to_string())
                            .bind(v.to_string())
                            .bind(limit)
                    }
                };
                let rows = query.fetch_all(&mut *self.tx).await.map_err($crate::backend)?;
                rows.iter().map(eigen_rij_row).collect::<Result<_, _>>().map_err($crate::backend)
            }

            async fn eigen_bronnen(
                &mut self,
                gemeente: &$crate::baken_domain::GemeenteCode,
            ) -> $crate::baken_store::StoreResult<Vec<(String, i64)>> {
                use $crate::sqlx::Row;
                let rows = $crate::sqlx::query(
                    "SELECT bron, COUNT(*) AS n FROM eigen_registerrijen WHERE gemeente_code = $1 GROUP BY bron ORDER BY bron",
                )
                .bind(gemeente.as_str())
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                rows.iter()
                    .map(|r| Ok((r.try_get("bron")?, r.try_get("n")?)))
                    .collect::<Result<_, $crate::sqlx::Error>>()
                    .map_err($crate::backend)
            }

            async fn eigen_ids(
                &mut self,
                gemeente: &$crate::baken_domain::GemeenteCode,
                bron: &str,
                na: Option<&str>,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<String>> {
                $crate::sqlx::query_scalar(
                    "SELECT id FROM eigen_registerrijen WHERE gemeente_code = $1 AND bron = $2 \
                     AND ($3 IS NULL OR id > $3) ORDER BY id LIMIT $4",
                )
                .bind(gemeente.as_str())
                .bind(bron)
                .bind(na)
                .bind(limit)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)
            }
        }
    };
}
