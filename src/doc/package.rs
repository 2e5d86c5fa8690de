//! Reading a received Word package (a DOCX is a zip of XML parts), for the two places that open
//! one someone else made: `import` (the document itself) and the DOCX writer's reference
//! document (its styles). Everything a package can make us do is bounded here: the number of
//! parts, what each part and all parts together unpack to (read through `Read::take`, never
//! trusting the sizes the zip declares), and how deep the XML of a part nests, so that every
//! walk over a part's tree may recurse. Every refusal is a sentence in Norwegian that names
//! the part.

use std::fmt;
use std::io::Read;

/// The bounds a package is read within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The most one part may unpack to.
    pub part_bytes: u64,
    /// The most all the parts read may unpack to together.
    pub total_bytes: u64,
    /// The most parts (zip entries) a package may have.
    pub parts: usize,
    /// The deepest a part's XML may nest elements.
    pub depth: usize,
    /// The most nodes (elements, texts, attributes' owners) a part's XML may have.
    pub nodes: u32,
}

impl Limits {
    /// What a Word document needs, with room to spare: a long plan's `document.xml` is a few
    /// megabytes and nests some twenty elements deep (a text box in a table in a table).
    pub const DEFAULT: Limits = Limits {
        part_bytes: 32 * 1024 * 1024,
        total_bytes: 96 * 1024 * 1024,
        parts: 10_000,
        depth: 100,
        nodes: 8_000_000,
    };
}

/// Why a package (or one of its parts) cannot be read: a phrase that follows the name of the
/// file («rapport.docx: …», «referansedokumentet …»).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageError {
    NotZip,
    /// A zip, but without a part every Word document has.
    NotWord {
        missing: String,
    },
    TooManyParts {
        limit: usize,
    },
    PartTooLarge {
        part: String,
        limit: u64,
    },
    TotalTooLarge {
        part: String,
        limit: u64,
    },
    Damaged {
        part: String,
        why: &'static str,
    },
    NotUtf8 {
        part: String,
    },
    NotXml {
        part: String,
        line: u32,
        column: u32,
    },
    TooDeep {
        part: String,
        limit: usize,
    },
    TooManyNodes {
        part: String,
        limit: u32,
    },
}

const RESAVE: &str = "åpne dokumentet i Word og lagre det på nytt, eller bruk et annet";

fn megabytes(bytes: u64) -> u64 {
    bytes / 1024 / 1024
}

impl fmt::Display for PackageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PackageError::NotZip => {
                write!(
                    f,
                    "er ikke et Word-dokument (.docx): filen er ikke en zip-pakke"
                )
            }
            PackageError::NotWord { missing } => {
                write!(
                    f,
                    "er ikke et Word-dokument (.docx): pakken mangler {missing}"
                )
            }
            PackageError::TooManyParts { limit } => write!(
                f,
                "er ikke et vanlig Word-dokument: pakken har mer enn {limit} deler; {RESAVE}"
            ),
            PackageError::PartTooLarge { part, limit } => write!(
                f,
                "er for stort: delen {part} er større enn {} MB utpakket (et Word-dokument har \
                 ikke så store deler); {RESAVE}",
                megabytes(*limit)
            ),
            PackageError::TotalTooLarge { part, limit } => write!(
                f,
                "er for stort: delene er til sammen større enn {} MB utpakket (ved delen \
                 {part}); {RESAVE}",
                megabytes(*limit)
            ),
            PackageError::Damaged { part, why } => {
                write!(
                    f,
                    "er skadet: delen {part} kan ikke pakkes ut ({why}); {RESAVE}"
                )
            }
            PackageError::NotUtf8 { part } => write!(
                f,
                "er skadet: delen {part} er ikke tekst i UTF-8, slik Word skriver; {RESAVE}"
            ),
            PackageError::NotXml { part, line, column } => write!(
                f,
                "er skadet: delen {part} er ikke gyldig XML (linje {line}, kolonne {column}); \
                 {RESAVE}"
            ),
            PackageError::TooDeep { part, limit } => write!(
                f,
                "er ikke et vanlig Word-dokument: delen {part} har elementer nøstet mer enn \
                 {limit} nivåer inne i hverandre (et Word-dokument har noen få titalls); {RESAVE}"
            ),
            PackageError::TooManyNodes { part, limit } => write!(
                f,
                "er for stort: delen {part} har mer enn {limit} elementer; {RESAVE}"
            ),
        }
    }
}

impl std::error::Error for PackageError {}

/// An open package: its parts are read one at a time, each within the limits, and the bytes
/// unpacked so far are counted against the total.
pub struct Package<'b> {
    zip: zip::ZipArchive<std::io::Cursor<&'b [u8]>>,
    limits: Limits,
    unpacked: u64,
}

