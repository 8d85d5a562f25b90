//! E-invoices: the school's invoice as UBL 2.1 following Peppol BIS Billing 3.0 (with the
//! Dutch NL rules), built from the invoice, its order, the location and the seller's details.
//! The XML is written by hand from a fixed template: the element order is the schema's, and
//! every text is escaped.

use super::budget::money;
use super::db::{int, text, Db};
use super::request::internal;
use super::state::SellerDetails;
use crate::domain::time::local_date;
use crate::domain::{AppError, LocationId, Money};

/// Everything an invoice document needs.
#[derive(Clone, Debug)]
pub struct InvoiceDocument {
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
    pub students: i64,
    pub contribution: Money,
    pub total: Money,
    pub period_name: String,
    /// `E` (exempt from VAT) or `O` (outside the scope of VAT).
    pub vat_category: String,
    pub payment_term_days: i64,
}

/// Loads the document data of an invoice.
pub async fn document(db: &Db, invoice_id: i64) -> Result<Option<InvoiceDocument>, AppError> {
    let row = sqlx::query(
        "SELECT i.number, i.issued_at, i.due_at, i.amount_cents, i.location_id, l.name AS location_name, l.street, l.postcode, l.city,
                l.cjp_school_number, inst.name AS institution_name, inst.kvk_number,
                o.collective_students + o.individual_students AS students, p.contribution_cents, p.name AS period_name,
                p.vat_category, p.payment_term_days
         FROM invoices i JOIN budget_orders o ON o.id = i.order_id JOIN programme_periods p ON p.id = o.period_id
         JOIN locations l ON l.id = i.location_id JOIN institutions inst ON inst.id = l.institution_id WHERE i.id = $1",
    )
    .bind(invoice_id)
    .fetch_optional(&db.pool)
    .await
    .map_err(internal)?;
    let Some(r) = row else { return Ok(None) };
    let e = internal;
    Ok(Some(InvoiceDocument {
        number: text(&r, "number").map_err(e)?,
        issue_date: local_date(int(&r, "issued_at").map_err(e)?),
        due_date: local_date(int(&r, "due_at").map_err(e)?),
        location_id: LocationId(int(&r, "location_id").map_err(e)?),
        buyer_name: text(&r, "institution_name").map_err(e)?,
        buyer_location: text(&r, "location_name").map_err(e)?,
        buyer_street: text(&r, "street").map_err(e)?,
        buyer_postcode: text(&r, "postcode").map_err(e)?,
        buyer_city: text(&r, "city").map_err(e)?,
        buyer_kvk: text(&r, "kvk_number").map_err(e)?,
        buyer_reference: text(&r, "cjp_school_number").map_err(e)?,
        students: int(&r, "students").map_err(e)?,
        contribution: money(int(&r, "contribution_cents").map_err(e)?)?,
        total: money(int(&r, "amount_cents").map_err(e)?)?,
        period_name: text(&r, "period_name").map_err(e)?,
        vat_category: text(&r, "vat_category").map_err(e)?,
        payment_term_days: int(&r, "payment_term_days").map_err(e)?,
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
    let total = doc.total.to_string();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>{issue}</cbc:IssueDate>
  <cbc:DueDate>{due}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:Note>MBO Cultuurkaart, {period}: bijdrage voor {students} studenten van {location}.</cbc:Note>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{buyer_ref}</cbc:BuyerReference>
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
  <cac:PaymentMeans>
    <cbc:PaymentMeansCode>58</cbc:PaymentMeansCode>
    <cbc:PaymentID>{number}</cbc:PaymentID>
    <cac:PayeeFinancialAccount>
      <cbc:ID>{iban}</cbc:ID>
      <cbc:Name>{seller_name}</cbc:Name>
    </cac:PayeeFinancialAccount>
  </cac:PaymentMeans>
  <cac:PaymentTerms><cbc:Note>Betalen binnen {term} dagen onder vermelding van {number}.</cbc:Note></cac:PaymentTerms>
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
  <cac:InvoiceLine>
    <cbc:ID>1</cbc:ID>
    <cbc:InvoicedQuantity unitCode="C62">{students}</cbc:InvoicedQuantity>
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
  </cac:InvoiceLine>
</Invoice>
"#,
        number = x(&doc.number),
        issue = x(&doc.issue_date),
        due = x(&doc.due_date),
        period = x(&doc.period_name),
        students = doc.students,
        location = x(&doc.buyer_location),
        buyer_ref = x(&doc.buyer_reference),
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
        iban = x(&seller.iban),
        term = doc.payment_term_days,
        price = doc.contribution,
    )
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
