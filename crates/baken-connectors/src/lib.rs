//! Readers of outside sources for enrichment: the bulk registers, parsed over `std::io::Read`
//! with no database and no network (the importers in `baken-core` and the binary decide what is
//! kept), and the live registry APIs over HTTPS ([`live`]), with local simulators of them for
//! tests ([`simulator`], with the `simulator` feature).

pub mod bag;
pub mod eigen;
pub mod ftm;
pub mod kvk;
pub mod live;
#[cfg(feature = "simulator")]
pub mod simulator;

/// What is wrong with a file of an outside source, and where: the line (0 when a file is read
/// whole), and the element or object when one was being read.
pub use bag::ExtractError as LeesFout;
