//! Renders an invoice or credit note as a small, self-contained A4 PDF.
//!
//! The document uses the PDF standard 14 fonts Helvetica and Helvetica-Bold with
//! `/WinAnsiEncoding`, so no font is embedded. Text is converted to WinAnsi
//! (Windows-1252) bytes; characters outside that code page are printed as `?`.
//! Text widths are measured with the Adobe AFM advance widths, which are used to
//! right-align amounts and to word-wrap long texts. When the item table or the
//! notes do not fit on one page, the layout continues on following pages, with the
//! table header repeated and a footer with the document number and page number on
//! every page. The output is deterministic: the same input gives the same bytes.

mod text;

use pdf_writer::{Content, Name, Pdf, Rect, Ref, Str, TextStr};
use text::*;

/// The printable content of an invoice or credit note; all texts already in the reader's language (Dutch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfDocument {
    /// Document title printed large at the top, e.g. "Factuur" or "Creditnota".
    pub title: String,
    /// Invoice or credit note number, e.g. "CK-2026-000001"; printed under the title and in the footer.
    pub number: String,
    /// Seller block (top right): name, street, postcode and city, "KvK …", "Btw …", e-mail.
    pub seller_lines: Vec<String>,
    /// Buyer block (left, below the title): institution name, location name, street, postcode and city.
    pub buyer_lines: Vec<String>,
    /// Label/value rows under the header, e.g. ("Factuurdatum", "2026-12-04").
    pub facts: Vec<(String, String)>,
    /// The rows of the item table.
    pub lines: Vec<PdfLine>,
    /// Label of the total row, e.g. "Totaal te betalen" or "Totaal te crediteren".
    pub total_label: String,
    /// The already formatted total, e.g. "€ 13.020,00".
    pub total: String,
    /// Paragraphs below the total (VAT exemption, payment instruction); wrapped to the page width.
    pub notes: Vec<String>,
}

/// One row of the item table; all values already formatted for printing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PdfLine {
    /// What is invoiced; wrapped within the description column.
    pub description: String,
    /// Quantity, e.g. "3"; right-aligned.
    pub quantity: String,
    /// Price per unit, e.g. "€ 4.340,00"; right-aligned.
    pub unit_price: String,
    /// Line amount, e.g. "€ 13.020,00"; right-aligned.
    pub amount: String,
}

/// Renders `doc` as a PDF file (A4, one or more pages) and returns its bytes.
pub fn render(doc: &PdfDocument) -> Vec<u8> {
    let pages = layout(doc);
    write_pdf(doc, &pages)
}

/// One card of a class's activation sheet: who, and the QR code of their activation link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCard {
    pub name: String,
    /// Class and pass number, printed under the name.
    pub detail: String,
    /// The QR code's modules, row by row, `width` per row (true is dark).
    pub modules: Vec<bool>,
    pub width: usize,
}

