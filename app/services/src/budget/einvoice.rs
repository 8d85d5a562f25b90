//! E-invoices: the school's invoice as UBL 2.1 following Peppol BIS Billing 3.0 (with the
//! Dutch NL rules), built from the invoice, its order, the location and the seller's details.
//! The XML is written by hand from a fixed template: the element order is the schema's, and
//! every text is escaped.

use crate::platform::db::money;
use crate::platform::db::{int, opt_int, text, Db};
use crate::platform::mail::Attachment;
use crate::platform::state::SellerDetails;
use domain::failure::internal;
use domain::time::local_date;
use domain::{AppError, LocationId, Money};
use sqlx::AnyConnection;

/// Everything an invoice document needs. The buyer's details are those the invoice was
/// issued with: the document stays the same when the school later changes its details.
#[derive(Clone, Debug)]
pub struct InvoiceDocument {
    pub id: i64,
    pub number: String,
    pub issue_date: String,
    pub due_date: String,
    pub location_id: LocationId,
    pub buyer_name: String,
    pub buyer_location: String,
    pub buyer_street: String,
    pub buyer_postcode: String,
    pub buyer_city: String,
    pub buyer_kvk: String,
    /// The buyer's reference (BT-10): the location's CJP school number.
    pub buyer_reference: String,
    /// The school's purchase-order reference (BT-13); may be empty.
    pub po_reference: String,
    pub students: i64,
    pub contribution: Money,
    pub total: Money,
    pub period_name: String,
    /// `E` (exempt from VAT) or `O` (outside the scope of VAT).
    pub vat_category: String,
    pub payment_term_days: i64,
    /// The credit note that cancelled this invoice, if any.
    pub credit_note: Option<CreditNote>,
}

/// A credit note: the whole invoice credited, with the reason.
#[derive(Clone, Debug)]
pub struct CreditNote {
    pub id: i64,
    pub number: String,
    pub issue_date: String,
    pub reason: String,
    pub amount: Money,
}

/// Loads the document data of an invoice.
#[tracing::instrument(skip_all)]
pub async fn document(db: &Db, invoice_id: i64) -> Result<Option<InvoiceDocument>, AppError> {
    let mut conn = db.pool.acquire().await?;
    document_in(&mut conn, invoice_id).await
}

/// [`document`] on a given connection (inside the transaction that issues the invoice).
#[tracing::instrument(skip_all)]
pub async fn document_in(conn: &mut AnyConnection, invoice_id: i64) -> Result<Option<InvoiceDocument>, AppError> {
    let row = sqlx::query(
        "SELECT i.id, i.number, i.issued_at, i.due_at, i.amount_cents, i.location_id, i.buyer_name, i.buyer_location, i.buyer_street,
                i.buyer_postcode, i.buyer_city, i.buyer_kvk, i.buyer_reference, i.po_reference,
                o.collective_students + o.individual_students AS students, p.contribution_cents, p.name AS period_name,
                p.vat_category, p.payment_term_days,
                cn.id AS cn_id, cn.number AS cn_number, cn.issued_at AS cn_issued_at, cn.reason AS cn_reason, cn.amount_cents AS cn_amount
         FROM invoices i JOIN budget_orders o ON o.id = i.order_id JOIN programme_periods p ON p.id = o.period_id
         LEFT JOIN credit_notes cn ON cn.invoice_id = i.id WHERE i.id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&mut *conn)
    .await
    ?;
    let Some(r) = row else { return Ok(None) };
    let e = internal;
    let credit_note = match opt_int(&r, "cn_id").map_err(e)? {
        None => None,
        Some(id) => Some(CreditNote {
            id,
            number: text(&r, "cn_number").map_err(e)?,
            issue_date: local_date(int(&r, "cn_issued_at").map_err(e)?),
            reason: text(&r, "cn_reason").map_err(e)?,
            amount: money(int(&r, "cn_amount").map_err(e)?)?,
        }),
    };
    Ok(Some(InvoiceDocument {
        id: int(&r, "id").map_err(e)?,
        number: text(&r, "number").map_err(e)?,
        issue_date: local_date(int(&r, "issued_at").map_err(e)?),
        due_date: local_date(int(&r, "due_at").map_err(e)?),
        location_id: LocationId(int(&r, "location_id").map_err(e)?),
        buyer_name: text(&r, "buyer_name").map_err(e)?,
        buyer_location: text(&r, "buyer_location").map_err(e)?,
        buyer_street: text(&r, "buyer_street").map_err(e)?,
        buyer_postcode: text(&r, "buyer_postcode").map_err(e)?,
        buyer_city: text(&r, "buyer_city").map_err(e)?,
        buyer_kvk: text(&r, "buyer_kvk").map_err(e)?,
        buyer_reference: text(&r, "buyer_reference").map_err(e)?,
        po_reference: text(&r, "po_reference").map_err(e)?,
        students: int(&r, "students").map_err(e)?,
        contribution: money(int(&r, "contribution_cents").map_err(e)?)?,
        total: money(int(&r, "amount_cents").map_err(e)?)?,
        period_name: text(&r, "period_name").map_err(e)?,
        vat_category: text(&r, "vat_category").map_err(e)?,
        payment_term_days: int(&r, "payment_term_days").map_err(e)?,
        credit_note,
    }))
}

