//! The predefined CJK CMaps of ISO 32000 (Adobe's data, as `hayro-cmap` carries it): the
//! CID → Unicode maps of the Japan1, GB1, CNS1 and Korea1 collections, for `ToUnicode` maps
//! that only name one (`/Adobe-Korea1-UCS2 usecmap`) and for CID fonts of those collections
//! without a `ToUnicode` map, as poppler and pdf.js read them.
//!
//! A map is decompressed and parsed once per process, on first use.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use hayro_cmap::{BfString, CMap, CMapName, CidFamily};

/// Parsed maps by name; `None` for a name that is not a predefined map.
type Maps = HashMap<Vec<u8>, Option<Arc<CMap>>>;
static MAPS: LazyLock<Mutex<Maps>> = LazyLock::new(Mutex::default);

/// The predefined map `name`, parsed once.
fn map(name: &[u8]) -> Option<Arc<CMap>> {
    let mut maps = MAPS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(map) = maps.get(name) {
        return map.clone();
    }
    let parsed = match CMapName::from_bytes(name) {
        CMapName::Custom(_) => None,
        predefined => hayro_cmap::load_embedded(predefined).and_then(|data| CMap::parse(data, hayro_cmap::load_embedded)).map(Arc::new),
    };
    maps.insert(name.to_vec(), parsed.clone());
    parsed
}

/// Whether `name` is a predefined CMap other than the identities (which need no data).
pub(crate) fn is_predefined(name: &[u8]) -> bool {
    !matches!(CMapName::from_bytes(name), CMapName::Custom(_)) && !name.starts_with(b"Identity")
}

/// The text of `code` in the predefined map `name` (a CID → Unicode map such as
/// `Adobe-Korea1-UCS2`).
pub(crate) fn text(name: &[u8], code: u32) -> Option<String> {
    match map(name)?.lookup_bf_string(code)? {
        BfString::Char(c) => (!c.is_control()).then(|| c.to_string()),
        BfString::String(s) => (!s.is_empty()).then_some(s),
    }
}

/// The code at the start of `bytes` in the predefined encoding `name` (`90ms-RKSJ-H`,
/// `UniGB-UCS2-H` …), its length and CID: the shortest prefix the map gives a CID, else one
/// byte and CID 0 (the missing glyph).
pub(crate) fn next_code(name: &[u8], bytes: &[u8]) -> (u32, u8, u32) {
    let map = map(name);
    let mut code = 0u32;
    for (n, byte) in bytes.iter().take(4).enumerate() {
        code = (code << 8) | u32::from(*byte);
        let len = n as u8 + 1;
        if let Some(cid) = map.as_ref().and_then(|m| m.lookup_cid_code(code, len)) {
            return (code, len, cid);
        }
    }
    (bytes.first().map_or(0, |b| u32::from(*b)), 1, 0)
}

/// The name of the CID → Unicode map of the collection a CID font names in its
/// `/CIDSystemInfo`; `None` for Identity and collections without one.
pub(crate) fn unicode_map_of(registry: &[u8], ordering: &[u8]) -> Option<Vec<u8>> {
    CidFamily::from_registry_ordering(registry, ordering).ucs2_cmap().map(|name| name.to_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cids_of_the_predefined_collections() {
        // CID 1 is the space in every Adobe collection; Japan1 CID 843 is «あ»
        let japan = unicode_map_of(b"Adobe", b"Japan1").unwrap_or_default();
        assert_eq!(japan, b"Adobe-Japan1-UCS2");
        assert_eq!(text(&japan, 843).as_deref(), Some("あ"));
        let korea = unicode_map_of(b"Adobe", b"Korea1").unwrap_or_default();
        assert_eq!(text(&korea, 1).as_deref(), Some(" "));
        assert_eq!(unicode_map_of(b"Adobe", b"Identity"), None);
        assert!(is_predefined(b"Adobe-Korea1-UCS2") && !is_predefined(b"Identity-H") && !is_predefined(b"Unidocs-Korea1-002"));
        assert_eq!(text(b"Not-A-Map", 1), None);
        // Shift-JIS «あい» and an ASCII letter through 90ms-RKSJ-H, then Japan1's Unicode
        let sjis = [0x82, 0xA0, 0x82, 0xA2, b'A'];
        let (code, len, cid) = next_code(b"90ms-RKSJ-H", &sjis);
        assert_eq!((code, len, text(&japan, cid).as_deref()), (0x82A0, 2, Some("あ")));
        let (code, len, cid) = next_code(b"90ms-RKSJ-H", &sjis[4..]);
        assert_eq!((code, len, text(&japan, cid).as_deref()), (0x41, 1, Some("A")));
    }
}
