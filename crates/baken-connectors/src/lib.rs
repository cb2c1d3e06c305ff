//! Readers of outside sources for enrichment. Pure parsing over `std::io::Read`: no database and
//! no network here; the importers in `baken-core` and the binary decide what is kept.

pub mod bag;
