//! The sqlx implementation of the port for consultations of sources. Expanded by
//! [`crate::sqlx_tx!`] for each backend.

/// Implements [`baken_store::ConsultationsRead`] and [`baken_store::ConsultationsWrite`].
#[doc(hidden)]
#[macro_export]
macro_rules! sqlx_consultations {
    ($name:ident, $db:ty) => {
        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::ConsultationsRead for $name {
            async fn bronraadpleging(
                &mut self,
                id: $crate::sqlx::types::Uuid,
            ) -> $crate::baken_store::StoreResult<Option<$crate::baken_store::BronraadplegingRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BronraadplegingRow>(concat!(
                    "SELECT ", $crate::bronraadpleging_columns!(), " FROM bronraadplegingen WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .map($crate::rows::BronraadplegingRow::into_record)
                .transpose()
            }

            async fn bronraadplegingen(
                &mut self,
                dossier: $crate::sqlx::types::Uuid,
            ) -> $crate::baken_store::StoreResult<Vec<$crate::baken_store::BronraadplegingRecord>> {
                $crate::sqlx::query_as::<_, $crate::rows::BronraadplegingRow>(concat!(
                    "SELECT ", $crate::bronraadpleging_columns!(),
                    " FROM bronraadplegingen WHERE dossier_id = $1 ORDER BY op DESC, id DESC"
                ))
                .bind(dossier)
                .fetch_all(&mut *self.tx)
                .await
                .map_err($crate::backend)?
                .into_iter()
                .map($crate::rows::BronraadplegingRow::into_record)
                .collect()
            }
        }

        #[$crate::async_trait::async_trait]
        impl $crate::baken_store::ConsultationsWrite for $name {
            async fn insert_bronraadpleging(
                &mut self,
                r: &$crate::baken_store::BronraadplegingRecord,
            ) -> $crate::baken_store::StoreResult<()> {
                $crate::sqlx::query(concat!(
                    "INSERT INTO bronraadplegingen (", $crate::bronraadpleging_columns!(),
                    ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
                ))
                .bind(r.id)
                .bind(r.dossier_id)
                .bind(r.entiteit_id)
                .bind(&r.bron)
                .bind(&r.doel)
                .bind(r.stap.as_str())
                .bind(r.hit)
                .bind(r.journaal_id)
                .bind(r.vervolg_op)
                .bind(r.door.0)
                .bind(r.op)
                .execute(&mut *self.tx)
                .await
                .map_err(|e| $crate::map_err(e, "bronraadpleging"))?;
                Ok(())
            }
        }
    };
}
