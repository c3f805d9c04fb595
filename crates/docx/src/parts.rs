//! The package's relationships: where the main part is, and the targets of its own.

use std::collections::HashMap;

use quick_xml::events::Event;
use quick_xml::Reader;

/// `Id → Target` of external relationships (hyperlinks) in a `.rels` part.
pub(crate) fn relationships(xml: &str) -> HashMap<String, String> {
    let mut map = HashMap::new();
    each_relationship(xml, |id, _, target| {
        map.insert(id.to_string(), target.to_string());
    });
    map
}

/// The target of the first relationship whose type ends with `/{kind}` (`officeDocument`,
/// `styles`, `numbering`), as a part name: resolved against the folder of the part the
/// relationships belong to (`base`, e.g. `word/`), without a leading `/`.
pub(crate) fn target_of(xml: &str, kind: &str, base: &str) -> Option<String> {
    let mut found = None;
    each_relationship(xml, |_, ty, target| {
        if found.is_none() && ty.rsplit('/').next() == Some(kind) {
            let target = target.replace('\\', "/");
            found = Some(match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("{base}{target}"),
            });
        }
    });
    found
}

/// Call `f(id, type, target)` for each relationship of a `.rels` part.
fn each_relationship(xml: &str, mut f: impl FnMut(&str, &str, &str)) {
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
                    f(&id, &attr("Type").unwrap_or_default(), &target);
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}