/// A class's activation sheet: a heading and instructions, then eight cards per A4 page (two
/// columns), each with a name and a QR code to scan with a phone. Cut along the rules.
pub fn class_sheet(title: &str, instructions: &str, cards: &[SheetCard]) -> Vec<u8> {
    const COLUMNS: usize = 2;
    const ROWS: usize = 4;
    const CARD_W: f32 = (RIGHT - LEFT) / 2.0;
    const CARD_H: f32 = 165.0;
    const QR: f32 = 120.0;
    let mut pages: Vec<Vec<Op>> = Vec::new();
    for (p, chunk) in cards.chunks(COLUMNS * ROWS).enumerate() {
        let mut ops = Vec::new();
        let mut y = TOP;
        for line in wrap(Font::Bold, 14.0, title, RIGHT - LEFT) {
            ops.push(Op::Text { font: Font::Bold, size: 14.0, x: LEFT, y: y - 14.0, gray: 0.0, bytes: line });
            y -= 18.0;
        }
        for line in wrap(Font::Regular, 9.0, instructions, RIGHT - LEFT) {
            ops.push(Op::Text { font: Font::Regular, size: 9.0, x: LEFT, y: y - 9.0, gray: GRAY_LABEL, bytes: line });
            y -= 12.0;
        }
        let top = y - 8.0;
        for (i, card) in chunk.iter().enumerate() {
            let (col, row) = (i % COLUMNS, i / COLUMNS);
            let x = LEFT + CARD_W * count_f32(col);
            let card_top = top - CARD_H * count_f32(row);
            ops.push(Op::Rule { x1: x, x2: x + CARD_W - 10.0, y: card_top, width: 0.5, gray: 0.7 });
            let module = QR / count_f32(card.width.max(1) + 2);
            let qr_x = x + module;
            let qr_top = card_top - 8.0 - module;
            for (m, dark) in card.modules.iter().enumerate() {
                if *dark {
                    let (mx, my) = (m % card.width.max(1), m / card.width.max(1));
                    ops.push(Op::Square {
                        x: qr_x + module * count_f32(mx),
                        y: qr_top - module * count_f32(my + 1),
                        size: module,
                    });
                }
            }
            let text_x = x + QR + 8.0;
            let text_w = CARD_W - QR - 20.0;
            let mut ty = card_top - 24.0;
            for line in wrap(Font::Bold, 11.0, &card.name, text_w) {
                ops.push(Op::Text { font: Font::Bold, size: 11.0, x: text_x, y: ty, gray: 0.0, bytes: line });
                ty -= 14.0;
            }
            for line in wrap(Font::Regular, 9.0, &card.detail, text_w) {
                ops.push(Op::Text { font: Font::Regular, size: 9.0, x: text_x, y: ty, gray: GRAY_LABEL, bytes: line });
                ty -= 12.0;
            }
        }
        let label = encode(&format!("pagina {}", p + 1));
        ops.push(Op::Text { font: Font::Regular, size: 8.0, x: LEFT, y: FOOTER_BASELINE, gray: GRAY_LABEL, bytes: label });
        pages.push(ops);
    }
    if pages.is_empty() {
        pages.push(Vec::new());
    }
    let doc = PdfDocument { title: title.to_owned(), ..PdfDocument::default() };
    write_pdf(&doc, &pages)
}

// ---------------------------------------------------------------------------
// Page geometry (PDF points, origin bottom-left).

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const LEFT: f32 = 50.0;
const RIGHT: f32 = 545.0;
const TOP: f32 = 792.0;
/// Content must stay above this line; the footer lives below it.
const BOTTOM: f32 = 64.0;
const FOOTER_RULE_Y: f32 = 50.0;
const FOOTER_BASELINE: f32 = 38.0;

/// Right edges and widths of the numeric table columns.
const AMOUNT_RIGHT: f32 = RIGHT;
const AMOUNT_WIDTH: f32 = 85.0;
const PRICE_RIGHT: f32 = RIGHT - 95.0;
const PRICE_WIDTH: f32 = 85.0;
const QTY_RIGHT: f32 = PRICE_RIGHT - 95.0;
const QTY_WIDTH: f32 = 50.0;
const DESC_WIDTH: f32 = QTY_RIGHT - QTY_WIDTH - 10.0 - LEFT;

const TABLE_SIZE: f32 = 9.5;
const TABLE_LEADING: f32 = 12.5;
const GRAY_LABEL: f32 = 0.35;

// ---------------------------------------------------------------------------
// Layout.

struct Layout<'a> {
    doc: &'a PdfDocument,
    done: Vec<Vec<Op>>,
    current: Vec<Op>,
    /// Top of the free space on the current page.
    y: f32,
}

