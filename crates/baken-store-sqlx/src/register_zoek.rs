//! The sqlx implementation of the look-ups in the local trade register and sanctions lists.
//! Expanded by [`crate::sqlx_tx!`] for each backend.

/// The columns a registration is read from.
#[doc(hidden)]
pub const KVK_COLUMNS: &str = "kvk_nummer, vestigingsnummer, naam, handelsnamen, rechtsvorm, hoofdvestiging, \
     straatnaam, huisnummer, huisletter, toevoeging, postcode, plaats, sbi, datum_aanvang, datum_einde, nummeraanduiding_id";

/// The columns an entity is read from.
#[doc(hidden)]
pub const SANCTIE_COLUMNS: &str = "e.id, e.ftm_schema, e.caption, e.namen, e.geboortedata, e.landen, e.topics, e.datasets, e.nummers, e.properties";

/// Implements [`baken_store::KvkRead`] and [`baken_store::SanctiesRead`] for a backend's
/// transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_register_zoek {
    ($name:ident, $db:ty) => {
        /// A registration from a row of [`crate::register_zoek::KVK_COLUMNS`].
        fn kvk_vestiging_row(
            row: &<$db as $crate::sqlx::Database>::Row,
        ) -> Result<$crate::baken_domain::kvk::KvkVestiging, $crate::sqlx::Error> {
            use $crate::registers::{bag_optional, json_list_parse};
            use $crate::sqlx::Row;
            let huisnummer: Option<i32> = row.try_get("huisnummer")?;
            let handelsnamen: String = row.try_get("handelsnamen")?;
            let sbi: String = row.try_get("sbi")?;
            Ok($crate::baken_domain::kvk::KvkVestiging {
                kvk_nummer: row.try_get("kvk_nummer")?,
                vestigingsnummer: row.try_get("vestigingsnummer")?,
                naam: row.try_get("naam")?,
                handelsnamen: json_list_parse(&handelsnamen),
                rechtsvorm: row.try_get("rechtsvorm")?,
                hoofdvestiging: row.try_get("hoofdvestiging")?,
                adres: $crate::baken_domain::kvk::KvkAdres {
                    straatnaam: row.try_get("straatnaam")?,
                    huisnummer: huisnummer.and_then(|n| u32::try_from(n).ok()),
                    huisletter: bag_optional(row.try_get("huisletter")?),
                    toevoeging: bag_optional(row.try_get("toevoeging")?),
                    postcode: row.try_get("postcode")?,
                    plaats: row.try_get("plaats")?,
                },
                sbi: json_list_parse(&sbi),
                datum_aanvang: row.try_get("datum_aanvang")?,
                datum_einde: row.try_get("datum_einde")?,
                nummeraanduiding: row.try_get("nummeraanduiding_id")?,
            })
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::KvkRead for $name {
            async fn kvk_op_nummer(
                &mut self,
                kvk_nummer: &str,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_domain::kvk::KvkVestiging>> {
                let sql = format!(
                    "SELECT {} FROM kvk_vestigingen WHERE kvk_nummer = $1 ORDER BY hoofdvestiging DESC, id",
                    $crate::register_zoek::KVK_COLUMNS
                );
                let rows = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql))
                    .bind(kvk_nummer)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(kvk_vestiging_row).collect::<Result<_, _>>().map_err($crate::backend)
            }

            async fn kvk_op_adres(
                &mut self,
                vraag: $crate::baken_store::BagAdresVraag<'_>,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_domain::kvk::KvkVestiging>> {
                let sql = format!(
                    "SELECT {} FROM kvk_vestigingen WHERE postcode = $1 AND huisnummer = $2 \
                     AND ($3 IS NULL OR upper(huisletter) = upper($3)) AND ($4 IS NULL OR upper(toevoeging) = upper($4)) \
                     ORDER BY id LIMIT $5",
                    $crate::register_zoek::KVK_COLUMNS
                );
                let rows = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql))
                    .bind(vraag.postcode)
                    .bind(i32::try_from(vraag.huisnummer).unwrap_or(i32::MAX))
                    .bind(vraag.huisletter)
                    .bind(vraag.toevoeging)
                    .bind(limit)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                rows.iter().map(kvk_vestiging_row).collect::<Result<_, _>>().map_err($crate::backend)
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::SanctiesRead for $name {
            async fn sancties_op_naam(
                &mut self,
                sleutel: &str,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_domain::sanctie::SanctieEntiteit>> {
                use $crate::registers::json_list_parse;
                use $crate::sqlx::Row;
                let sql = format!(
                    "SELECT {} FROM sanctie_namen n JOIN sanctie_entiteiten e ON e.id = n.entiteit_id \
                     WHERE n.sleutel = $1 ORDER BY e.id LIMIT $2",
                    $crate::register_zoek::SANCTIE_COLUMNS
                );
                let rows = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql))
                    .bind(sleutel)
                    .bind(limit)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)?;
                let list = |row: &<$db as $crate::sqlx::Database>::Row, column: &str| -> Result<Vec<String>, $crate::sqlx::Error> {
                    let text: String = row.try_get(column)?;
                    Ok(json_list_parse(&text))
                };
                rows.iter()
                    .map(|row| {
                        Ok($crate::baken_domain::sanctie::SanctieEntiteit {
                            id: row.try_get("id")?,
                            schema: row.try_get("ftm_schema")?,
                            caption: row.try_get("caption")?,
                            namen: list(row, "namen")?,
                            geboortedata: list(row, "geboortedata")?,
                            landen: list(row, "landen")?,
                            topics: list(row, "topics")?,
                            datasets: list(row, "datasets")?,
                            nummers: list(row, "nummers")?,
                            properties: row.try_get("properties")?,
                        })
                    })
                    .collect::<Result<_, $crate::sqlx::Error>>()
                    .map_err($crate::backend)
            }
        }
    };
}
