//! The sqlx implementation of the port for the local registers (the BAG, the trade register and
//! the sanctions lists): counting, comparing, writing and removing, and the BAG's address
//! look-up. The other look-ups are in [`crate::register_zoek`]. Expanded by [`crate::sqlx_tx!`]
//! for each backend.

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

/// A stored JSON list back (a damaged one reads as empty).
#[doc(hidden)]
pub fn json_list_parse(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

/// The name keys an entity is found by: one per distinct non-empty key of its names.
#[doc(hidden)]
pub fn name_keys(entity: &baken_domain::sanctie::SanctieEntiteit) -> Vec<String> {
    let mut keys: Vec<String> = entity
        .namen
        .iter()
        .map(|n| baken_domain::sanctie::naam_sleutel(n))
        .filter(|k| !k.is_empty())
        .collect();
    keys.sort();
    keys.dedup();
    keys
}

/// The columns of each table, in the order [`sqlx_registers!`] binds them.
#[doc(hidden)]
pub fn bag_columns(soort: baken_store::RegisterSoort) -> &'static [&'static str] {
    use baken_store::RegisterSoort;
    match soort {
        RegisterSoort::Woonplaats => &["id", "naam", "status", "hash"],
        RegisterSoort::OpenbareRuimte => &["id", "naam", "woonplaats_id", "status", "hash"],
        RegisterSoort::Nummeraanduiding => &[
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
        RegisterSoort::Adresseerbaar => &[
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
        RegisterSoort::Pand => &["id", "bouwjaar", "status", "hash"],
        RegisterSoort::KvkVestiging => &[
            "id",
            "kvk_nummer",
            "vestigingsnummer",
            "naam",
            "handelsnamen",
            "rechtsvorm",
            "hoofdvestiging",
            "straatnaam",
            "huisnummer",
            "huisletter",
            "toevoeging",
            "postcode",
            "plaats",
            "sbi",
            "datum_aanvang",
            "datum_einde",
            "nummeraanduiding_id",
            "hash",
        ],
        RegisterSoort::SanctieEntiteit => &[
            "id",
            "ftm_schema",
            "caption",
            "namen",
            "geboortedata",
            "landen",
            "topics",
            "datasets",
            "nummers",
            "properties",
            "hash",
        ],
        RegisterSoort::EigenRij => &[
            "id",
            "gemeente_code",
            "bron",
            "rij_id",
            "postcode",
            "huisnummer",
            "huisletter",
            "toevoeging",
            "kvk_nummer",
            "bsn",
            "naam_sleutel",
            "velden",
            "hash",
        ],
    }
}

/// `INSERT … VALUES … ON CONFLICT (id) DO UPDATE SET` every other column: for `rows` rows.
#[doc(hidden)]
pub fn bag_upsert_sql<DB: sqlx::Database>(
    soort: baken_store::RegisterSoort,
    rows: usize,
) -> String {
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

            async fn register_aantal(&mut self, soort: $crate::baken_store::RegisterSoort) -> $crate::baken_store::StoreResult<i64> {
                // The table name comes from the type, never from input.
                let sql = format!("SELECT COUNT(*) FROM {}", soort.table());
                $crate::sqlx::query_scalar::<_, i64>($crate::sqlx::AssertSqlSafe(sql))
                    .fetch_one(&mut *self.tx)
                    .await
                    .map_err($crate::backend)
            }

            async fn register_hashes(
                &mut self,
                soort: $crate::baken_store::RegisterSoort,
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

            async fn register_ids(
                &mut self,
                soort: $crate::baken_store::RegisterSoort,
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

        /// Removes the name keys of these sanctions entities.
        async fn sanctie_namen_wissen(
            tx: &mut $crate::Conn<$db>,
            ids: &[String],
        ) -> $crate::baken_store::StoreResult<()> {
            for chunk in ids.chunks(500) {
                let sql = format!(
                    "DELETE FROM sanctie_namen WHERE entiteit_id IN ({})",
                    $crate::placeholders::<$db>(1, chunk.len())
                );
                let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                for id in chunk {
                    query = query.bind(id);
                }
                query.persistent(false).execute(&mut **tx).await.map_err($crate::backend)?;
            }
            Ok(())
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::RegistersWrite for $name {
            async fn register_schrijf(
                &mut self,
                objecten: &[(&$crate::baken_store::RegisterObject, &str)],
            ) -> $crate::baken_store::StoreResult<()> {
                use $crate::baken_domain::bag::BagObject;
                use $crate::baken_store::{RegisterObject, RegisterSoort};
                use $crate::rows::namen_json as json_list;
                for soort in RegisterSoort::ALLE {
                    let of_kind: Vec<&(&RegisterObject, &str)> =
                        objecten.iter().filter(|(o, _)| o.soort() == soort).collect();
                    if of_kind.is_empty() {
                        continue;
                    }
                    for chunk in of_kind.chunks(100) {
                        let sql = $crate::registers::bag_upsert_sql::<$db>(soort, chunk.len());
                        // The table and columns come from the type; every value is bound.
                        let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                        for (object, hash) in chunk {
                            query = match object {
                                RegisterObject::Bag(BagObject::Woonplaats(w)) => query.bind(&w.id).bind(&w.naam).bind(&w.status),
                                RegisterObject::Bag(BagObject::OpenbareRuimte(o)) => query.bind(&o.id).bind(&o.naam).bind(&o.woonplaats).bind(&o.status),
                                RegisterObject::Bag(BagObject::Nummeraanduiding(n)) => query
                                    .bind(&n.id)
                                    .bind(&n.postcode)
                                    .bind(i32::try_from(n.huisnummer).unwrap_or(i32::MAX))
                                    .bind(n.huisletter.as_deref().unwrap_or(""))
                                    .bind(n.toevoeging.as_deref().unwrap_or(""))
                                    .bind(&n.openbare_ruimte)
                                    .bind(&n.woonplaats)
                                    .bind(&n.status),
                                RegisterObject::Bag(BagObject::Adresseerbaar(a)) => query
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
                                RegisterObject::Bag(BagObject::Pand(p)) => query.bind(&p.id).bind(p.bouwjaar).bind(&p.status),
                                RegisterObject::Kvk(v) => query
                                    .bind(v.id())
                                    .bind(&v.kvk_nummer)
                                    .bind(&v.vestigingsnummer)
                                    .bind(&v.naam)
                                    .bind(json_list(&v.handelsnamen))
                                    .bind(&v.rechtsvorm)
                                    .bind(v.hoofdvestiging)
                                    .bind(&v.adres.straatnaam)
                                    .bind(v.adres.huisnummer.and_then(|n| i32::try_from(n).ok()))
                                    .bind(v.adres.huisletter.as_deref().unwrap_or(""))
                                    .bind(v.adres.toevoeging.as_deref().unwrap_or(""))
                                    .bind(&v.adres.postcode)
                                    .bind(&v.adres.plaats)
                                    .bind(json_list(&v.sbi))
                                    .bind(&v.datum_aanvang)
                                    .bind(&v.datum_einde)
                                    .bind(&v.nummeraanduiding),
                                RegisterObject::Sanctie(e) => query
                                    .bind(&e.id)
                                    .bind(&e.schema)
                                    .bind(&e.caption)
                                    .bind(json_list(&e.namen))
                                    .bind(json_list(&e.geboortedata))
                                    .bind(json_list(&e.landen))
                                    .bind(json_list(&e.topics))
                                    .bind(json_list(&e.datasets))
                                    .bind(json_list(&e.nummers))
                                    .bind(&e.properties),
                                RegisterObject::Eigen(r) => query
                                    .bind(&r.id)
                                    .bind(r.gemeente.as_str())
                                    .bind(&r.bron)
                                    .bind(&r.rij_id)
                                    .bind(r.adres.as_ref().map(|a| a.postcode.as_str()))
                                    .bind(r.adres.as_ref().and_then(|a| i32::try_from(a.huisnummer).ok()))
                                    .bind(r.adres.as_ref().map_or("", |a| a.huisletter.as_str()))
                                    .bind(r.adres.as_ref().map_or("", |a| a.toevoeging.as_str()))
                                    .bind(&r.kvk_nummer)
                                    .bind(&r.bsn)
                                    .bind(&r.naam_sleutel)
                                    .bind($crate::eigen_registers::velden_json(&r.velden)),
                            }
                            .bind(*hash);
                        }
                        query.persistent(false).execute(&mut *self.tx).await.map_err($crate::backend)?;
                    }
                    if soort == RegisterSoort::SanctieEntiteit {
                        // The names an entity is found by: replaced with the entity.
                        let ids: Vec<String> = of_kind.iter().map(|(o, _)| o.id().to_string()).collect();
                        sanctie_namen_wissen(&mut self.tx, &ids).await?;
                        let keys: Vec<(String, &str)> = of_kind
                            .iter()
                            .filter_map(|(o, _)| match o {
                                RegisterObject::Sanctie(e) => Some(e),
                                _ => None,
                            })
                            .flat_map(|e| $crate::registers::name_keys(e).into_iter().map(move |k| (k, e.id.as_str())))
                            .collect();
                        for chunk in keys.chunks(400) {
                            let sql = format!(
                                "INSERT INTO sanctie_namen (sleutel, entiteit_id) VALUES {}",
                                $crate::value_rows::<$db>(chunk.len(), 2)
                            );
                            let mut query = $crate::sqlx::query($crate::sqlx::AssertSqlSafe(sql));
                            for (key, id) in chunk {
                                query = query.bind(key).bind(*id);
                            }
                            query.persistent(false).execute(&mut *self.tx).await.map_err($crate::backend)?;
                        }
                    }
                }
                Ok(())
            }

            async fn register_verwijder(
                &mut self,
                soort: $crate::baken_store::RegisterSoort,
                ids: &[String],
            ) -> $crate::baken_store::StoreResult<u64> {
                if soort == $crate::baken_store::RegisterSoort::SanctieEntiteit {
                    sanctie_namen_wissen(&mut self.tx, ids).await?;
                }
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