impl Layout<'_> {
    fn text(&mut self, font: Font, size: f32, x: f32, baseline: f32, gray: f32, bytes: Vec<u8>) {
        if !bytes.is_empty() {
            self.current.push(Op::Text { font, size, x, y: baseline, gray, bytes });
        }
    }

    fn text_right(&mut self, font: Font, size: f32, right: f32, baseline: f32, gray: f32, bytes: Vec<u8>) {
        let x = right - text_width(font, size, &bytes);
        self.text(font, size, x, baseline, gray, bytes);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, width: f32, gray: f32) {
        self.current.push(Op::Rule { x1, x2, y, width, gray });
    }

    /// Starts a new page with a small continuation header.
    fn new_page(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.y = TOP;
        let mut heading = encode(&self.doc.title);
        heading.push(b' ');
        heading.extend(encode(&self.doc.number));
        let lines = wrap_bytes(Font::Bold, 10.0, &heading, RIGHT - LEFT);
        for line in lines {
            let baseline = self.y - 10.0;
            self.text(Font::Bold, 10.0, LEFT, baseline, 0.0, line);
            self.y -= 13.0;
        }
        self.y -= 14.0;
    }

    /// Makes sure `height` points fit on the current page; returns true if a new page was started.
    fn ensure(&mut self, height: f32) -> bool {
        if self.y - height < BOTTOM && self.y < TOP - 40.0 {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Writes wrapped lines at the cursor, breaking pages between lines as needed.
    fn paragraph(&mut self, font: Font, size: f32, leading: f32, gray: f32, text: &str, max_width: f32) {
        for line in wrap(font, size, text, max_width) {
            self.ensure(leading);
            let baseline = self.y - size;
            self.text(font, size, LEFT, baseline, gray, line);
            self.y -= leading;
        }
    }

    fn header(&mut self) {
        let doc = self.doc;
        // Seller block, right-aligned in the top-right corner.
        let seller_size = 9.0;
        let seller_max = 230.0;
        let mut seller: Vec<(Font, Vec<u8>)> = Vec::new();
        for (i, line) in doc.seller_lines.iter().enumerate() {
            let font = if i == 0 { Font::Bold } else { Font::Regular };
            for piece in wrap(font, seller_size, line, seller_max) {
                seller.push((font, piece));
            }
        }
        let seller_width = seller.iter().map(|(font, bytes)| text_width(*font, seller_size, bytes)).fold(0.0_f32, f32::max);
        let mut seller_y = TOP;
        for (font, bytes) in seller {
            self.text_right(font, seller_size, RIGHT, seller_y - seller_size, 0.0, bytes);
            seller_y -= 12.0;
        }

        // Title and number, top-left, kept clear of the seller block.
        let title_max = (RIGHT - LEFT - seller_width - 20.0).max(150.0);
        let mut title_y = TOP;
        for line in wrap(Font::Bold, 22.0, &doc.title, title_max) {
            self.text(Font::Bold, 22.0, LEFT, title_y - 17.0, 0.0, line);
            title_y -= 26.0;
        }
        for line in wrap(Font::Regular, 11.0, &doc.number, title_max) {
            self.text(Font::Regular, 11.0, LEFT, title_y - 11.0, GRAY_LABEL, line);
            title_y -= 14.0;
        }
        self.y = title_y.min(seller_y) - 22.0;

        // Buyer block.
        for (i, line) in doc.buyer_lines.iter().enumerate() {
            let font = if i == 0 { Font::Bold } else { Font::Regular };
            self.paragraph(font, 10.0, 13.5, 0.0, line, 280.0);
        }
        if !doc.buyer_lines.is_empty() {
            self.y -= 16.0;
        }

        // Facts as a two-column table.
        let fact_size = 9.5;
        let fact_leading = 13.0;
        let label_width = doc
            .facts
            .iter()
            .map(|(label, _)| text_width(Font::Regular, fact_size, &encode(label)))
            .fold(0.0_f32, f32::max)
            .min(180.0);
        let value_x = LEFT + label_width + 14.0;
        for (label, value) in &doc.facts {
            let labels = wrap(Font::Regular, fact_size, label, label_width.max(1.0));
            let values = wrap(Font::Regular, fact_size, value, RIGHT - value_x);
            let rows = labels.len().max(values.len());
            let mut labels = labels.into_iter();
            let mut values = values.into_iter();
            for _ in 0..rows {
                self.ensure(fact_leading);
                let baseline = self.y - fact_size;
                if let Some(bytes) = labels.next() {
                    self.text(Font::Regular, fact_size, LEFT, baseline, GRAY_LABEL, bytes);
                }
                if let Some(bytes) = values.next() {
                    self.text(Font::Regular, fact_size, value_x, baseline, 0.0, bytes);
                }
                self.y -= fact_leading;
            }
        }
        if !doc.facts.is_empty() {
            self.y -= 16.0;
        }
    }

    fn table_header(&mut self) {
        let baseline = self.y - TABLE_SIZE;
        self.text(Font::Bold, TABLE_SIZE, LEFT, baseline, 0.0, encode("Omschrijving"));
        self.text_right(Font::Bold, TABLE_SIZE, QTY_RIGHT, baseline, 0.0, encode("Aantal"));
        self.text_right(Font::Bold, TABLE_SIZE, PRICE_RIGHT, baseline, 0.0, encode("Prijs"));
        self.text_right(Font::Bold, TABLE_SIZE, AMOUNT_RIGHT, baseline, 0.0, encode("Bedrag"));
        let rule_y = baseline - 5.0;
        self.rule(LEFT, RIGHT, rule_y, 0.8, 0.0);
        self.y = rule_y - 5.0;
    }

    fn table(&mut self) {
        // Keep the header together with at least one row.
        self.ensure(TABLE_SIZE + 10.0 + TABLE_LEADING + 6.0);
        self.table_header();
        let last_index = self.doc.lines.len().saturating_sub(1);
        for (index, line) in self.doc.lines.iter().enumerate() {
            let desc = wrap(Font::Regular, TABLE_SIZE, &line.description, DESC_WIDTH);
            let qty = wrap(Font::Regular, TABLE_SIZE, &line.quantity, QTY_WIDTH);
            let price = wrap(Font::Regular, TABLE_SIZE, &line.unit_price, PRICE_WIDTH);
            let amount = wrap(Font::Regular, TABLE_SIZE, &line.amount, AMOUNT_WIDTH);
            let rows = desc.len().max(qty.len()).max(price.len()).max(amount.len());
            let height = count_f32(rows) * TABLE_LEADING + 6.0;
            if self.ensure(height) {
                self.table_header();
            }
            let top = self.y;
            let mut baseline = top - TABLE_SIZE;
            for bytes in desc {
                self.text(Font::Regular, TABLE_SIZE, LEFT, baseline, 0.0, bytes);
                baseline -= TABLE_LEADING;
            }
            for (right, cell) in [(QTY_RIGHT, qty), (PRICE_RIGHT, price), (AMOUNT_RIGHT, amount)] {
                let mut baseline = top - TABLE_SIZE;
                for bytes in cell {
                    self.text_right(Font::Regular, TABLE_SIZE, right, baseline, 0.0, bytes);
                    baseline -= TABLE_LEADING;
                }
            }
            self.y = top - height;
            if index != last_index {
                self.rule(LEFT, RIGHT, self.y + 3.0, 0.3, 0.75);
            }
        }
    }

    fn total(&mut self) {
        let size = 11.0;
        let doc = self.doc;
        let labels = wrap(Font::Bold, size, &doc.total_label, PRICE_RIGHT - LEFT);
        let values = wrap(Font::Bold, size, &doc.total, AMOUNT_WIDTH.max(RIGHT - PRICE_RIGHT - 10.0));
        let rows = labels.len().max(values.len());
        let leading = 14.0;
        self.ensure(8.0 + count_f32(rows) * leading + 4.0);
        self.y -= 3.0;
        self.rule(LEFT, RIGHT, self.y, 0.8, 0.0);
        self.y -= 5.0;
        let mut labels = labels.into_iter();
        let mut values = values.into_iter();
        for _ in 0..rows {
            let baseline = self.y - size;
            if let Some(bytes) = labels.next() {
                self.text_right(Font::Bold, size, PRICE_RIGHT, baseline, 0.0, bytes);
            }
            if let Some(bytes) = values.next() {
                self.text_right(Font::Bold, size, AMOUNT_RIGHT, baseline, 0.0, bytes);
            }
            self.y -= leading;
        }
        self.y -= 14.0;
    }

    fn notes(&mut self) {
        for note in &self.doc.notes {
            self.paragraph(Font::Regular, 9.0, 12.0, 0.0, note, RIGHT - LEFT);
            self.y -= 6.0;
        }
    }

    fn finish(mut self) -> Vec<Vec<Op>> {
        self.done.push(std::mem::take(&mut self.current));
        let total = self.done.len();
        let number = encode(&self.doc.number);
        for (index, page) in self.done.iter_mut().enumerate() {
            let label = encode(&format!("pagina {} van {}", index + 1, total));
            let size = 8.0;
            page.push(Op::Rule { x1: LEFT, x2: RIGHT, y: FOOTER_RULE_Y, width: 0.5, gray: 0.6 });
            let label_x = RIGHT - text_width(Font::Regular, size, &label);
            let number_lines = wrap_bytes(Font::Regular, size, &number, (label_x - LEFT - 20.0).max(50.0));
            if let Some(first) = number_lines.into_iter().next() {
                page.push(Op::Text { font: Font::Regular, size, x: LEFT, y: FOOTER_BASELINE, gray: GRAY_LABEL, bytes: first });
            }
            page.push(Op::Text { font: Font::Regular, size, x: label_x, y: FOOTER_BASELINE, gray: GRAY_LABEL, bytes: label });
        }
        self.done
    }
}

/// Lays out the whole document into pages of drawing operations.
fn layout(doc: &PdfDocument) -> Vec<Vec<Op>> {
    let mut layout = Layout { doc, done: Vec::new(), current: Vec::new(), y: TOP };
    layout.header();
    layout.table();
    layout.total();
    layout.notes();
    layout.finish()
}

// ---------------------------------------------------------------------------
// PDF writing.

/// Builds the content stream of one page.
fn page_content(ops: &[Op]) -> Vec<u8> {
    let mut content = Content::new();
    let mut fill_gray = 0.0_f32;
    let mut stroke_gray = 0.0_f32;
    for op in ops {
        match op {
            Op::Text { font, size, x, y, gray, bytes } => {
                if *gray != fill_gray {
                    content.set_fill_gray(*gray);
                    fill_gray = *gray;
                }
                content.begin_text();
                content.set_font(font.resource_name(), *size);
                content.next_line(*x, *y);
                content.show(Str(bytes));
                content.end_text();
            }
            Op::Square { x, y, size } => {
                if fill_gray != 0.0 {
                    content.set_fill_gray(0.0);
                    fill_gray = 0.0;
                }
                content.rect(*x, *y, *size, *size);
                content.fill_nonzero();
            }
            Op::Rule { x1, x2, y, width, gray } => {
                if *gray != stroke_gray {
                    content.set_stroke_gray(*gray);
                    stroke_gray = *gray;
                }
                content.set_line_width(*width);
                content.move_to(*x1, *y);
                content.line_to(*x2, *y);
                content.stroke();
            }
        }
    }
    content.finish().into_vec()
}

/// Serialises the laid-out pages into a PDF file.
fn write_pdf(doc: &PdfDocument, pages: &[Vec<Op>]) -> Vec<u8> {
    let catalog_id = Ref::new(1);
    let tree_id = Ref::new(2);
    let regular_id = Ref::new(3);
    let bold_id = Ref::new(4);
    let info_id = Ref::new(5);

    let mut next = Ref::new(6);
    let mut page_ids = Vec::with_capacity(pages.len());
    for _ in pages {
        let page_id = next;
        let content_id = next.next();
        next = content_id.next();
        page_ids.push((page_id, content_id));
    }

    let mut pdf = Pdf::new();
    pdf.set_version(1, 4);
    pdf.catalog(catalog_id).pages(tree_id).lang(TextStr("nl-NL"));
    pdf.pages(tree_id).kids(page_ids.iter().map(|(page_id, _)| *page_id)).count(i32::try_from(pages.len()).unwrap_or(i32::MAX));
    pdf.type1_font(regular_id).base_font(Name(b"Helvetica")).encoding_predefined(Name(b"WinAnsiEncoding"));
    pdf.type1_font(bold_id).base_font(Name(b"Helvetica-Bold")).encoding_predefined(Name(b"WinAnsiEncoding"));

    for ((page_id, content_id), ops) in page_ids.iter().zip(pages) {
        {
            let mut page = pdf.page(*page_id);
            page.parent(tree_id).media_box(Rect::new(0.0, 0.0, PAGE_WIDTH, PAGE_HEIGHT)).contents(*content_id);
            page.resources().fonts().pair(Font::Regular.resource_name(), regular_id).pair(Font::Bold.resource_name(), bold_id);
        }
        let content = page_content(ops);
        pdf.stream(*content_id, &content);
    }

    let title = format!("{} {}", doc.title, doc.number);
    pdf.document_info(info_id).title(TextStr(title.trim())).producer(TextStr("Cultuurkaart"));
    pdf.finish()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::as_conversions, clippy::float_cmp)]
