//! SEPA Credit Transfer initiation: ISO 20022 pain.001.001.03, as Dutch banks accept it
//! (Betaalvereniging Nederland / EPC implementation guidelines).
//!
//! Amounts are integer euro cents throughout; the XML is written by hand (std only).

use domain::iban::{parse_bic, Iban};

/// The account holder who pays (the platform).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Debtor {
    /// Account holder name.
    pub name: String,
    /// IBAN, print or electronic format.
    pub iban: String,
    /// BIC of the debtor's bank, if known.
    pub bic: Option<String>,
}

/// One payment to one creditor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    /// Reference that travels to the creditor and back on the statement (max 35, SEPA characters).
    pub end_to_end_id: String,
    /// Amount in euro cents, must be positive.
    pub amount_cents: i64,
    /// Creditor (payee) name.
    pub creditor_name: String,
    /// Creditor IBAN, print or electronic format.
    pub creditor_iban: String,
    /// BIC of the creditor's bank, if known.
    pub creditor_bic: Option<String>,
    /// Unstructured remittance text shown to the creditor.
    pub remittance: String,
}

/// One payment file: one message with one payment information block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// Unique message id (max 35, SEPA characters).
    pub message_id: String,
    /// Creation time, ISO 8601 local time "2026-11-29T12:00:00" (a "Z" or "+01:00" suffix is allowed).
    pub created_at: String,
    /// Requested execution date, "2026-11-30".
    pub execution_date: String,
    /// Name of the party sending the file.
    pub initiating_party: String,
    /// The paying account.
    pub debtor: Debtor,
    /// Payment information id (max 35, SEPA characters).
    pub payment_info_id: String,
    /// The payments, at least one.
    pub transfers: Vec<Transfer>,
}

/// Why a batch cannot be turned into a pain.001 document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pain001Error {
    /// The batch has no transfers.
    NoTransfers,
    /// A transfer amount is zero or negative.
    NonPositiveAmount {
        /// The transfer's end-to-end id as given.
        end_to_end_id: String,
    },
    /// An identifier is longer than 35 characters.
    TooLong {
        /// XML element name of the field.
        field: &'static str,
    },
    /// An amount above 999,999,999.99 EUR, or a control sum that overflows.
    AmountOverflow,
    /// A mandatory field is empty (after reduction to the SEPA character set).
    Empty {
        /// XML element name of the field.
        field: &'static str,
    },
    /// An identifier uses characters outside the SEPA set, or starts/ends with '/' or contains "//".
    InvalidId {
        /// XML element name of the field.
        field: &'static str,
    },
    /// An IBAN fails validation.
    InvalidIban {
        /// XML element name of the field.
        field: &'static str,
        /// The IBAN as given.
        value: String,
    },
    /// A BIC fails validation.
    InvalidBic {
        /// XML element name of the field.
        field: &'static str,
        /// The BIC as given.
        value: String,
    },
    /// A date or date-time is not in ISO 8601 form.
    InvalidDate {
        /// XML element name of the field.
        field: &'static str,
    },
}

/// Largest amount of one SEPA credit transfer, in cents (EPC rulebook: 999,999,999.99 EUR).
const MAX_AMOUNT_CENTS: i64 = 99_999_999_999;
/// Largest control sum the XSD allows (DecimalNumber: 18 digits in total), in cents.
const MAX_CTRL_SUM_CENTS: i64 = 999_999_999_999_999_999;
/// Max length of identifiers (Max35Text).
const ID_MAX: usize = 35;
/// Max length of names (EPC usage rule; the XSD allows 140).
const NAME_MAX: usize = 70;
/// Max length of unstructured remittance information.
const USTRD_MAX: usize = 140;

/// Formats euro cents with exactly two decimals: 123450 -> "1234.50", -5 -> "-0.05".
pub fn format_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// Characters of the SEPA (EPC) Latin character set.
fn is_sepa_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '?' | ':' | '(' | ')' | '.' | ',' | '\'' | '+' | ' ')
}