impl<'b> Package<'b> {
    /// Opens a package within the default limits.
    pub fn open(bytes: &'b [u8]) -> Result<Package<'b>, PackageError> {
        Package::with_limits(bytes, Limits::DEFAULT)
    }

    pub fn with_limits(bytes: &'b [u8], limits: Limits) -> Result<Package<'b>, PackageError> {
        let zip =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|_| PackageError::NotZip)?;
        if zip.len() > limits.parts {
            return Err(PackageError::TooManyParts {
                limit: limits.parts,
            });
        }
        Ok(Package {
            zip,
            limits,
            unpacked: 0,
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The names of the parts, in the package's order.
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names().map(String::from).collect()
    }

    /// A part's bytes (none when the package has no such part), unpacked within the limits.
    pub fn bytes(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let cap = self.limits.part_bytes;
        let Some(bytes) = self.read(name, cap)? else {
            return Ok(None);
        };
        if bytes.len() as u64 > cap {
            return Err(PackageError::PartTooLarge {
                part: name.to_string(),
                limit: cap,
            });
        }
        Ok(Some(bytes))
    }

    /// A part as text (UTF-8, as Word writes every XML part).
    pub fn text(&mut self, name: &str) -> Result<Option<String>, PackageError> {
        self.bytes(name)?.map(|b| utf8(name, b)).transpose()
    }

    /// The first `length` bytes of a part at most, as text (a character cut at the end is left
    /// out): enough to tell what a part is without unpacking the rest.
    pub fn start(&mut self, name: &str, length: u64) -> Result<Option<String>, PackageError> {
        let Some(bytes) = self.read(name, length.saturating_sub(1))? else {
            return Ok(None);
        };
        Ok(Some(match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let mut bytes = e.into_bytes();
                bytes.truncate(valid);
                String::from_utf8(bytes).unwrap_or_default()
            }
        }))
    }

    /// At most `cap + 1` bytes of a part (one more than the cap tells the caller it is larger),
    /// counted against the total.
    fn read(&mut self, name: &str, cap: u64) -> Result<Option<Vec<u8>>, PackageError> {
        let left = self.limits.total_bytes.saturating_sub(self.unpacked);
        let damaged = |why| PackageError::Damaged {
            part: name.to_string(),
            why,
        };
        let file = match self.zip.by_name(name) {
            Ok(file) => file,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(zip::result::ZipError::UnsupportedArchive(_))
            | Err(zip::result::ZipError::CompressionMethodNotSupported(_)) => {
                return Err(damaged(
                    "den er kryptert eller pakket på en måte Word ikke bruker",
                ));
            }
            Err(_) => return Err(damaged("pakkens innholdsliste stemmer ikke")),
        };
        let mut bytes = Vec::new();
        file.take(cap.min(left) + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| damaged(read_failure(&e)))?;
        self.unpacked += bytes.len() as u64;
        if bytes.len() as u64 > left && left <= cap {
            return Err(PackageError::TotalTooLarge {
                part: name.to_string(),
                limit: self.limits.total_bytes,
            });
        }
        Ok(Some(bytes))
    }
}

/// What went wrong unpacking, in the user's words (the zip crate says it in English).
fn read_failure(e: &std::io::Error) -> &'static str {
    let said = e.to_string().to_lowercase();
    if said.contains("checksum") || said.contains("crc") {
        "kontrollsummen stemmer ikke"
    } else if said.contains("deflate") || said.contains("compress") {
        "det pakkede innholdet er ødelagt"
    } else {
        "innholdet slutter for tidlig eller er ødelagt"
    }
}

fn utf8(part: &str, bytes: Vec<u8>) -> Result<String, PackageError> {
    let text = String::from_utf8(bytes).map_err(|_| PackageError::NotUtf8 {
        part: part.to_string(),
    })?;
    // A byte order mark is allowed before the declaration.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// Parses a part's XML within the limits: no DTD (so no entity expansion and no outside
/// files), at most `limits.nodes` nodes, and no element nested deeper than `limits.depth`, so
/// that a walk over the tree may recurse.
pub fn parse<'t>(
    part: &str,
    text: &'t str,
    limits: Limits,
) -> Result<roxmltree::Document<'t>, PackageError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: limits.nodes,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::NodesLimitReached => PackageError::TooManyNodes {
            part: part.to_string(),
            limit: limits.nodes,
        },
        e => PackageError::NotXml {
            part: part.to_string(),
            line: e.pos().row,
            column: e.pos().col,
        },
    })?;
    if depth(&doc) > limits.depth {
        return Err(PackageError::TooDeep {
            part: part.to_string(),
            limit: limits.depth,
        });
    }
    Ok(doc)
}

