//! Text in the invoice PDF: the two standard fonts, the WinAnsi (Windows-1252) encoding
//! their text is written in, the Adobe AFM advance widths, and word wrapping by width.

use pdf_writer::Name;

/// The two fonts used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Font {
    Regular,
    Bold,
}

impl Font {
    pub(super) fn resource_name(self) -> Name<'static> {
        match self {
            Font::Regular => Name(b"F1"),
            Font::Bold => Name(b"F2"),
        }
    }

    pub(super) fn widths(self) -> &'static [u16; 224] {
        match self {
            Font::Regular => &HELVETICA_WIDTHS,
            Font::Bold => &HELVETICA_BOLD_WIDTHS,
        }
    }
}

/// A drawing operation on a page.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Op {
    Text {
        font: Font,
        size: f32,
        x: f32,
        y: f32,
        gray: f32,
        bytes: Vec<u8>,
    },
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        gray: f32,
    },
    /// A black square with its lower-left corner at (x, y) (a QR code's module).
    Square {
        x: f32,
        y: f32,
        size: f32,
    },
}

// ---------------------------------------------------------------------------
// Text encoding and measuring.

/// Maps a character to its WinAnsi (Windows-1252) byte, if it has one.
pub(super) fn winansi_byte(c: char) -> Option<u8> {
    let byte = match c {
        ' '..='~' | '\u{A0}'..='\u{FF}' => return u8::try_from(u32::from(c)).ok(),
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    };
    Some(byte)
}

/// Encodes text as WinAnsi bytes for one line of output.
///
/// Unencodable characters become `?`. A few harmless substitutions keep common
/// input readable: no-break spaces that cp1252 lacks (U+2007, U+202F) become
/// U+00A0, other whitespace and line breaks become a plain space, Unicode hyphens
/// and the minus sign become `-`, and the invisible soft hyphen is dropped.
pub(super) fn encode(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{AD}' {
            continue;
        }
        if let Some(b) = winansi_byte(c) {
            out.push(b);
        } else if matches!(c, '\u{2007}' | '\u{202F}') {
            out.push(0xA0);
        } else if c.is_whitespace() {
            out.push(b' ');
        } else if matches!(c, '\u{2010}' | '\u{2011}' | '\u{2212}') {
            out.push(b'-');
        } else {
            out.push(b'?');
        }
    }
    out
}

/// Advance width of one WinAnsi byte in 1/1000 em.
pub(super) fn glyph_width(font: Font, byte: u8) -> u16 {
    usize::from(byte).checked_sub(32).and_then(|i| font.widths().get(i)).copied().unwrap_or(DEFAULT_WIDTH)
}

/// Width of encoded text in points.
pub(super) fn text_width(font: Font, size: f32, bytes: &[u8]) -> f32 {
    // Sums of u16 widths stay exact in f32 for any realistic line length.
    let units: f32 = bytes.iter().map(|&b| f32::from(glyph_width(font, b))).sum();
    units * size / 1000.0
}

/// A line count as f32 for height computations (saturating, without `as`).
pub(super) fn count_f32(n: usize) -> f32 {
    u16::try_from(n).map(f32::from).unwrap_or(f32::from(u16::MAX))
}

/// Word-wraps encoded text to `max_width` points; words longer than a line are broken.
pub(super) fn wrap_bytes(font: Font, size: f32, bytes: &[u8], max_width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    let mut current: Vec<u8> = Vec::new();
    for word in bytes.split(|&b| b == b' ').filter(|w| !w.is_empty()) {
        if !current.is_empty() {
            let mut candidate = current.clone();
            candidate.push(b' ');
            candidate.extend_from_slice(word);
            if text_width(font, size, &candidate) <= max_width {
                current = candidate;
                continue;
            }
            lines.push(std::mem::take(&mut current));
        }
        if text_width(font, size, word) <= max_width {
            current = word.to_vec();
            continue;
        }
        // A single word wider than the line: break it between characters.
        for &b in word {
            current.push(b);
            if current.len() > 1 && text_width(font, size, &current) > max_width {
                current.pop();
                lines.push(std::mem::take(&mut current));
                current.push(b);
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// Encodes and wraps text; explicit line breaks start a new line. Always returns at least one line.
pub(super) fn wrap(font: Font, size: f32, text: &str, max_width: f32) -> Vec<Vec<u8>> {
    let mut lines = Vec::new();
    for segment in text.split('\n') {
        let wrapped = wrap_bytes(font, size, &encode(segment), max_width);
        if wrapped.is_empty() {
            lines.push(Vec::new());
        } else {
            lines.extend(wrapped);
        }
    }
    lines
}

// ---------------------------------------------------------------------------
// Font metrics.

/// Width used for bytes without a known glyph width.
pub(super) const DEFAULT_WIDTH: u16 = 556;

/// Advance widths (1/1000 em) of Helvetica for WinAnsi bytes 32..=255, from the Adobe
/// core-14 AFM file; the unused codes 127, 129, 141, 143, 144 and 157 get 556.
pub(super) const HELVETICA_WIDTHS: [u16; 224] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // 32
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 48
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // 64
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // 80
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // 96
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 556, // 112
    556, 556, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 556, 611, 556, // 128
    556, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 556, 500, 667, // 144
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160
    400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176
    667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208
    556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, // 224
    556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500, // 240
];

/// Advance widths (1/1000 em) of Helvetica-Bold for WinAnsi bytes 32..=255, from the Adobe
/// core-14 AFM file; the unused codes 127, 129, 141, 143, 144 and 157 get 556.
pub(super) const HELVETICA_BOLD_WIDTHS: [u16; 224] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, // 32
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, // 48
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, // 64
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, // 80
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, // 96
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 556, // 112
    556, 556, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 556, 611, 556, // 128
    556, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 556, 500, 667, // 144
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, // 160
    400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611, // 176
    722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, // 192
    722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, // 208
    556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, // 224
    611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556, // 240
];