/// Escapes text for XML content and attributes.
fn x(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// The invoice as a Peppol BIS Billing 3.0 UBL document.
pub fn ubl(doc: &InvoiceDocument, seller: &SellerDetails) -> String {
    ubl_document(doc, seller, None)
}

/// The credit note of an invoice as a Peppol BIS Billing 3.0 UBL CreditNote (type 381),
/// referring to the invoice it credits.
pub fn credit_note_ubl(doc: &InvoiceDocument, note: &CreditNote, seller: &SellerDetails) -> String {
    ubl_document(doc, seller, Some(note))
}

fn ubl_document(doc: &InvoiceDocument, seller: &SellerDetails, note: Option<&CreditNote>) -> String {
    let exempt = doc.vat_category == "E";
    let category = if exempt { "E" } else { "O" };
    let (percent, reason) = if exempt {
        ("<cbc:Percent>0</cbc:Percent>", "Vrijgesteld van btw (bijdrage in het kader van de MBO Cultuurkaart)")
    } else {
        ("", "Niet onderworpen aan btw (bijdrage in het kader van de MBO Cultuurkaart)")
    };
    // A seller VAT number is required for exempt lines and forbidden for lines outside scope.
    let seller_tax = if exempt {
        format!("<cac:PartyTaxScheme><cbc:CompanyID>{}</cbc:CompanyID><cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>", x(&seller.vat_id))
    } else {
        String::new()
    };
    let order_reference = if doc.po_reference.is_empty() {
        String::new()
    } else {
        format!("<cac:OrderReference><cbc:ID>{}</cbc:ID></cac:OrderReference>", x(&doc.po_reference))
    };
    let (root, ns, head, line, quantity, total) = match note {
        None => (
            "Invoice",
            "Invoice-2",
            format!(
                "<cbc:ID>{number}</cbc:ID>\n  <cbc:IssueDate>{issue}</cbc:IssueDate>\n  <cbc:DueDate>{due}</cbc:DueDate>\n  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>\n  <cbc:Note>MBO Cultuurkaart, {period}: bijdrage voor {students} studenten van {location}.</cbc:Note>\n  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n  <cbc:BuyerReference>{buyer_ref}</cbc:BuyerReference>\n  {order_reference}",
                number = x(&doc.number),
                issue = x(&doc.issue_date),
                due = x(&doc.due_date),
                period = x(&doc.period_name),
                students = doc.students,
                location = x(&doc.buyer_location),
                buyer_ref = x(&doc.buyer_reference),
            ),
            "InvoiceLine",
            "InvoicedQuantity",
            doc.total,
        ),
        Some(n) => (
            "CreditNote",
            "CreditNote-2",
            format!(
                "<cbc:ID>{number}</cbc:ID>\n  <cbc:IssueDate>{issue}</cbc:IssueDate>\n  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>\n  <cbc:Note>Creditnota bij factuur {invoice}: {reason}</cbc:Note>\n  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>\n  <cbc:BuyerReference>{buyer_ref}</cbc:BuyerReference>\n  {order_reference}\n  <cac:BillingReference><cac:InvoiceDocumentReference><cbc:ID>{invoice}</cbc:ID><cbc:IssueDate>{invoice_date}</cbc:IssueDate></cac:InvoiceDocumentReference></cac:BillingReference>",
                number = x(&n.number),
                issue = x(&n.issue_date),
                invoice = x(&doc.number),
                invoice_date = x(&doc.issue_date),
                reason = x(&n.reason),
                buyer_ref = x(&doc.buyer_reference),
            ),
            "CreditNoteLine",
            "CreditedQuantity",
            n.amount,
        ),
    };
    let payment = match note {
        None => format!(
            "<cac:PaymentMeans>\n    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>\n    <cbc:PaymentID>{number}</cbc:PaymentID>\n    <cac:PayeeFinancialAccount>\n      <cbc:ID>{iban}</cbc:ID>\n      <cbc:Name>{seller_name}</cbc:Name>\n    </cac:PayeeFinancialAccount>\n  </cac:PaymentMeans>\n  <cac:PaymentTerms><cbc:Note>Betalen binnen {term} dagen onder vermelding van {number}.</cbc:Note></cac:PaymentTerms>",
            number = x(&doc.number),
            iban = x(&seller.iban),
            seller_name = x(&seller.name),
            term = doc.payment_term_days,
        ),
        Some(_) => String::new(),
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<{root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:{ns}" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  {head}
  <cac:AccountingSupplierParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0106">{seller_kvk}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>{seller_name}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>{seller_street}</cbc:StreetName>
        <cbc:CityName>{seller_city}</cbc:CityName>
        <cbc:PostalZone>{seller_postcode}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      {seller_tax}
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{seller_name}</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0106">{seller_kvk}</cbc:CompanyID>
      </cac:PartyLegalEntity>
      <cac:Contact><cbc:ElectronicMail>{seller_email}</cbc:ElectronicMail></cac:Contact>
    </cac:Party>
  </cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty>
    <cac:Party>
      <cbc:EndpointID schemeID="0106">{buyer_kvk}</cbc:EndpointID>
      <cac:PartyName><cbc:Name>{buyer_name}</cbc:Name></cac:PartyName>
      <cac:PostalAddress>
        <cbc:StreetName>{buyer_street}</cbc:StreetName>
        <cbc:CityName>{buyer_city}</cbc:CityName>
        <cbc:PostalZone>{buyer_postcode}</cbc:PostalZone>
        <cac:Country><cbc:IdentificationCode>NL</cbc:IdentificationCode></cac:Country>
      </cac:PostalAddress>
      <cac:PartyLegalEntity>
        <cbc:RegistrationName>{buyer_name}</cbc:RegistrationName>
        <cbc:CompanyID schemeID="0106">{buyer_kvk}</cbc:CompanyID>
      </cac:PartyLegalEntity>
    </cac:Party>
  </cac:AccountingCustomerParty>
  {payment}
  <cac:TaxTotal>
    <cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
    <cac:TaxSubtotal>
      <cbc:TaxableAmount currencyID="EUR">{total}</cbc:TaxableAmount>
      <cbc:TaxAmount currencyID="EUR">0.00</cbc:TaxAmount>
      <cac:TaxCategory>
        <cbc:ID>{category}</cbc:ID>
        {percent}
        <cbc:TaxExemptionReason>{reason}</cbc:TaxExemptionReason>
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:TaxCategory>
    </cac:TaxSubtotal>
  </cac:TaxTotal>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{total}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{total}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{total}</cbc:TaxInclusiveAmount>
    <cbc:PayableAmount currencyID="EUR">{total}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:{line}>
    <cbc:ID>1</cbc:ID>
    <cbc:{quantity} unitCode="C62">{students}</cbc:{quantity}>
    <cbc:LineExtensionAmount currencyID="EUR">{total}</cbc:LineExtensionAmount>
    <cac:Item>
      <cbc:Name>Bijdrage MBO Cultuurkaart per student</cbc:Name>
      <cac:ClassifiedTaxCategory>
        <cbc:ID>{category}</cbc:ID>
        {percent}
        <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme>
      </cac:ClassifiedTaxCategory>
    </cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{price}</cbc:PriceAmount></cac:Price>
  </cac:{line}>
</{root}>
"#,
        students = doc.students,
        seller_kvk = x(&seller.kvk),
        seller_name = x(&seller.name),
        seller_street = x(&seller.street),
        seller_city = x(&seller.city),
        seller_postcode = x(&seller.postcode),
        seller_email = x(&seller.email),
        buyer_kvk = x(&doc.buyer_kvk),
        buyer_name = x(&doc.buyer_name),
        buyer_street = x(&doc.buyer_street),
        buyer_city = x(&doc.buyer_city),
        buyer_postcode = x(&doc.buyer_postcode),
        price = doc.contribution,
    )
}

/// The invoice, or its credit note, as a printable PDF in Dutch.
pub fn pdf(doc: &InvoiceDocument, seller: &SellerDetails, note: Option<&CreditNote>) -> Vec<u8> {
    use crate::files::pdf::{render, PdfDocument, PdfLine};
    let exempt = doc.vat_category == "E";
    let mut facts = Vec::new();
    match note {
        None => {
            facts.push(("Factuurdatum".to_owned(), doc.issue_date.clone()));
            facts.push(("Vervaldatum".to_owned(), doc.due_date.clone()));
        }
        Some(n) => {
            facts.push(("Datum".to_owned(), n.issue_date.clone()));
            facts.push(("Creditnota bij factuur".to_owned(), format!("{} van {}", doc.number, doc.issue_date)));
            facts.push(("Reden".to_owned(), n.reason.clone()));
        }
    }
    facts.push(("Referentie (CJP-schoolnummer)".to_owned(), doc.buyer_reference.clone()));
    if !doc.po_reference.is_empty() {
        facts.push(("Inkoopordernummer".to_owned(), doc.po_reference.clone()));
    }
    facts.push(("Programmaperiode".to_owned(), doc.period_name.clone()));
    let total = note.map(|n| n.amount).unwrap_or(doc.total);
    let mut notes = vec![if exempt {
        "Vrijgesteld van btw: bijdrage in het kader van de MBO Cultuurkaart.".to_owned()
    } else {
        "Niet onderworpen aan btw: bijdrage in het kader van de MBO Cultuurkaart.".to_owned()
    }];
    notes.push(match note {
        None => format!(
            "Graag binnen {} dagen betalen op {} ten name van {}, onder vermelding van {}. Zodra de betaling binnen is, komt het cultuurbudget beschikbaar in het schoolportaal.",
            doc.payment_term_days, seller.iban, seller.name, doc.number
        ),
        Some(_) => format!("Deze creditnota vervangt factuur {}; die hoeft niet (meer) betaald te worden.", doc.number),
    });
    notes.push(format!("Vragen over deze factuur? Mail {}.", seller.email));
    let mut buyer_lines = vec![doc.buyer_name.clone(), doc.buyer_location.clone(), doc.buyer_street.clone()];
    buyer_lines.push(format!("{} {}", doc.buyer_postcode, doc.buyer_city));
    if !doc.buyer_kvk.is_empty() {
        buyer_lines.push(format!("KvK {}", doc.buyer_kvk));
    }
    render(&PdfDocument {
        title: if note.is_some() { "Creditnota" } else { "Factuur" }.to_owned(),
        number: note.map(|n| n.number.clone()).unwrap_or_else(|| doc.number.clone()),
        seller_lines: vec![
            seller.name.clone(),
            seller.street.clone(),
            format!("{} {}", seller.postcode, seller.city),
            format!("KvK {}", seller.kvk),
            format!("Btw {}", seller.vat_id),
            seller.email.clone(),
        ],
        buyer_lines,
        facts,
        lines: vec![PdfLine {
            description: format!("Bijdrage MBO Cultuurkaart per student ({})", doc.buyer_location),
            quantity: doc.students.to_string(),
            unit_price: doc.contribution.display_nl(),
            amount: total.display_nl(),
        }],
        total_label: if note.is_some() { "Totaal gecrediteerd" } else { "Totaal te betalen" }.to_owned(),
        total: total.display_nl(),
        notes,
    })
}

/// The files that go with an invoice or its credit note in a mail: the PDF always, the
/// e-invoice when the buyer has a Peppol identifier (its KvK number).
pub fn attachments(doc: &InvoiceDocument, seller: &SellerDetails, note: Option<&CreditNote>) -> Vec<Attachment> {
    let (number, xml) = match note {
        None => (doc.number.clone(), ubl(doc, seller)),
        Some(n) => (n.number.clone(), credit_note_ubl(doc, n, seller)),
    };
    let mut files = vec![Attachment {
        filename: format!("{number}.pdf"),
        content_type: "application/pdf".to_owned(),
        bytes: pdf(doc, seller, note),
    }];
    if !doc.buyer_kvk.is_empty() {
        files.push(Attachment {
            filename: format!("{number}.xml"),
            content_type: "application/xml".to_owned(),
            bytes: xml.into_bytes(),
        });
    }
    files
}

#[cfg(test)]
mod tests {
    use super::x;

    #[test]
    fn text_cannot_break_out_of_the_xml() {
        assert_eq!(x("A & B <c> \"d\" 'e'"), "A &amp; B &lt;c&gt; &quot;d&quot; &apos;e&apos;");
        assert_eq!(x("bel\u{7}"), "bel");
    }
}
