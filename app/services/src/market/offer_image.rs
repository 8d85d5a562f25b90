//! Validating and re-encoding images that providers upload for their offers.
//!
//! Every accepted upload is decoded and written out again as a fresh JPEG, so
//! metadata (EXIF, GPS) and anything smuggled in after the image data is gone.

use std::fmt;
use std::io::Cursor;

use image::codecs::jpeg::JpegEncoder;
use image::imageops::{self, FilterType};
use image::{metadata::Orientation, DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits, Rgb, RgbImage};

/// Largest upload we accept, in bytes.
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;

/// Largest pixel count we decode; checked from the header to refuse decompression bombs.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Longest side of the stored image after resizing.
pub const MAX_EDGE: u32 = 1600;

/// Widest or tallest image header the decoder accepts at all.
const MAX_HEADER_EDGE: u32 = 20_000;

/// Most memory the decoder may allocate for one image.
const MAX_DECODER_ALLOC: u64 = 256 * 1024 * 1024;

/// JPEG quality of the stored image.
const JPEG_QUALITY: u8 = 82;

/// A cleaned image, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prepared {
    /// The re-encoded baseline JPEG.
    pub jpeg: Vec<u8>,
    /// Width of the JPEG in pixels.
    pub width: u32,
    /// Height of the JPEG in pixels.
    pub height: u32,
}

/// Why an upload was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageProblem {
    /// The upload has no bytes.
    Empty,
    /// The upload is larger than `MAX_UPLOAD_BYTES`.
    TooLarge,
    /// The bytes are not a JPEG, PNG or WebP file.
    NotAnImage,
    /// The image has more pixels than `MAX_PIXELS` (or an absurd width or height).
    TooManyPixels,
    /// The file looks like an image but cannot be decoded.
    Unreadable,
}

impl fmt::Display for ImageProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ImageProblem::Empty => "the file is empty",
            ImageProblem::TooLarge => "the file is larger than 5 MB",
            ImageProblem::NotAnImage => "the file is not a JPEG, PNG or WebP image",
            ImageProblem::TooManyPixels => "the image has too many pixels",
            ImageProblem::Unreadable => "the image is damaged or cannot be read",
        };
        f.write_str(text)
    }
}

impl std::error::Error for ImageProblem {}

/// Checks an uploaded image and turns it into a clean, resized JPEG.
pub fn prepare(bytes: &[u8]) -> Result<Prepared, ImageProblem> {
    if bytes.is_empty() {
        return Err(ImageProblem::Empty);
    }
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Err(ImageProblem::TooLarge);
    }
    let format = sniff_format(bytes).ok_or(ImageProblem::NotAnImage)?;

    let (width, height) = reader(bytes, format).into_dimensions().map_err(header_problem)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ImageProblem::TooManyPixels);
    }

    if format == ImageFormat::Jpeg && !jpeg_reaches_end_marker(bytes) {
        // The JPEG decoder fills missing data with grey instead of failing.
        return Err(ImageProblem::Unreadable);
    }
    let image = decode(bytes, format)?;
    let flat = flatten_onto_white(&image);
    drop(image);

    let (new_width, new_height) = fit_within_max_edge(flat.width(), flat.height());
    let resized = if (new_width, new_height) == flat.dimensions() {
        flat
    } else {
        imageops::resize(&flat, new_width, new_height, FilterType::Triangle)
    };

    let mut jpeg = Vec::new();
    JpegEncoder::new_with_quality(&mut jpeg, JPEG_QUALITY).encode_image(&resized).map_err(|_| ImageProblem::Unreadable)?;

    Ok(Prepared { jpeg, width: resized.width(), height: resized.height() })
}