mod tests {
    use super::*;
    use lopdf::content::Content as ReadContent;
    use lopdf::{Document, Object};

    fn line(description: &str, quantity: &str, unit_price: &str, amount: &str) -> PdfLine {
        PdfLine {
            description: description.to_string(),
            quantity: quantity.to_string(),
            unit_price: unit_price.to_string(),
            amount: amount.to_string(),
        }
    }

    fn sample() -> PdfDocument {
        PdfDocument {
            title: "Factuur".to_string(),
            number: "CK-2026-000001".to_string(),
            seller_lines: vec![
                "Cultuurkaart B.V.".to_string(),
                "Keizersgracht 1".to_string(),
                "1015 CC Amsterdam".to_string(),
                "KvK 12345678".to_string(),
                "Btw NL123456789B01".to_string(),
                "facturen@cultuurkaart.nl".to_string(),
            ],
            buyer_lines: vec![
                "Stichting Openbaar Onderwijs (a) \\ b".to_string(),
                "Zoë Ĳzerman-Dé".to_string(),
                "Schoolstraat 12".to_string(),
                "3511 AB Utrecht".to_string(),
            ],
            facts: vec![
                ("Factuurdatum".to_string(), "2026-12-04".to_string()),
                ("Vervaldatum".to_string(), "2027-01-03".to_string()),
                ("Referentie".to_string(), "“Project” – Müller’s klas…".to_string()),
                ("Inkoopordernummer".to_string(), "PO-778899".to_string()),
                ("Programmaperiode".to_string(), "2026-09-01 t/m 2027-07-15".to_string()),
            ],
            lines: vec![
                line("Voorstelling ‘De Gouden Kooi’ voor groep 7 en 8", "3", "€ 4.340,00", "€ 13.020,00"),
                line("Korting", "1", "€ 0,00", "€ 0,00"),
            ],
            total_label: "Totaal te betalen".to_string(),
            total: "€ 13.020,00".to_string(),
            notes: vec![
                "Vrijgesteld van btw op grond van artikel 11, lid 1, onderdeel o, van de Wet op de omzetbelasting 1968 (culturele dienstverlening aan onderwijsinstellingen)."
                    .to_string(),
                "Gelieve het bedrag van € 13.020,00 binnen 30 dagen over te maken op IBAN NL91 ABNA 0417 1643 00 ten name van Cultuurkaart B.V. onder vermelding van factuurnummer CK-2026-000001."
                    .to_string(),
            ],
        }
    }