/// Replacement for a character outside the SEPA set; `None` means "drop it".
fn transliterate(c: char) -> Option<&'static str> {
    let s = match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ª' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'º' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ŷ' | 'Ÿ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        '&' => "+",
        '€' => "EUR",
        '"' | '`' | '´' | '‘' | '’' | '‚' | '‛' | '“' | '”' | '„' | '«' | '»' => "'",
        '_' | '‐' | '‑' | '‒' | '–' | '—' | '−' => "-",
        '[' | '{' => "(",
        ']' | '}' => ")",
        '\\' => "/",
        ';' => ",",
        // combining accents (decomposed input such as "e\u{301}") and invisible characters
        '\u{0300}'..='\u{036F}' | '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            return None;
        }
        _ => " ",
    };
    Some(s)
}

/// Reduces free text to the SEPA character set (transliterating accents, '&' -> '+'),
/// collapses whitespace and truncates to `max` characters.
pub fn sepa_text(input: &str, max: usize) -> String {
    let mut mapped = String::with_capacity(input.len());
    for c in input.chars() {
        if is_sepa_char(c) {
            mapped.push(c);
        } else if let Some(replacement) = transliterate(c) {
            mapped.push_str(replacement);
        }
    }
    let collapsed = mapped.split_whitespace().collect::<Vec<_>>().join(" ");
    // Only ASCII is left, so characters and bytes coincide.
    let truncated: String = collapsed.chars().take(max).collect();
    truncated.trim_end().to_owned()
}

/// Escapes the characters that are special in XML element content.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

/// Checks an identifier: non-empty, SEPA characters only, no leading/trailing '/' or "//", max 35.
fn check_id<'a>(value: &'a str, field: &'static str) -> Result<&'a str, Pain001Error> {
    if value.is_empty() {
        return Err(Pain001Error::Empty { field });
    }
    if !value.chars().all(is_sepa_char) || value.starts_with('/') || value.ends_with('/') || value.contains("//") {
        return Err(Pain001Error::InvalidId { field });
    }
    if value.chars().count() > ID_MAX {
        return Err(Pain001Error::TooLong { field });
    }
    Ok(value)
}

/// Cleans a name to the SEPA set and max 70 characters; refuses it if nothing is left.
fn check_name(value: &str, field: &'static str) -> Result<String, Pain001Error> {
    let name = sepa_text(value, NAME_MAX);
    if name.is_empty() {
        return Err(Pain001Error::Empty { field });
    }
    Ok(name)
}

/// Validates an IBAN and returns its electronic format.
fn check_iban(value: &str, field: &'static str) -> Result<String, Pain001Error> {
    Iban::parse(value)
        .map(|iban| iban.as_str().to_owned())
        .map_err(|_| Pain001Error::InvalidIban { field, value: value.to_owned() })
}

/// Validates an optional BIC; an empty string counts as "no BIC".
fn check_bic(value: Option<&str>, field: &'static str) -> Result<Option<String>, Pain001Error> {
    match value {
        Some(bic) if !bic.trim().is_empty() => {
            parse_bic(bic).map(Some).map_err(|_| Pain001Error::InvalidBic { field, value: bic.to_owned() })
        }
        _ => Ok(None),
    }
}

/// Parses `n` ASCII digits at the start of `s`.
fn digits(s: &str, n: usize) -> Option<u32> {
    let part = s.get(..n)?;
    part.chars().try_fold(0u32, |acc, c| Some(acc * 10 + c.to_digit(10)?))
}

/// True for a calendar date "YYYY-MM-DD".
fn is_iso_date(s: &str) -> bool {
    if s.len() != 10 || s.get(4..5) != Some("-") || s.get(7..8) != Some("-") {
        return false;
    }
    let (Some(year), Some(month), Some(day)) =
        (digits(s, 4), s.get(5..).and_then(|r| digits(r, 2)), s.get(8..).and_then(|r| digits(r, 2)))
    else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    year >= 1 && (1..=days_in_month).contains(&day)
}

