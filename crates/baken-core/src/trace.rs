//! The trace a piece of work belongs to (W3C Trace Context). The web layer sets it per request
//! (continuing an incoming `traceparent`); work without one (the command line, the nightly jobs)
//! gets a new trace. Processing-log and access-log records carry it, so the privacy officer can
//! put the user next to each processing.

use baken_domain::verwerking::TraceContext;
use std::future::Future;

tokio::task_local! {
    static CURRENT: TraceContext;
}

/// A new trace with a new span (sampled flag off). The trace id is time-ordered (a UUIDv7: 48 bits
/// of milliseconds, then random bits), so that the logs' indexes on it grow at their end instead
/// of taking each new id at a random place (a page written per record); the span id is random.
pub fn new_trace() -> TraceContext {
    let trace = uuid::Uuid::now_v7();
    TraceContext {
        trace_id: *trace.as_bytes(),
        span_id: new_span_id(),
        flags: 0,
    }
}

/// A new span id (never all zeros).
pub fn new_span_id() -> [u8; 8] {
    let bytes = *uuid::Uuid::new_v4().as_bytes();
    let mut span = [0u8; 8];
    span.copy_from_slice(&bytes[8..]);
    if span == [0; 8] {
        span[7] = 1;
    }
    span
}

/// Runs `work` within `trace`.
pub async fn within<F: Future>(trace: TraceContext, work: F) -> F::Output {
    CURRENT.scope(trace, work).await
}

/// The current trace, or a new one outside any.
pub fn current() -> TraceContext {
    CURRENT.try_with(|t| *t).unwrap_or_else(|_| new_trace())
}
