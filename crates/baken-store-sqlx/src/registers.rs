//! The sqlx implementation of the port for the local registers (the BAG). Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Splits a stored comma-separated list (empty: none).
#[doc(hidden)]
pub fn bag_list(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `''` back to `None`.
#[doc(hidden)]
pub fn bag_optional(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// The kind of an addressable object as stored.
#[doc(hidden)]
pub fn bag_soort_text(soort: baken_domain::bag::Soort) -> &'static str {
    match soort {
        baken_domain::bag::Soort::Verblijfsobject => "verblijfsobject",
        baken_domain::bag::Soort::Ligplaats => "ligplaats",
        baken_domain::bag::Soort::Standplaats => "standplaats",
    }
}

#[doc(hidden)]
pub fn bag_soort_parse(text: &str) -> baken_domain::bag::Soort {
    match text {
        "ligplaats" => baken_domain::bag::Soort::Ligplaats,
        "standplaats" => baken_domain::bag::Soort::Standplaats,
        _ => baken_domain::bag::Soort::Verblijfsobject,
    }
}

/// The columns of each table, in the order [`sqlx_registers!`] binds them.
#[doc(hidden)]
pub fn bag_columns(soort: baken_store::BagSoort) -> &'static [&'static str] {
    use baken_store::BagSoort;
    match soort {
        BagSoort::Woonplaats => &["id", "naam", "status", "hash"],
        BagSoort::OpenbareRuimte => &["id", "naam", "woonplaats_id", "status", "hash"],
        BagSoort::Nummeraanduiding => &[
            "id",
            "postcode",
            "huisnummer",
            "huisletter",
            "toevoeging",
            "openbare_ruimte_id",
            "woonplaats_id",
            "status",
            "hash",
        ],
        BagSoort::Adresseerbaar => &[
            "id",
            "soort",
            "hoofdadres_id",
            "nevenadressen",
            "gebruiksdoelen",
            "oppervlakte",
            "x",
            "y",
            "panden",
            "pand_id",
            "status",
            "hash",
        ],
        BagSoort::Pand => &["id", "bouwjaar", "status", "hash"],
    }
}