/// True for "YYYY-MM-DDTHH:MM:SS", optionally followed by "Z" or "+HH:MM"/"-HH:MM".
fn is_iso_datetime(s: &str) -> bool {
    let (Some(date), Some(time)) = (s.get(..10), s.get(10..)) else {
        return false;
    };
    if !is_iso_date(date) || !time.starts_with('T') || time.get(3..4) != Some(":") || time.get(6..7) != Some(":") {
        return false;
    }
    let (Some(h), Some(m), Some(sec)) = (
        time.get(1..).and_then(|r| digits(r, 2)),
        time.get(4..).and_then(|r| digits(r, 2)),
        time.get(7..).and_then(|r| digits(r, 2)),
    ) else {
        return false;
    };
    let zone = time.get(9..).unwrap_or_default();
    let zone_ok = match zone {
        "" | "Z" => true,
        _ => {
            (zone.starts_with('+') || zone.starts_with('-'))
                && zone.len() == 6
                && zone.get(3..4) == Some(":")
                && zone.get(1..).and_then(|r| digits(r, 2)).is_some_and(|zh| zh <= 14)
                && zone.get(4..).and_then(|r| digits(r, 2)).is_some_and(|zm| zm < 60)
        }
    };
    h < 24 && m < 60 && sec < 60 && zone_ok
}

/// A transfer after validation, ready to be written.
struct CheckedTransfer<'a> {
    end_to_end_id: &'a str,
    amount_cents: i64,
    creditor_name: String,
    creditor_iban: String,
    creditor_bic: Option<String>,
    remittance: String,
}

/// Validates one transfer.
fn check_transfer(t: &Transfer) -> Result<CheckedTransfer<'_>, Pain001Error> {
    let end_to_end_id = check_id(&t.end_to_end_id, "EndToEndId")?;
    if t.amount_cents <= 0 {
        return Err(Pain001Error::NonPositiveAmount { end_to_end_id: t.end_to_end_id.clone() });
    }
    if t.amount_cents > MAX_AMOUNT_CENTS {
        return Err(Pain001Error::AmountOverflow);
    }
    Ok(CheckedTransfer {
        end_to_end_id,
        amount_cents: t.amount_cents,
        creditor_name: check_name(&t.creditor_name, "Cdtr/Nm")?,
        creditor_iban: check_iban(&t.creditor_iban, "CdtrAcct/IBAN")?,
        creditor_bic: check_bic(t.creditor_bic.as_deref(), "CdtrAgt/BIC")?,
        remittance: sepa_text(&t.remittance, USTRD_MAX),
    })
}

/// Sums amounts in cents with overflow checks, within the 18 digits the XSD allows.
fn control_sum(amounts: impl IntoIterator<Item = i64>) -> Result<i64, Pain001Error> {
    amounts
        .into_iter()
        .try_fold(0i64, |sum, cents| sum.checked_add(cents))
        .filter(|sum| *sum <= MAX_CTRL_SUM_CENTS)
        .ok_or(Pain001Error::AmountOverflow)
}

