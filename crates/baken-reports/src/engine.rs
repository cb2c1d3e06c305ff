//! The typst side: a minimal `World` holding one template, the shared layout, the JSON input and
//! the embedded fonts. No file system, no packages, no clock.

use crate::RapportFout;
use std::sync::OnceLock;
use tokio::sync::Semaphore;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

const FONTS: [&[u8]; 4] = [
    include_bytes!("../fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../fonts/LiberationSans-Bold.ttf"),
    include_bytes!("../fonts/LiberationSans-Italic.ttf"),
    include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
];
const LAYOUT: &str = include_str!("../templates/baken.typ");

/// Typesetting peaks at a few hundred megabytes; on a small server one document at a time.
static ONE_AT_A_TIME: Semaphore = Semaphore::const_new(1);

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let fonts: Vec<Font> = FONTS
            .iter()
            .flat_map(|data| Font::iter(Bytes::new(*data)))
            .collect();
        Shared {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("a fixed, valid path");
    RootedPath::new(VirtualRoot::Project, vpath).intern()
}

struct Document {
    main: Source,
    layout: Source,
    input: (FileId, Bytes),
}

impl World for Document {
    fn library(&self) -> &LazyHash<Library> {
        &shared().library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &shared().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        [&self.main, &self.layout]
            .into_iter()
            .find(|s| s.id() == id)
            .cloned()
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.input.0 {
            Ok(self.input.1.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        shared().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // Documents carry the time they were produced in their input; a template never asks
        // the clock, so the same input gives the same PDF.
        None
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

fn messages(diagnostics: &[SourceDiagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn typeset(
    template: &'static str,
    input: Vec<u8>,
    at: time::OffsetDateTime,
) -> Result<Vec<u8>, RapportFout> {
    let document = Document {
        main: Source::new(file_id("/document.typ"), template.to_string()),
        layout: Source::new(file_id("/baken.typ"), LAYOUT.to_string()),
        input: (file_id("/invoer.json"), Bytes::new(input)),
    };
    let compiled = typst::compile::<PagedDocument>(&document);
    let paged = compiled
        .output
        .map_err(|errors| RapportFout::Opmaak(messages(&errors)))?;
    let options = PdfOptions {
        standards: PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| RapportFout::Opmaak(e.message().to_string()))?,
        timestamp: timestamp(at),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|errors| RapportFout::Opmaak(messages(&errors)))
}

fn timestamp(at: time::OffsetDateTime) -> Option<Timestamp> {
    let at = at.to_offset(time::UtcOffset::UTC);
    Datetime::from_ymd_hms(
        at.year(),
        at.month().into(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
    )
    .map(Timestamp::new_utc)
}

pub(crate) async fn render(
    template: &'static str,
    input: Vec<u8>,
    at: time::OffsetDateTime,
) -> Result<Vec<u8>, RapportFout> {
    let _permit = ONE_AT_A_TIME
        .acquire()
        .await
        .map_err(|_| RapportFout::Opmaak("de opmaak is gestopt".into()))?;
    tokio::task::spawn_blocking(move || {
        let pdf = typeset(template, input, at);
        comemo::evict(0);
        pdf
    })
    .await
    .map_err(|e| RapportFout::Opmaak(e.to_string()))?
}
