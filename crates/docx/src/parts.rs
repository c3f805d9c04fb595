//! The OPC package: bounded part reads and the relationships of the main part.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;

use crate::DocxError;

pub(crate) struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    max_part_bytes: u64,
}

impl<'a> Package<'a> {
    pub(crate) fn open(bytes: &'a [u8], max_part_bytes: u64) -> Result<Self, DocxError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip(e.to_string()))?;
        Ok(Package { archive, max_part_bytes })
    }

    /// The decompressed text of a part, `None` when the package has no such part.
    /// Reading stops at the size limit, whatever the zip headers claim.
    pub(crate) fn part(&mut self, name: &str) -> Result<Option<String>, DocxError> {
        let file = match self.archive.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(DocxError::Damaged { part: name.to_string(), message: e.to_string() }),
        };
        let mut buf = Vec::new();
        file.take(self.max_part_bytes + 1)
            .read_to_end(&mut buf)
            .map_err(|e| DocxError::Damaged { part: name.to_string(), message: e.to_string() })?;
        if buf.len() as u64 > self.max_part_bytes {
            return Err(DocxError::PartTooLarge { part: name.to_string(), limit: self.max_part_bytes });
        }
        match String::from_utf8(buf) {
            Ok(s) => Ok(Some(s)),
            Err(e) => Err(DocxError::Damaged { part: name.to_string(), message: format!("not UTF-8: {e}") }),
        }
    }
}

/// `Id → Target` of external relationships (hyperlinks) in a `.rels` part.
pub(crate) fn relationships(xml: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == "Relationship" => {
                let attr = |name: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == name)
                        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
                };
                if let (Some(id), Some(target)) = (attr("Id"), attr("Target")) {
                    map.insert(id, target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    map
}