/// Small indenting XML writer over a String.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    /// Starts a line at the current depth.
    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    /// Writes `<name>` and goes one level deeper.
    fn open(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    /// Goes one level up and writes `</name>`.
    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<name>text</name>` with the text escaped.
    fn leaf(&mut self, name: &str, text: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        self.out.push_str(&xml_escape(text));
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// Writes `<InstdAmt Ccy="EUR">1.23</InstdAmt>`.
    fn eur_amount(&mut self, cents: i64) {
        self.indent();
        self.out.push_str("<InstdAmt Ccy=\"EUR\">");
        self.out.push_str(&format_cents(cents));
        self.out.push_str("</InstdAmt>\n");
    }

    /// Writes an account: `<name><Id><IBAN>..</IBAN></Id></name>`.
    fn account(&mut self, name: &str, iban: &str) {
        self.open(name);
        self.open("Id");
        self.leaf("IBAN", iban);
        self.close("Id");
        self.close(name);
    }

    /// Writes a party with only a name: `<name><Nm>..</Nm></name>`.
    fn party(&mut self, name: &str, party_name: &str) {
        self.open(name);
        self.leaf("Nm", party_name);
        self.close(name);
    }
}

/// Builds a complete pain.001.001.03 document (UTF-8 XML) for one batch.
pub fn document(batch: &Batch) -> Result<String, Pain001Error> {
    if batch.transfers.is_empty() {
        return Err(Pain001Error::NoTransfers);
    }
    let message_id = check_id(&batch.message_id, "MsgId")?;
    let payment_info_id = check_id(&batch.payment_info_id, "PmtInfId")?;
    if !is_iso_datetime(&batch.created_at) {
        return Err(Pain001Error::InvalidDate { field: "CreDtTm" });
    }
    if !is_iso_date(&batch.execution_date) {
        return Err(Pain001Error::InvalidDate { field: "ReqdExctnDt" });
    }
    let initiating_party = check_name(&batch.initiating_party, "InitgPty/Nm")?;
    let debtor_name = check_name(&batch.debtor.name, "Dbtr/Nm")?;
    let debtor_iban = check_iban(&batch.debtor.iban, "DbtrAcct/IBAN")?;
    let debtor_bic = check_bic(batch.debtor.bic.as_deref(), "DbtrAgt/BIC")?;

    let transfers = batch.transfers.iter().map(check_transfer).collect::<Result<Vec<_>, _>>()?;
    let ctrl_sum = format_cents(control_sum(transfers.iter().map(|t| t.amount_cents))?);
    let count = transfers.len().to_string();

    let mut x = Xml { out: String::new(), depth: 0 };
    x.out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.out.push_str("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\n");
    x.depth = 1;
    x.open("CstmrCdtTrfInitn");

    x.open("GrpHdr");
    x.leaf("MsgId", message_id);
    x.leaf("CreDtTm", &batch.created_at);
    x.leaf("NbOfTxs", &count);
    x.leaf("CtrlSum", &ctrl_sum);
    x.party("InitgPty", &initiating_party);
    x.close("GrpHdr");

    x.open("PmtInf");
    x.leaf("PmtInfId", payment_info_id);
    x.leaf("PmtMtd", "TRF");
    x.leaf("BtchBookg", "true");
    x.leaf("NbOfTxs", &count);
    x.leaf("CtrlSum", &ctrl_sum);
    x.open("PmtTpInf");
    x.open("SvcLvl");
    x.leaf("Cd", "SEPA");
    x.close("SvcLvl");
    x.close("PmtTpInf");
    x.leaf("ReqdExctnDt", &batch.execution_date);
    x.party("Dbtr", &debtor_name);
    x.account("DbtrAcct", &debtor_iban);
    x.open("DbtrAgt");
    x.open("FinInstnId");
    match &debtor_bic {
        Some(bic) => x.leaf("BIC", bic),
        None => {
            x.open("Othr");
            x.leaf("Id", "NOTPROVIDED");
            x.close("Othr");
        }
    }
    x.close("FinInstnId");
    x.close("DbtrAgt");
    x.leaf("ChrgBr", "SLEV");

    for t in &transfers {
        x.open("CdtTrfTxInf");
        x.open("PmtId");
        x.leaf("EndToEndId", t.end_to_end_id);
        x.close("PmtId");
        x.open("Amt");
        x.eur_amount(t.amount_cents);
        x.close("Amt");
        if let Some(bic) = &t.creditor_bic {
            x.open("CdtrAgt");
            x.open("FinInstnId");
            x.leaf("BIC", bic);
            x.close("FinInstnId");
            x.close("CdtrAgt");
        }
        x.party("Cdtr", &t.creditor_name);
        x.account("CdtrAcct", &t.creditor_iban);
        if !t.remittance.is_empty() {
            x.open("RmtInf");
            x.leaf("Ustrd", &t.remittance);
            x.close("RmtInf");
        }
        x.close("CdtTrfTxInf");
    }

    x.close("PmtInf");
    x.close("CstmrCdtTrfInitn");
    x.out.push_str("</Document>\n");
    Ok(x.out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::process::Command;

    fn transfer(id: &str, cents: i64) -> Transfer {
        Transfer {
            end_to_end_id: id.to_owned(),
            amount_cents: cents,
            creditor_name: "Theatergroep De Vliegende Hollander".to_owned(),
            creditor_iban: "NL91ABNA0417164300".to_owned(),
            creditor_bic: None,
            remittance: format!("Uitbetaling {id}"),
        }
    }

    fn batch(transfers: Vec<Transfer>) -> Batch {
        Batch {
            message_id: "PAYOUT-2026-11-29-001".to_owned(),
            created_at: "2026-11-29T12:00:00".to_owned(),
            execution_date: "2026-11-30".to_owned(),
            initiating_party: "Cultuurplatform B.V.".to_owned(),
            debtor: Debtor {
                name: "Cultuurplatform B.V.".to_owned(),
                iban: "NL02ABNA0123456789".to_owned(),
                bic: Some("ABNANL2A".to_owned()),
            },
            payment_info_id: "PMT-2026-11-29-001".to_owned(),
            transfers,
        }
    }

    /// A batch with a BIC and a no-BIC creditor, accented names and awkward remittance text.
    fn realistic_batch() -> Batch {
        let mut b = batch(vec![
            Transfer {
                end_to_end_id: "E2E-2026-0001".to_owned(),
                amount_cents: 12345,
                creditor_name: "Stichting Muziekschool Zoë & Chloë".to_owned(),
                creditor_iban: "nl91 abna 0417 1643 00".to_owned(),
                creditor_bic: Some("abnanl2a".to_owned()),
                remittance: "Factuur 2026/017 – workshop \"Ĳsselmeer\" <b>vet</b>".to_owned(),
            },
            Transfer {
                end_to_end_id: "E2E-2026-0002".to_owned(),
                amount_cents: 1,
                creditor_name: "Müller Straße GmbH".to_owned(),
                creditor_iban: "DE89370400440532013000".to_owned(),
                creditor_bic: None,
                remittance: "Gage für Aufführung €50".to_owned(),
            },
            Transfer {
                end_to_end_id: "E2E-2026-0003".to_owned(),
                amount_cents: 9_999_999,
                creditor_name: "Ærø Kunstforening".to_owned(),
                creditor_iban: "BE68539007547034".to_owned(),
                creditor_bic: Some(String::new()),
                remittance: String::new(),
            },
        ]);
        b.debtor.bic = None;
        b
    }

    fn standards_dir() -> PathBuf {
        std::env::var_os("STANDARDS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/standards"))
    }

    /// Writes `xml` to a temp file, runs `validate pain001` on it, returns (success, output).
    fn validate(name: &str, xml: &str) -> (bool, String) {
        let path = std::env::temp_dir().join(format!("pain001-test-{}-{name}.xml", std::process::id()));
        std::fs::write(&path, xml).unwrap();
        let output = Command::new(standards_dir().join("validate"))
            .arg("pain001")
            .arg(&path)
            .output()
            .expect("could not run the standards validator");
        let _ = std::fs::remove_file(&path);
        let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        (output.status.success(), text)
    }

    fn between<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
        xml.split(open).skip(1).filter_map(|rest| rest.split(close).next()).collect()
    }

    #[test]
    fn cents_are_formatted_with_two_decimals() {
        assert_eq!(format_cents(0), "0.00");
        assert_eq!(format_cents(1), "0.01");
        assert_eq!(format_cents(10), "0.10");
        assert_eq!(format_cents(123450), "1234.50");
        assert_eq!(format_cents(-5), "-0.05");
        assert_eq!(format_cents(i64::MIN), "-92233720368547758.08");
    }

    #[test]
    fn the_control_sum_of_three_transfers_is_exact() {
        let b = batch(vec![transfer("A", 12345), transfer("B", 1), transfer("C", 9_999_999)]);
        let xml = document(&b).unwrap();
        assert_eq!(between(&xml, "<CtrlSum>", "</CtrlSum>"), ["100123.45", "100123.45"]);
        assert_eq!(between(&xml, "<NbOfTxs>", "</NbOfTxs>"), ["3", "3"]);
        assert_eq!(between(&xml, "<InstdAmt Ccy=\"EUR\">", "</InstdAmt>"), ["123.45", "0.01", "99999.99"]);
    }

    #[test]
    fn accents_and_markup_are_reduced_to_the_sepa_character_set() {
        assert_eq!(sepa_text("Café & Co <b>", 70), "Cafe + Co b");
        assert_eq!(sepa_text("Zoë Müller-Straße", 70), "Zoe Muller-Strasse");
        assert_eq!(sepa_text("Ĳsselmeer Ærø Åse François Niño", 70), "IJsselmeer AEro Ase Francois Nino");
        assert_eq!(sepa_text("e\u{301}e\u{0308}n", 70), "een");
        assert_eq!(sepa_text("  a\t\nb  ", 70), "a b");
        assert_eq!(sepa_text("“quote” – €5 @home", 70), "'quote' - EUR5 home");
    }

    #[test]
    fn sepa_text_is_truncated_to_the_maximum() {
        let long = "x".repeat(200);
        assert_eq!(sepa_text(&long, 140).len(), 140);
        assert_eq!(sepa_text("abc def", 4), "abc");
    }

    #[test]
    fn text_in_the_document_contains_no_markup_or_non_sepa_characters() {
        let xml = document(&realistic_batch()).unwrap();
        assert!(xml.contains("<Nm>Stichting Muziekschool Zoe + Chloe</Nm>"), "{xml}");
        assert!(xml.contains("<Nm>Muller Strasse GmbH</Nm>"), "{xml}");
        assert!(xml.contains("<Nm>AEro Kunstforening</Nm>"), "{xml}");
        assert!(xml.contains("<Ustrd>Factuur 2026/017 - workshop 'IJsselmeer' b vet /b</Ustrd>"), "{xml}");
        assert!(xml.contains("<Ustrd>Gage fur Auffuhrung EUR50</Ustrd>"), "{xml}");
        assert!(xml.is_ascii());
        assert!(!xml.contains("<b>"));
    }

    #[test]
    fn ibans_and_bics_are_written_in_electronic_format() {
        let xml = document(&realistic_batch()).unwrap();
        assert_eq!(
            between(&xml, "<IBAN>", "</IBAN>"),
            ["NL02ABNA0123456789", "NL91ABNA0417164300", "DE89370400440532013000", "BE68539007547034"]
        );
        assert_eq!(between(&xml, "<BIC>", "</BIC>"), ["ABNANL2A"]);
        let debtor_agent = between(&xml, "<DbtrAgt>", "</DbtrAgt>");
        assert!(debtor_agent[0].contains("<Othr>") && debtor_agent[0].contains("<Id>NOTPROVIDED</Id>"), "{xml}");
        assert_eq!(xml.matches("<CdtrAgt>").count(), 1);
        assert_eq!(xml.matches("<RmtInf>").count(), 2);
    }

    #[test]
    fn a_non_positive_amount_is_refused() {
        for cents in [0, -1] {
            let b = batch(vec![transfer("A", 100), transfer("B", cents)]);
            assert_eq!(document(&b), Err(Pain001Error::NonPositiveAmount { end_to_end_id: "B".to_owned() }));
        }
    }

    #[test]
    fn an_empty_batch_is_refused() {
        assert_eq!(document(&batch(vec![])), Err(Pain001Error::NoTransfers));
    }

    #[test]
    fn an_amount_above_the_sepa_maximum_is_refused() {
        let b = batch(vec![transfer("A", MAX_AMOUNT_CENTS + 1)]);
        assert_eq!(document(&b), Err(Pain001Error::AmountOverflow));
        let b = batch(vec![transfer("A", MAX_AMOUNT_CENTS)]);
        assert!(document(&b).is_ok());
    }

    #[test]
    fn a_control_sum_overflow_is_refused() {
        assert_eq!(control_sum([i64::MAX, 1]), Err(Pain001Error::AmountOverflow));
        assert_eq!(control_sum([MAX_CTRL_SUM_CENTS, 1]), Err(Pain001Error::AmountOverflow));
        assert_eq!(control_sum([MAX_CTRL_SUM_CENTS - 1, 1]), Ok(MAX_CTRL_SUM_CENTS));
    }

    #[test]
    fn ids_longer_than_35_characters_are_refused_not_truncated() {
        let long = "X".repeat(36);
        let mut b = batch(vec![transfer(&long, 100)]);
        assert_eq!(document(&b), Err(Pain001Error::TooLong { field: "EndToEndId" }));
        b.transfers = vec![transfer(&"X".repeat(35), 100)];
        assert!(document(&b).is_ok());
        b.message_id = long.clone();
        assert_eq!(document(&b), Err(Pain001Error::TooLong { field: "MsgId" }));
        b.message_id = "M".to_owned();
        b.payment_info_id = long;
        assert_eq!(document(&b), Err(Pain001Error::TooLong { field: "PmtInfId" }));
    }

    #[test]
    fn ids_with_non_sepa_characters_or_slash_misuse_are_refused() {
        for bad in ["Zoë-1", "a&b", "/abc", "abc/", "a//b"] {
            let b = batch(vec![transfer(bad, 100)]);
            assert_eq!(document(&b), Err(Pain001Error::InvalidId { field: "EndToEndId" }), "{bad}");
        }
        let b = batch(vec![transfer("", 100)]);
        assert_eq!(document(&b), Err(Pain001Error::Empty { field: "EndToEndId" }));
    }

    #[test]
    fn an_invalid_creditor_iban_is_refused() {
        let mut t = transfer("A", 100);
        t.creditor_iban = "NL90ABNA0111111111".to_owned(); // the Betaalvereniging example's wrong IBAN
        assert_eq!(
            document(&batch(vec![t])),
            Err(Pain001Error::InvalidIban { field: "CdtrAcct/IBAN", value: "NL90ABNA0111111111".to_owned() })
        );
    }

    #[test]
    fn an_invalid_bic_is_refused() {
        let mut t = transfer("A", 100);
        t.creditor_bic = Some("ABNANL".to_owned());
        assert_eq!(document(&batch(vec![t])), Err(Pain001Error::InvalidBic { field: "CdtrAgt/BIC", value: "ABNANL".to_owned() }));
    }

    #[test]
    fn a_name_that_is_empty_after_cleaning_is_refused() {
        let mut t = transfer("A", 100);
        t.creditor_name = "<<>>".to_owned();
        assert_eq!(document(&batch(vec![t])), Err(Pain001Error::Empty { field: "Cdtr/Nm" }));
    }

    #[test]
    fn malformed_dates_are_refused() {
        let mut b = batch(vec![transfer("A", 100)]);
        b.execution_date = "2026-02-29".to_owned();
        assert_eq!(document(&b), Err(Pain001Error::InvalidDate { field: "ReqdExctnDt" }));
        b.execution_date = "2028-02-29".to_owned();
        assert!(document(&b).is_ok());
        for bad in ["2026-11-29 12:00:00", "2026-11-29T24:00:00", "2026-11-29", "2026-11-29T12:00:00+1"] {
            b.created_at = bad.to_owned();
            assert_eq!(document(&b), Err(Pain001Error::InvalidDate { field: "CreDtTm" }), "{bad}");
        }
        for good in ["2026-11-29T12:00:00Z", "2026-11-29T12:00:00+01:00"] {
            b.created_at = good.to_owned();
            assert!(document(&b).is_ok(), "{good}");
        }
    }

    #[test]
    fn the_generated_document_passes_the_pain001_schema() {
        let xml = document(&realistic_batch()).unwrap();
        let (ok, output) = validate("good", &xml);
        assert!(ok, "validator refused the document:\n{output}\n{xml}");
        println!("{output}");
    }

    #[test]
    fn the_validator_refuses_a_broken_document() {
        let xml = document(&realistic_batch()).unwrap();
        // MsgId is mandatory. (CtrlSum is optional in the XSD, so removing it would still pass.)
        let start = xml.find("      <MsgId>").unwrap();
        let end = xml.find("</MsgId>\n").unwrap() + "</MsgId>\n".len();
        let broken = format!("{}{}", &xml[..start], &xml[end..]);
        let (ok, output) = validate("broken", &broken);
        assert!(!ok, "validator accepted a document without MsgId:\n{output}");
        assert!(output.contains("XSD"), "{output}");
    }
}