/// Recognises JPEG, PNG and WebP by their magic bytes and nothing else.
fn sniff_format(bytes: &[u8]) -> Option<ImageFormat> {
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF];
    const PNG: &[u8] = &[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    if bytes.starts_with(JPEG) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(PNG) {
        Some(ImageFormat::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(ImageFormat::WebP)
    } else {
        None
    }
}

/// Walks the JPEG marker segments from SOI and tells whether an EOI marker is reached.
fn jpeg_reaches_end_marker(bytes: &[u8]) -> bool {
    let mut position = 2; // just after SOI
    loop {
        if bytes.get(position) != Some(&0xFF) {
            return false;
        }
        while bytes.get(position) == Some(&0xFF) {
            position += 1; // a marker may be preceded by fill bytes
        }
        let Some(&marker) = bytes.get(position) else {
            return false;
        };
        position += 1;
        match marker {
            0xD9 => return true,
            0x01 | 0xD0..=0xD7 => continue, // markers without a length
            _ => {}
        }
        let Some(&[high, low]) = bytes.get(position..position + 2) else {
            return false;
        };
        let length = usize::from(u16::from_be_bytes([high, low]));
        if length < 2 {
            return false;
        }
        position += length;
        if marker == 0xDA {
            // Start of scan: entropy-coded data runs until the next real marker.
            match next_marker_after_scan(bytes, position) {
                Some(next) => position = next,
                None => return false,
            }
        }
    }
}

/// Position of the first marker after entropy-coded data, skipping stuffed bytes and restarts.
fn next_marker_after_scan(bytes: &[u8], start: usize) -> Option<usize> {
    let mut position = start;
    while let Some(&byte) = bytes.get(position) {
        if byte == 0xFF {
            match bytes.get(position + 1) {
                Some(0x00 | 0xD0..=0xD7 | 0xFF) => {}
                Some(_) => return Some(position),
                None => return None,
            }
        }
        position += 1;
    }
    None
}

/// A reader for the sniffed format with limits that bound what a lying header can cost.
fn reader(bytes: &[u8], format: ImageFormat) -> ImageReader<Cursor<&[u8]>> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_HEADER_EDGE);
    limits.max_image_height = Some(MAX_HEADER_EDGE);
    limits.max_alloc = Some(MAX_DECODER_ALLOC);

    let mut reader = ImageReader::new(Cursor::new(bytes));
    reader.set_format(format);
    reader.limits(limits);
    reader
}

/// Maps an error from reading the header: a limit hit means the image is too big.
fn header_problem(error: ImageError) -> ImageProblem {
    match error {
        ImageError::Limits(_) => ImageProblem::TooManyPixels,
        _ => ImageProblem::Unreadable,
    }
}

/// Decodes the image and applies any EXIF rotation, since the EXIF itself is dropped.
fn decode(bytes: &[u8], format: ImageFormat) -> Result<DynamicImage, ImageProblem> {
    let mut decoder = reader(bytes, format).into_decoder().map_err(header_problem)?;
    if decoder.total_bytes() > MAX_DECODER_ALLOC {
        return Err(ImageProblem::TooManyPixels);
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut image = DynamicImage::from_decoder(decoder).map_err(|_| ImageProblem::Unreadable)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// Converts to RGB8, blending any transparent pixels onto a white background.
fn flatten_onto_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, alpha] = rgba.get_pixel(x, y).0;
        Rgb([blend_onto_white(r, alpha), blend_onto_white(g, alpha), blend_onto_white(b, alpha)])
    })
}

/// One colour channel drawn with the given opacity over white.
fn blend_onto_white(channel: u8, alpha: u8) -> u8 {
    let opaque = u16::from(channel) * u16::from(alpha);
    let white = 255 * (255 - u16::from(alpha));
    let blended = (opaque + white + 127) / 255;
    u8::try_from(blended).unwrap_or(u8::MAX)
}

/// The size that fits within `MAX_EDGE` on the longest side, keeping the aspect ratio; never larger.
fn fit_within_max_edge(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_EDGE {
        return (width, height);
    }
    let scale = |side: u32| -> u32 {
        let scaled = (u64::from(side) * u64::from(MAX_EDGE) + u64::from(longest) / 2) / u64::from(longest);
        u32::try_from(scaled).unwrap_or(MAX_EDGE).clamp(1, MAX_EDGE)
    };
    (scale(width), scale(height))
}

#[cfg(test)]
#[allow(clippy::as_conversions)]
mod tests {
    use super::*;
    use image::codecs::png::PngEncoder;
    use image::codecs::webp::WebPEncoder;
    use image::{ImageEncoder, Rgba, RgbaImage};