/// `INSERT … VALUES … ON CONFLICT (id) DO UPDATE SET` every other column: for `rows` rows.
#[doc(hidden)]
pub fn bag_upsert_sql<DB: sqlx::Database>(soort: baken_store::BagSoort, rows: usize) -> String {
    let columns = bag_columns(soort);
    let updates = columns[1..]
        .iter()
        .map(|c| format!("{c} = excluded.{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "INSERT INTO {} ({}) VALUES {} ON CONFLICT (id) DO UPDATE SET {updates}",
        soort.table(),
        columns.join(", "),
        crate::value_rows::<DB>(rows, columns.len())
    )
}

/// Implements [`baken_store::RegistersRead`] and [`baken_store::RegistersWrite`] for a backend's
/// transaction.
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_registers {
    ($name:ident, $db:ty) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RegistersRead for $name {
            async fn bag_adressen(
                &mut self,
                vraag: $crate::baken_store::BagAdresVraag<'_>,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BagAdresRecord>> {
                use $crate::sqlx::Row;
                let rows = $crate::sqlx::query(
                    "SELECT n.id, n.postcode, n.huisnummer, n.huisletter, n.toevoeging, n.openbare_ruimte_id, n.woonplaats_id, n.status, \
                     o.naam AS straat, COALESCE(w2.naam, w.naam) AS woonplaats, \
                     a.id AS a_id, a.soort AS a_soort, a.nevenadressen, a.gebruiksdoelen, a.oppervlakte, a.x, a.y, a.panden, a.status AS a_status, \
                     p.id AS p_id, p.bouwjaar, p.status AS p_status \
                     FROM bag_nummeraanduidingen n \
                     LEFT JOIN bag_openbare_ruimten o ON o.id = n.openbare_ruimte_id \
                     LEFT JOIN bag_woonplaatsen w ON w.id = o.woonplaats_id \
                     LEFT JOIN bag_woonplaatsen w2 ON w2.id = n.woonplaats_id \
                     LEFT JOIN bag_adresseerbare_objecten a ON a.hoofdadres_id = n.id \
                     LEFT JOIN bag_panden p ON p.id = a.pand_id \
                     WHERE n.postcode = $1 AND n.huisnummer = $2 AND ($3 IS NULL OR upper(n.huisletter) = upper($3)) AND ($4 IS NULL OR upper(n.toevoeging) = upper($4)) \
                     ORDER BY n.huisletter, n.toevoeging, n.id, a.id",
                )
                .bind(vraag.postcode)
                .bind(i32::try_from(vraag.huisnummer).unwrap_or(i32::MAX))
                .bind(vraag.huisletter)
                .bind(vraag.toevoeging)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?;
                let get_err = |e: $crate::sqlx::Error| $crate::backend(e);
                let mut out = Vec::with_capacity(rows.len());
                for row in rows {
                    let id: String = row.try_get("id").map_err(get_err)?;
                    let huisnummer: i32 = row.try_get("huisnummer").map_err(get_err)?;
                    let nummeraanduiding = $crate::baken_domain::bag::Nummeraanduiding {
                        postcode: row.try_get("postcode").map_err(get_err)?,
                        huisnummer: u32::try_from(huisnummer).unwrap_or_default(),
                        huisletter: $crate::registers::bag_optional(row.try_get("huisletter").map_err(get_err)?),
                        toevoeging: $crate::registers::bag_optional(row.try_get("toevoeging").map_err(get_err)?),
                        openbare_ruimte: row.try_get("openbare_ruimte_id").map_err(get_err)?,
                        woonplaats: row.try_get("woonplaats_id").map_err(get_err)?,
                        status: row.try_get("status").map_err(get_err)?,
                        id: id.clone(),
                    };
                    let object = match row.try_get::<Option<String>, _>("a_id").map_err(get_err)? {
                        Some(object_id) => {
                            let soort: String = row.try_get("a_soort").map_err(get_err)?;
                            let nevenadressen: String = row.try_get("nevenadressen").map_err(get_err)?;
                            let gebruiksdoelen: String = row.try_get("gebruiksdoelen").map_err(get_err)?;
                            let panden: String = row.try_get("panden").map_err(get_err)?;
                            let x: Option<f64> = row.try_get("x").map_err(get_err)?;
                            let y: Option<f64> = row.try_get("y").map_err(get_err)?;
                            let oppervlakte: Option<i32> = row.try_get("oppervlakte").map_err(get_err)?;
                            Some($crate::baken_domain::bag::Adresseerbaar {
                                id: object_id,
                                soort: $crate::registers::bag_soort_parse(&soort),
                                hoofdadres: id.clone(),
                                nevenadressen: $crate::registers::bag_list(&nevenadressen),
                                gebruiksdoelen: $crate::registers::bag_list(&gebruiksdoelen),
                                oppervlakte: oppervlakte.and_then(|o| u32::try_from(o).ok()),
                                punt: x.zip(y),
                                panden: $crate::registers::bag_list(&panden),
                                status: row.try_get("a_status").map_err(get_err)?,
                            })
                        }
                        None => None,
                    };
                    let pand = match row.try_get::<Option<String>, _>("p_id").map_err(get_err)? {
                        Some(pand_id) => Some($crate::baken_domain::bag::Pand {
                            id: pand_id,
                            bouwjaar: row.try_get("bouwjaar").map_err(get_err)?,
                            status: row.try_get("p_status").map_err(get_err)?,
                        }),
                        None => None,
                    };
                    out.push($crate::baken_store::BagAdresRecord {
                        nummeraanduiding,
                        straat: row.try_get("straat").map_err(get_err)?,
                        woonplaats: row.try_get("woonplaats").map_err(get_err)?,
                        object,
                        pand,
                    });
                }
                Ok(out)
            }

            async fn bag_aantal(&mut self, soort: $crate::baken_store::BagSoort) -> $crate::baken_store::StoreResult<i64> {
                // The table name comes from the type, never from input.
                let sql = format!("SELECT COUNT(*) FROM {}", soort.table());
                $crate::sqlx::query_scalar::<_, i64>($crate::sqlx::AssertSqlSafe(sql))
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }

            async fn bag_hashes(
                &mut self,
                soort: $crate::baken_store::BagSoort,
                ids: &[&str],
            ) -> $crate::baken_store::StoreResult<Vec<(String, String)>> {
                let mut out = Vec::with_capacity(ids.len());
                for chunk in ids.chunks(500) {
                    // The table name comes from the type; only placeholders are formatted in.
                    let sql = format!(
                        "SELECT id, hash FROM {} WHERE id IN ({})",
                        soort.table(),
                        $crate::placeholders::<$db>(1, chunk.len())
                    );
                    let mut query = $crate::sqlx::query_as::<_, (String, String)>($crate::sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        query = query.bind(*id);
                    }
                    out.extend(query.persistent(false).fetch_all(&mut *self.tx).await.map_err($crate::backend)?);
                }
                Ok(out)
            }

            async fn bag_ids(
                &mut self,
                soort: $crate::baken_store::BagSoort,
                na: Option<&str>,
                limit: i64,
            ) -> $crate::baken_store::StoreResult<Vec<String>> {
                let sql = format!(
                    "SELECT id FROM {} WHERE ($1 IS NULL OR id > $1) ORDER BY id LIMIT $2",
                    soort.table()
                );
                $crate::sqlx::query_scalar::<_, String>($crate::sqlx::AssertSqlSafe(sql))
                    .bind(na)
                    .bind(limit)
                    .fetch_all(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RegistersWrite for $name {
            async fn bag_schrijf(
                &mut self,
                objecten: &[(&$crate::baken_domain::bag::BagObject, &str)],
            ) -> $crate::baken_store::StoreResult<()> {
                use $crate::baken_domain::bag::BagObject;
                for soort in $crate::baken_store::BagSoort::ALLE {
                    let of_kind: Vec<&(&BagObject, &str)> = objecten
                        .iter()
                        .filter(|(o, _)| $crate::baken_store::BagSoort::of(o) == soort)
                        .collect();
                    for chunk in of_kind.chunks(200) {
                        let sql = $crate::registers::bag_upsert_sql::<$db>(soort, chunk.len());
                        // The table and columns come from the type; every value is bound.
                        let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                        for (object, hash) in chunk {
                            query = match object {
                                BagObject::Woonplaats(w) => query.bind(&w.id).bind(&w.naam).bind(&w.status),
                                BagObject::OpenbareRuimte(o) => query.bind(&o.id).bind(&o.naam).bind(&o.woonplaats).bind(&o.status),
                                BagObject::Nummeraanduiding(n) => query
                                    .bind(&n.id)
                                    .bind(&n.postcode)
                                    .bind(i32::try_from(n.huisnummer).unwrap_or(i32::MAX))
                                    .bind(n.huisletter.as_deref().unwrap_or(""))
                                    .bind(n.toevoeging.as_deref().unwrap_or(""))
                                    .bind(&n.openbare_ruimte)
                                    .bind(&n.woonplaats)
                                    .bind(&n.status),
                                BagObject::Adresseerbaar(a) => query
                                    .bind(&a.id)
                                    .bind($crate::registers::bag_soort_text(a.soort))
                                    .bind(&a.hoofdadres)
                                    .bind(a.nevenadressen.join(","))
                                    .bind(a.gebruiksdoelen.join(","))
                                    .bind(a.oppervlakte.and_then(|o| i32::try_from(o).ok()))
                                    .bind(a.punt.map(|p| p.0))
                                    .bind(a.punt.map(|p| p.1))
                                    .bind(a.panden.join(","))
                                    .bind(a.panden.first())
                                    .bind(&a.status),
                                BagObject::Pand(p) => query.bind(&p.id).bind(p.bouwjaar).bind(&p.status),
                            }
                            .bind(*hash);
                        }
                        query.persistent(false).execute(&mut *self.tx).await.map_err($crate::backend)?;
                    }
                }
                Ok(())
            }

            async fn bag_verwijder(
                &mut self,
                soort: $crate::baken_store::BagSoort,
                ids: &[String],
            ) -> $crate::baken_store::StoreResult<u64> {
                let mut removed = 0;
                for chunk in ids.chunks(500) {
                    let sql = format!(
                        "DELETE FROM {} WHERE id IN ({})",
                        soort.table(),
                        $crate::placeholders::<$db>(1, chunk.len())
                    );
                    let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                    for id in chunk {
                        query = query.bind(id);
                    }
                    removed += query.persistent(false).execute(&mut *self.tx).await.map_err($crate::backend)?.rows_affected();
                }
                Ok(removed)
            }
        }
    };
}
