//! CSV exports as Dutch spreadsheets open them: `;` separators, a UTF-8 byte-order mark,
//! and cells that a spreadsheet would run as a formula neutralised.

/// One cell: quoted when needed, and prefixed with `'` when it starts like a formula
/// (`=`, `+`, `-`, `@`, tab or carriage return), so an export can never run code.
pub fn cell(value: &str) -> String {
    let safe = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if safe.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", safe.replace('"', "\"\""))
    } else {
        safe
    }
}

/// A whole file from a header and rows of already formatted cells.
pub fn file(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(";"));
    out.push_str("\r\n");
    for row in rows {
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_separators_quoted() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+31 20"), "'+31 20");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("a;b"), "\"a;b\"");
        assert_eq!(cell("CK-2026-000001"), "CK-2026-000001");
    }

    #[test]
    fn a_file_starts_with_a_byte_order_mark_and_uses_crlf() {
        let f = file(&["datum", "bedrag"], vec![vec!["2026-12-01".to_owned(), "10,50".to_owned()]]);
        assert_eq!(f, "\u{feff}datum;bedrag\r\n2026-12-01;10,50\r\n");
    }
}