    /// Large colour blocks, so a big test image still compresses to well under 5 MiB.
    fn blocks(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| Rgb([((x / 100) * 20 % 256) as u8, ((y / 100) * 30 % 256) as u8, 128]))
    }

    fn gradient(width: u32, height: u32) -> RgbImage {
        RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8]))
    }

    fn png_bytes(image: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image.write_with_encoder(PngEncoder::new(&mut out)).unwrap();
        out
    }

    fn jpeg_bytes(image: &RgbImage) -> Vec<u8> {
        let mut out = Vec::new();
        JpegEncoder::new_with_quality(&mut out, 90).encode_image(image).unwrap();
        out
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|window| window == needle)
    }

    fn decode_output(prepared: &Prepared) -> DynamicImage {
        image::load_from_memory_with_format(&prepared.jpeg, ImageFormat::Jpeg).unwrap()
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for &byte in data {
            crc ^= u32::from(byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
            }
        }
        !crc
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut chunk = Vec::new();
        chunk.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        chunk.extend_from_slice(kind);
        chunk.extend_from_slice(data);
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        chunk.extend_from_slice(&crc32(&crc_input).to_be_bytes());
        chunk
    }

    /// A PNG with an IHDR header claiming the given size and almost no pixel data.
    fn png_header_only(width: u32, height: u32) -> Vec<u8> {
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
        let mut png = vec![0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend(png_chunk(b"IHDR", &ihdr));
        // A tiny zlib stream; a real bomb would carry megabytes of zeros here.
        png.extend(png_chunk(b"IDAT", &[0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]));
        png.extend(png_chunk(b"IEND", &[]));
        png
    }

    #[test]
    fn crc32_matches_the_known_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn a_large_png_comes_back_as_a_jpeg_with_its_longest_side_at_1600() {
        let png = png_bytes(&DynamicImage::ImageRgb8(blocks(3000, 2000)));
        let prepared = prepare(&png).unwrap();
        assert_eq!(prepared.width, 1600);
        assert!(prepared.height == 1067 || prepared.height == 1066);
        assert!(prepared.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
        let decoded = decode_output(&prepared);
        assert_eq!((decoded.width(), decoded.height()), (prepared.width, prepared.height));
    }

    #[test]
    fn a_tall_image_is_limited_on_its_height() {
        let png = png_bytes(&DynamicImage::ImageRgb8(blocks(400, 3200)));
        let prepared = prepare(&png).unwrap();
        assert_eq!((prepared.width, prepared.height), (200, 1600));
    }

    #[test]
    fn a_small_jpeg_is_not_upscaled() {
        let prepared = prepare(&jpeg_bytes(&gradient(200, 100))).unwrap();
        assert_eq!((prepared.width, prepared.height), (200, 100));
        let decoded = decode_output(&prepared);
        assert_eq!((decoded.width(), decoded.height()), (200, 100));
    }

    #[test]
    fn a_webp_is_accepted_and_re_encoded_as_jpeg() {
        let source = gradient(64, 32);
        let mut webp = Vec::new();
        WebPEncoder::new_lossless(&mut webp).write_image(source.as_raw(), 64, 32, image::ExtendedColorType::Rgb8).unwrap();
        let prepared = prepare(&webp).unwrap();
        assert_eq!((prepared.width, prepared.height), (64, 32));
        assert!(prepared.jpeg.starts_with(&[0xFF, 0xD8, 0xFF]));
    }

    #[test]
    fn a_png_with_transparency_becomes_an_opaque_jpeg_on_white() {
        // Left half fully transparent black, right half opaque red.
        let rgba = RgbaImage::from_fn(64, 64, |x, _| if x < 32 { Rgba([0, 0, 0, 0]) } else { Rgba([255, 0, 0, 255]) });
        let prepared = prepare(&png_bytes(&DynamicImage::ImageRgba8(rgba))).unwrap();
        let decoded = decode_output(&prepared);
        assert!(!decoded.color().has_alpha());
        let rgb = decoded.to_rgb8();
        let transparent_part = rgb.get_pixel(8, 32).0;
        assert!(transparent_part.iter().all(|&c| c >= 245), "{transparent_part:?}");
        let opaque_part = rgb.get_pixel(56, 32).0;
        assert!(opaque_part[0] >= 230 && opaque_part[1] <= 25 && opaque_part[2] <= 25);
    }

    #[test]
    fn blending_onto_white_keeps_opaque_colours_and_whitens_transparent_ones() {
        assert_eq!(blend_onto_white(10, 255), 10);
        assert_eq!(blend_onto_white(10, 0), 255);
        assert_eq!(blend_onto_white(0, 128), 127);
    }

    #[test]
    fn bytes_appended_after_a_jpeg_are_dropped() {
        let payload = b"<html><script>alert('stolen cookies')</script></html>";
        let mut upload = jpeg_bytes(&gradient(120, 80));
        upload.extend_from_slice(payload);
        let prepared = prepare(&upload).unwrap();
        assert!(!contains(&prepared.jpeg, payload));
        assert!(!contains(&prepared.jpeg, b"<script>"));
    }

    #[test]
    fn exif_with_gps_data_is_dropped() {
        let jpeg = jpeg_bytes(&gradient(120, 80));
        let mut body = b"Exif\0\0".to_vec();
        body.extend_from_slice(b"MM\0\x2A\0\0\0\x08"); // big-endian TIFF header
        body.extend_from_slice(b"GPSLatitude 52.3676 N GPSLongitude 4.9041 E");
        let segment_length = u16::try_from(body.len() + 2).unwrap();
        let mut upload = jpeg[..2].to_vec(); // SOI
        upload.extend_from_slice(&[0xFF, 0xE1]);
        upload.extend_from_slice(&segment_length.to_be_bytes());
        upload.extend_from_slice(&body);
        upload.extend_from_slice(&jpeg[2..]);
        assert!(contains(&upload, b"GPSLatitude"));

        let prepared = prepare(&upload).unwrap();
        assert_eq!((prepared.width, prepared.height), (120, 80));
        assert!(!contains(&prepared.jpeg, b"GPSLatitude"));
        assert!(!contains(&prepared.jpeg, b"Exif"));
    }

    #[test]
    fn a_png_header_claiming_50000_by_50000_is_refused_without_decoding() {
        let png = png_header_only(50_000, 50_000);
        assert_eq!(prepare(&png), Err(ImageProblem::TooManyPixels));
    }

    #[test]
    fn a_png_header_over_the_pixel_budget_but_within_edge_limits_is_refused() {
        let png = png_header_only(7_000, 7_000);
        let dimensions = reader(&png, ImageFormat::Png).into_dimensions().ok();
        assert_eq!(dimensions, Some((7_000, 7_000)));
        assert_eq!(prepare(&png), Err(ImageProblem::TooManyPixels));
    }

    #[test]
    fn a_gif_is_not_an_image_we_accept() {
        let gif = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;";
        assert_eq!(prepare(gif), Err(ImageProblem::NotAnImage));
    }

    #[test]
    fn an_svg_is_not_an_image_we_accept() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>"#;
        assert_eq!(prepare(svg), Err(ImageProblem::NotAnImage));
    }

    #[test]
    fn a_polyglot_that_starts_with_html_is_not_an_image() {
        let mut upload = b"<html><script>alert(1)</script>".to_vec();
        upload.extend(jpeg_bytes(&gradient(16, 16)));
        assert_eq!(prepare(&upload), Err(ImageProblem::NotAnImage));
    }

    #[test]
    fn a_riff_file_that_is_not_webp_is_not_an_image() {
        assert_eq!(prepare(b"RIFF\x24\0\0\0WAVEfmt "), Err(ImageProblem::NotAnImage));
    }

    #[test]
    fn an_empty_upload_is_empty() {
        assert_eq!(prepare(&[]), Err(ImageProblem::Empty));
    }

    #[test]
    fn an_upload_one_byte_over_5_mib_is_too_large_before_sniffing() {
        let mut upload = jpeg_bytes(&gradient(16, 16));
        upload.resize(MAX_UPLOAD_BYTES + 1, 0);
        assert_eq!(prepare(&upload), Err(ImageProblem::TooLarge));
    }

    #[test]
    fn a_truncated_jpeg_is_unreadable() {
        let jpeg = jpeg_bytes(&gradient(200, 100));
        let half = &jpeg[..jpeg.len() / 2];
        assert_eq!(prepare(half), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn a_truncated_png_is_unreadable() {
        let png = png_bytes(&DynamicImage::ImageRgb8(gradient(200, 100)));
        let half = &png[..png.len() / 2];
        assert_eq!(prepare(half), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn a_truncated_webp_is_unreadable() {
        let source = gradient(200, 100);
        let mut webp = Vec::new();
        WebPEncoder::new_lossless(&mut webp).write_image(source.as_raw(), 200, 100, image::ExtendedColorType::Rgb8).unwrap();
        let half = &webp[..webp.len() / 2];
        assert_eq!(prepare(half), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn the_jpeg_marker_walk_skips_thumbnails_inside_exif_and_needs_the_real_end() {
        let thumbnail = jpeg_bytes(&gradient(8, 8));
        let main = jpeg_bytes(&gradient(64, 64));
        let mut body = b"Exif\0\0".to_vec();
        body.extend_from_slice(&thumbnail);
        let mut upload = main[..2].to_vec();
        upload.extend_from_slice(&[0xFF, 0xE1]);
        upload.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
        upload.extend_from_slice(&body);
        upload.extend_from_slice(&main[2..]);
        assert!(jpeg_reaches_end_marker(&upload));
        let cut = upload.len() - 10;
        assert!(!jpeg_reaches_end_marker(&upload[..cut]));
    }

    #[test]
    fn a_jpeg_cut_inside_its_header_is_unreadable() {
        assert_eq!(prepare(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]), Err(ImageProblem::Unreadable));
    }

    #[test]
    fn the_size_fit_keeps_the_aspect_ratio_and_never_upscales() {
        assert_eq!(fit_within_max_edge(3000, 2000), (1600, 1067));
        assert_eq!(fit_within_max_edge(2000, 3000), (1067, 1600));
        assert_eq!(fit_within_max_edge(1600, 1600), (1600, 1600));
        assert_eq!(fit_within_max_edge(20_000, 1), (1600, 1));
        assert_eq!(fit_within_max_edge(10, 20), (10, 20));
    }
}