    fn page_text(pdf: &Document, page: u32) -> String {
        pdf.extract_text(&[page]).unwrap()
    }

    /// All text of all pages, in page order.
    fn all_text(pdf: &Document) -> String {
        let count = pdf.get_pages().len() as u32;
        (1..=count).map(|p| page_text(pdf, p)).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn starts_with_pdf_header_and_parses() {
        let bytes = render(&sample());
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.ends_with(b"%%EOF") || bytes.ends_with(b"%%EOF\n"));
        let pdf = Document::load_mem(&bytes).unwrap();
        assert_eq!(pdf.get_pages().len(), 1);
    }

    #[test]
    fn page_one_text_reads_back() {
        let pdf = Document::load_mem(&render(&sample())).unwrap();
        let text = page_text(&pdf, 1);
        for needle in [
            "Factuur",
            "CK-2026-000001",
            "€ 13.020,00",
            "Totaal te betalen",
            "Zoë ?zerman-Dé",
            "(a) \\ b",
            "“Project” – Müller’s klas…",
            "‘De Gouden Kooi’",
            "Omschrijving",
            "Aantal",
            "Prijs",
            "Bedrag",
            "Factuurdatum",
            "2026-12-04",
            "KvK 12345678",
            "Btw NL123456789B01",
            "pagina 1 van 1",
            "NL91 ABNA 0417 1643 00",
        ] {
            assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
        }
    }

