//! A scanned page made ready for recognition, as Tesseract is given it: the black-and-white
//! image with its ruling lines erased (a PGM file), and the lines found, printed in pixels.
//!
//!     cargo run --release -p roadmap-ocr --example prepare -- FILE.pdf PAGE OUT.pgm

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [path, page, out] = &args[..] else { return Err("usage: prepare FILE.pdf PAGE OUT.pgm".into()) };
    let number: u32 = page.parse()?;
    let pdf = lopdf::Document::load(path)?;
    let id = *pdf.get_pages().get(&number).ok_or("no such page")?;
    // the page's image XObjects, each taken as painted over the whole page (the pixels are what
    // matter here, not where they stand)
    let media: Vec<f32> = pdf
        .get_dictionary(id)?
        .get(b"MediaBox")
        .ok()
        .and_then(|m| pdf.dereference(m).ok())
        .and_then(|(_, m)| m.as_array().ok())
        .map(|a| a.iter().filter_map(|v| v.as_float().ok()).collect())
        .filter(|m: &Vec<f32>| m.len() == 4)
        .unwrap_or_else(|| vec![0.0, 0.0, 612.0, 792.0]);
    let (resources, _) = pdf.get_page_resources(id)?;
    let xobjects = resources.and_then(|r| r.get(b"XObject").ok()).and_then(|x| pdf.dereference(x).ok()).and_then(|(_, x)| x.as_dict().ok());
    let images: Vec<roadmap_pdf::PageImage> = xobjects
        .map(|x| x.iter().filter_map(|(_, o)| o.as_reference().ok()).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .filter(|object| {
            pdf.get_object(*object)
                .and_then(lopdf::Object::as_stream)
                .is_ok_and(|s| s.dict.has_type(b"XObject") || s.dict.get(b"Subtype").is_ok())
        })
        .map(|object| roadmap_pdf::PageImage { object, matrix: [media[2] - media[0], 0.0, 0.0, media[3] - media[1], 0.0, 0.0] })
        .collect();
    let page =
        roadmap_pdf::ScannedPage { number, width: 0.0, height: 0.0, scan: roadmap_pdf::Scan::Painted { pdf: &pdf, images: &images } };
    let started = std::time::Instant::now();
    let prepared = roadmap_ocr::prepare(&page, &roadmap_ocr::Limits::default())?;
    eprintln!("prepared in {:?} at {:.0} dpi, straightened by {:.2}°", started.elapsed(), prepared.dpi, prepared.angle);
    let listed: String =
        prepared.lines.iter().map(|l| format!("{:.0},{:.0} – {:.0},{:.0} ({} px)\n", l.x0, l.y0, l.x1, l.y1, l.thickness)).collect();
    std::io::Write::write_all(&mut std::io::stdout(), listed.as_bytes())?;
    let image = &prepared.image;
    let mut file = format!("P5\n{} {}\n255\n", image.width, image.height).into_bytes();
    file.extend_from_slice(&image.pixels);
    std::fs::write(out, file)?;
    Ok(())
}
