//! The access log's writer: group commit.
//!
//! Every read of a dossier, entity, attachment or search result must be logged before its data is
//! returned (no log, no data). Writing each record in its own transaction makes every read queue for
//! the database's write lock (on SQLite, one writer at a time). Instead, requests hand their records to
//! one writer task, which stores everything that is waiting in a single transaction and only then
//! acknowledges each request. Each request still waits for its own records to be committed.
//! The processing-log records of the same reads travel with them, in the same transaction.

use baken_store::{AccessRecord, Store, VerwerkingRecord};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

type Ack = oneshot::Sender<Result<(), String>>;

/// The access-log and processing-log records of one request.
pub type Records = (Vec<AccessRecord>, Vec<VerwerkingRecord>);

/// Records waiting per batch at most; more wait for the next transaction.
const MAX_BATCH: usize = 2000;

#[derive(Clone)]
pub struct AccessLogWriter {
    queue: mpsc::UnboundedSender<(Records, Ack)>,
}

impl AccessLogWriter {
    /// Starts the writer task on the current tokio runtime.
    pub fn start(store: Arc<dyn Store>) -> Self {
        let (queue, mut incoming) = mpsc::unbounded_channel::<(Records, Ack)>();
        tokio::spawn(async move {
            while let Some(first) = incoming.recv().await {
                let mut batch = vec![first];
                let mut count = batch[0].0.0.len() + batch[0].0.1.len();
                while count < MAX_BATCH {
                    match incoming.try_recv() {
                        Ok(next) => {
                            count += next.0.0.len() + next.0.1.len();
                            batch.push(next);
                        }
                        Err(_) => break,
                    }
                }
                let result = write(store.as_ref(), &batch).await;
                for (_, ack) in batch {
                    let _ = ack.send(result.clone());
                }
            }
        });
        Self { queue }
    }

    /// Logs the records; returns once they are committed.
    pub async fn log(&self, records: Records) -> Result<(), String> {
        let (ack, done) = oneshot::channel();
        self.queue
            .send((records, ack))
            .map_err(|_| "access log writer stopped".to_string())?;
        done.await
            .map_err(|_| "access log writer stopped".to_string())?
    }
}

async fn write(store: &dyn Store, batch: &[(Records, Ack)]) -> Result<(), String> {
    // All waiting requests' records go in as multi-row statements: a handful of statements per
    // transaction instead of one per record.
    let access: Vec<AccessRecord> = batch
        .iter()
        .flat_map(|((access, _), _)| access.iter().cloned())
        .collect();
    let processing: Vec<VerwerkingRecord> = batch
        .iter()
        .flat_map(|((_, processing), _)| processing.iter().cloned())
        .collect();
    let mut tx = store.begin().await.map_err(|e| e.to_string())?;
    tx.append_access_batch(&access)
        .await
        .map_err(|e| e.to_string())?;
    tx.append_verwerkingen(&processing)
        .await
        .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())
}