/// How deep elements nest in a tree (the root element is 1), found without recursion: in
/// document order a parent comes before its children, so each node's depth is its parent's
/// plus one.
fn depth(doc: &roxmltree::Document) -> usize {
    let mut depths: Vec<usize> = Vec::new();
    let mut most = 0;
    for node in doc.descendants() {
        let parent = node
            .parent()
            .and_then(|p| depths.get(p.id().get_usize()).copied())
            .unwrap_or(0);
        let here = parent + usize::from(node.is_element());
        let id = node.id().get_usize();
        if depths.len() <= id {
            depths.resize(id + 1, 0);
        }
        depths[id] = here;
        most = most.max(here);
    }
    most
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
        zip_as(parts, zip::CompressionMethod::Deflated)
    }

    fn zip_as(parts: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        for (name, bytes) in parts {
            zip.start_file(*name, options).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn the_default_limits_refuse_a_part_past_32_mb_and_name_it() {
        // 33 MB of spaces pack to a few kilobytes: a small file that would fill the memory.
        let big = vec![b' '; 33 * 1024 * 1024];
        let bytes = zip(&[("word/styles.xml", &big)]);
        assert!(bytes.len() < 100_000);
        let mut package = Package::open(&bytes).unwrap();
        let e = package.text("word/styles.xml").unwrap_err();
        assert_eq!(
            e,
            PackageError::PartTooLarge {
                part: "word/styles.xml".into(),
                limit: 32 * 1024 * 1024
            }
        );
        assert!(
            e.to_string()
                .contains("word/styles.xml er større enn 32 MB")
        );
    }

    #[test]
    fn the_total_is_counted_over_every_part_read() {
        let part = vec![b'x'; 1000];
        let bytes = zip(&[("a.xml", &part), ("b.xml", &part), ("c.xml", &part)]);
        let limits = Limits {
            part_bytes: 1000,
            total_bytes: 2500,
            ..Limits::DEFAULT
        };
        let mut package = Package::with_limits(&bytes, limits).unwrap();
        assert!(package.bytes("a.xml").unwrap().is_some());
        assert!(package.bytes("b.xml").unwrap().is_some());
        let e = package.bytes("c.xml").unwrap_err();
        assert!(matches!(e, PackageError::TotalTooLarge { ref part, .. } if part == "c.xml"));
        assert!(package.bytes("d.xml").unwrap().is_none());
    }

    #[test]
    fn the_start_of_a_part_is_read_without_the_rest() {
        let mut part = b"<plan xmlns=\"urn:x\">".to_vec();
        part.extend(vec![b'x'; 5_000_000]);
        let bytes = zip(&[("item.xml", &part)]);
        let limits = Limits {
            total_bytes: 10_000,
            ..Limits::DEFAULT
        };
        let mut package = Package::with_limits(&bytes, limits).unwrap();
        for _ in 0..5 {
            let start = package.start("item.xml", 1024).unwrap().unwrap();
            assert!(start.starts_with("<plan xmlns=\"urn:x\">") && start.len() <= 1024);
        }
    }

    #[test]
    fn a_damaged_part_is_told_in_norwegian_with_its_name() {
        let mut bytes = zip_as(
            &[("word/document.xml", b"<w:document>hei</w:document>")],
            zip::CompressionMethod::Stored,
        );
        // Change a byte of the stored content: its checksum no longer matches.
        let at = bytes.windows(3).position(|w| w == b"hei").unwrap();
        bytes[at] = b'H';
        let e = Package::open(&bytes)
            .unwrap()
            .text("word/document.xml")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "er skadet: delen word/document.xml kan ikke pakkes ut (kontrollsummen stemmer \
                 ikke); {RESAVE}"
            )
        );
        let latin1 = zip(&[("word/styles.xml", b"<a>bl\xe5</a>")]);
        let e = Package::open(&latin1)
            .unwrap()
            .text("word/styles.xml")
            .unwrap_err();
        assert!(
            e.to_string()
                .contains("delen word/styles.xml er ikke tekst i UTF-8")
        );
    }

    #[test]
    fn xml_nested_past_the_depth_is_refused_before_any_walk() {
        let deep = "<a>".repeat(101) + &"</a>".repeat(101);
        let e = parse("word/styles.xml", &deep, Limits::DEFAULT).unwrap_err();
        assert_eq!(
            e,
            PackageError::TooDeep {
                part: "word/styles.xml".into(),
                limit: 100
            }
        );
        let fine = "<a>".repeat(100) + &"</a>".repeat(100);
        assert!(parse("word/styles.xml", &fine, Limits::DEFAULT).is_ok());
        let dtd = "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>";
        assert!(matches!(
            parse("word/document.xml", dtd, Limits::DEFAULT),
            Err(PackageError::NotXml { .. })
        ));
    }
}
