//! Any bytes as a scanned page's image (their first bytes choosing the codec, colour space,
//! depth and size): the OCR's page preparation returns a page or an error, never panics.
#![no_main]

use lopdf::{dictionary, Document, Object, Stream};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let [codec, space, depth, w0, w1, h0, h1, rest @ ..] = data else { return };
    let width = i64::from(u16::from_le_bytes([*w0, *w1]) % 3000);
    let height = i64::from(u16::from_le_bytes([*h0, *h1]) % 3000);
    let mut dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
        "BitsPerComponent" => [1i64, 2, 4, 8, 16][usize::from(*depth) % 5],
    };
    dict.set(
        "ColorSpace",
        match space % 4 {
            0 => Object::Name(b"DeviceGray".to_vec()),
            1 => Object::Name(b"DeviceRGB".to_vec()),
            2 => Object::Name(b"DeviceCMYK".to_vec()),
            _ => Object::Array(vec![
                Object::Name(b"Indexed".to_vec()),
                Object::Name(b"DeviceRGB".to_vec()),
                Object::Integer(1),
                Object::String(vec![0, 0, 0, 255, 255, 255], lopdf::StringFormat::Literal),
            ]),
        },
    );
    match codec % 6 {
        1 => dict.set("Filter", Object::Name(b"DCTDecode".to_vec())),
        2 => {
            dict.set("Filter", Object::Name(b"CCITTFaxDecode".to_vec()));
            dict.set("DecodeParms", dictionary! { "K" => -1, "Columns" => width });
        }
        3 => dict.set("Filter", Object::Name(b"FlateDecode".to_vec())),
        4 => dict.set("Filter", Object::Name(b"JPXDecode".to_vec())),
        5 => dict.set("Filter", Object::Name(b"JBIG2Decode".to_vec())),
        _ => {}
    }
    let mut pdf = Document::with_version("1.5");
    let object = pdf.add_object(Stream::new(dict, rest.to_vec()).with_compression(false));
    let images = [roadmap_pdf::PageImage { object, matrix: [595.0, 0.0, 0.0, 842.0, 0.0, 0.0] }];
    let page = roadmap_pdf::ScannedPage { number: 1, width: 595.0, height: 842.0, scan: roadmap_pdf::Scan::Painted { pdf: &pdf, images: &images } };
    let limits = roadmap_ocr::Limits { max_pixels: 4_000_000, max_bytes: 16 * 1024 * 1024 };
    let _ = roadmap_ocr::prepare(&page, &limits);
});