    #[test]
    fn document_info_is_set() {
        let pdf = Document::load_mem(&render(&sample())).unwrap();
        let info_ref = pdf.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let info = pdf.get_object(info_ref).unwrap().as_dict().unwrap();
        let producer = info.get(b"Producer").unwrap().as_str().unwrap();
        assert_eq!(producer, b"Cultuurkaart");
        let title = info.get(b"Title").unwrap().as_str().unwrap();
        assert_eq!(title, b"Factuur CK-2026-000001");
        let catalog = pdf.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"nl-NL");
    }

    #[test]
    fn fonts_are_standard_helvetica_with_winansi() {
        let pdf = Document::load_mem(&render(&sample())).unwrap();
        let page_id = *pdf.get_pages().get(&1).unwrap();
        let fonts = pdf.get_page_fonts(page_id).unwrap();
        let mut names: Vec<(Vec<u8>, Vec<u8>)> = fonts
            .into_iter()
            .map(|(key, font)| {
                assert_eq!(font.get(b"Encoding").unwrap().as_name().unwrap(), b"WinAnsiEncoding");
                assert_eq!(font.get(b"Subtype").unwrap().as_name().unwrap(), b"Type1");
                (key, font.get(b"BaseFont").unwrap().as_name().unwrap().to_vec())
            })
            .collect();
        names.sort();
        assert_eq!(names, vec![(b"F1".to_vec(), b"Helvetica".to_vec()), (b"F2".to_vec(), b"Helvetica-Bold".to_vec())]);
    }

    #[test]
    fn rendering_is_deterministic() {
        let doc = sample();
        assert_eq!(render(&doc), render(&doc));
        let mut many = sample();
        many.lines = (1..=60).map(|i| line(&format!("Regel {i}"), "1", "€ 1,00", "€ 1,00")).collect();
        assert_eq!(render(&many), render(&many));
    }

    fn sixty_lines() -> PdfDocument {
        let mut doc = sample();
        doc.lines = (1..=60)
            .map(|i| {
                let description = if i % 7 == 0 {
                    format!("Regel {i:02}: workshop theater met een lange omschrijving die over meerdere regels in de kolom moet doorlopen")
                } else {
                    format!("Regel {i:02}: voorstelling")
                };
                line(&description, &i.to_string(), "€ 217,00", &format!("€ {},00", 217 * i))
            })
            .collect();
        doc
    }

    #[test]
    fn sixty_lines_break_over_pages() {
        let pdf = Document::load_mem(&render(&sixty_lines())).unwrap();
        let pages = pdf.get_pages().len() as u32;
        assert!(pages >= 2, "expected page break, got {pages} page(s)");
        let last = page_text(&pdf, pages);
        assert!(last.contains("Totaal te betalen"), "{last}");
        assert!(last.contains(&format!("pagina {pages} van {pages}")), "{last}");
        let text = all_text(&pdf);
        for i in 1..=60 {
            let needle = format!("Regel {i:02}:");
            assert_eq!(text.matches(&needle).count(), 1, "{needle} must appear exactly once");
        }
        assert!(text.contains("€ 13.020,00"));
        // The table header is repeated on the continuation page.
        assert!(page_text(&pdf, 2).contains("Omschrijving"));
        assert!(page_text(&pdf, 2).contains("CK-2026-000001"));
        // The last item is on a later page than the first.
        assert!(!page_text(&pdf, 1).contains("Regel 60:"));
        assert!(text.contains("Regel 60: voorstelling"));
    }

    /// Every shown string, with its font, size and position, read back from the content streams.
    fn placed_texts(pdf: &Document) -> Vec<(u32, Font, f32, f32, f32, Vec<u8>)> {
        let mut out = Vec::new();
        for (number, page_id) in pdf.get_pages() {
            let content = ReadContent::decode(&pdf.get_page_content(page_id)).unwrap();
            let (mut font, mut size, mut x, mut y) = (Font::Regular, 0.0, 0.0, 0.0);
            for op in content.operations {
                match op.operator.as_str() {
                    "Tf" => {
                        font = match op.operands[0].as_name().unwrap() {
                            b"F1" => Font::Regular,
                            b"F2" => Font::Bold,
                            other => panic!("unknown font {other:?}"),
                        };
                        size = op.operands[1].as_float().unwrap();
                    }
                    "Td" => {
                        x = op.operands[0].as_float().unwrap();
                        y = op.operands[1].as_float().unwrap();
                    }
                    "Tj" => {
                        let Object::String(bytes, _) = &op.operands[0] else { panic!("Tj without string") };
                        out.push((number, font, size, x, y, bytes.clone()));
                    }
                    "BT" => (x, y) = (0.0, 0.0),
                    _ => {}
                }
            }
        }
        out
    }

    #[test]
    fn all_text_stays_inside_the_margins() {
        let mut doc = sixty_lines();
        doc.notes.push("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(40));
        doc.notes.push("Eenwoordzonderspatiesdietelangisvoordebreedtevandepagina".repeat(5));
        let pdf = Document::load_mem(&render(&doc)).unwrap();
        let texts = placed_texts(&pdf);
        assert!(texts.len() > 100);
        for (page, font, size, x, y, bytes) in &texts {
            let right = x + text_width(*font, *size, bytes);
            assert!(*x >= LEFT - 0.01, "page {page}: {bytes:?} starts at {x}");
            assert!(right <= RIGHT + 0.01, "page {page}: {bytes:?} ends at {right}");
            assert!(*y >= FOOTER_BASELINE - 0.01 && *y <= TOP, "page {page}: {bytes:?} at y {y}");
            // Body text never enters the footer area.
            if *y > FOOTER_BASELINE + 0.01 {
                assert!(*y >= BOTTOM - 3.0, "page {page}: {bytes:?} at y {y} is below the body");
            }
        }
        // The long note was wrapped into several lines and all words survived.
        let text = all_text(&pdf);
        assert_eq!(text.matches("Lorem").count(), 40);
        let joined: String = text.lines().filter(|l| l.starts_with("Eenwoord") || l.contains("pagina")).collect();
        assert!(joined.contains("Eenwoord"));
    }

    #[test]
    fn amounts_are_right_aligned() {
        let pdf = Document::load_mem(&render(&sample())).unwrap();
        let texts = placed_texts(&pdf);
        let amount_rights: Vec<f32> = texts
            .iter()
            .filter(|t| t.5 == encode("€ 13.020,00") || t.5 == b"Bedrag".to_vec() || t.5 == encode("€ 0,00"))
            .filter(|t| t.3 > PRICE_RIGHT)
            .map(|t| t.3 + text_width(t.1, t.2, &t.5))
            .collect();
        assert!(amount_rights.len() >= 4, "{amount_rights:?}");
        for right in amount_rights {
            assert!((right - RIGHT).abs() < 0.01, "{right}");
        }
    }

    #[test]
    fn winansi_mapping() {
        assert_eq!(
            encode("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ"),
            (0x80..=0x9F).filter(|b| ![0x81, 0x8D, 0x8F, 0x90, 0x9D].contains(b)).collect::<Vec<u8>>()
        );
        assert_eq!(encode("Zoë Ĳzerman-Dé"), b"Zo\xEB ?zerman-D\xE9".to_vec());
        assert_eq!(encode("\u{A0}ÿ~ "), vec![0xA0, 0xFF, b'~', b' ']);
        assert_eq!(encode("a\tb\nc\u{202F}d\u{2212}e\u{AD}f😀"), b"a b c\xA0d-ef?".to_vec());
        assert_eq!(encode("Ω中"), b"??".to_vec());
    }

    #[test]
    fn afm_widths() {
        assert_eq!(glyph_width(Font::Regular, b' '), 278);
        assert_eq!(glyph_width(Font::Regular, b'@'), 1015);
        assert_eq!(glyph_width(Font::Bold, b'@'), 975);
        assert_eq!(glyph_width(Font::Regular, 0x80), 556); // Euro
        assert_eq!(glyph_width(Font::Regular, 0xB5), 556); // mu
        assert_eq!(glyph_width(Font::Bold, 0xE9), 556); // eacute
        assert_eq!(glyph_width(Font::Regular, 0x0A), DEFAULT_WIDTH);
        assert!((text_width(Font::Regular, 10.0, b"Hello") - 22.78).abs() < 0.001);
    }

    #[test]
    fn wrapping_breaks_words_and_long_tokens() {
        let lines = wrap(Font::Regular, 10.0, "aaa bbb ccc", 40.0);
        assert_eq!(lines, vec![b"aaa bbb".to_vec(), b"ccc".to_vec()]);
        let long = wrap(Font::Regular, 10.0, &"x".repeat(100), 50.0);
        assert!(long.len() > 1);
        assert!(long.iter().all(|l| text_width(Font::Regular, 10.0, l) <= 50.0));
        assert_eq!(long.concat(), b"x".repeat(100));
        assert_eq!(wrap(Font::Regular, 10.0, "", 50.0), vec![Vec::<u8>::new()]);
        assert_eq!(wrap(Font::Regular, 10.0, "a\nb", 50.0), vec![b"a".to_vec(), b"b".to_vec()]);
    }

    #[test]
    fn empty_document_still_renders() {
        let pdf = Document::load_mem(&render(&PdfDocument::default())).unwrap();
        assert_eq!(pdf.get_pages().len(), 1);
        assert!(page_text(&pdf, 1).contains("pagina 1 van 1"));
    }

    #[test]
    fn hostile_text_does_not_break_the_pdf() {
        let mut doc = sample();
        doc.title = ") Tj ET (".to_string();
        doc.notes = vec!["((( \\) \\\\ endstream endobj %%EOF \r\n trailer".to_string(), ")))".to_string()];
        doc.lines[0].description = "(unbalanced \\".to_string();
        let pdf = Document::load_mem(&render(&doc)).unwrap();
        let text = page_text(&pdf, 1);
        assert!(text.contains(") Tj ET ("), "{text}");
        assert!(text.contains("((( \\) \\\\ endstream endobj %%EOF"), "{text}");
        assert!(text.contains(")))"), "{text}");
        assert!(text.contains("(unbalanced \\"), "{text}");
    }
}
