//! Readers of outside sources for enrichment. Pure parsing over `std::io::Read`: no database and
//! no network here; the importers in `baken-core` and the binary decide what is kept.

pub mod bag;
pub mod eigen;
pub mod ftm;
pub mod kvk;

/// What is wrong with a file of an outside source, and where: the line (0 when a file is read
/// whole), and the element or object when one was being read.
pub use bag::ExtractError as LeesFout;
