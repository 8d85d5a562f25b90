//! QR codes as the pages and documents draw them. A leaf: it imports no other server module.

/// The modules of a QR code of `data` (error correction M), row by row, and its width.
pub fn qr_modules(data: &str) -> Option<(Vec<bool>, usize)> {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    Some((code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect(), code.width()))
}

/// A QR code of `data` as a small SVG document (dark modules on white, with a quiet zone),
/// named by its content for screen readers.
pub fn qr_svg(data: &str) -> String {
    let Some((modules, width)) = qr_modules(data) else { return String::new() };
    let mut path = String::new();
    for (i, dark) in modules.iter().enumerate() {
        if *dark {
            path.push_str(&format!("M{} {}h1v1h-1z", i % width + 4, i / width + 4));
        }
    }
    let size = width + 8;
    let label: String = data.chars().filter(char::is_ascii_alphanumeric).collect();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"QR {label}\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_qr_code_is_a_square_svg_with_dark_modules() {
        let svg = qr_svg("1234567890");
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("viewBox=\"0 0 29 29\""), "a version 1 code is 21 modules plus the quiet zone: {svg}");
        assert!(svg.matches('h').count() > 50);
    }
}
