//! Shared view pieces: layouts with navigation and guards, form errors, pagination.

pub mod forms;
pub mod invoice;
pub mod layout;
pub mod locations;
pub mod pager;

pub use forms::{ErrorSummary, FieldProblem};
pub use invoice::InvoiceLinks;
pub use layout::{PortalLayout, PublicLayout, SectionNav};
pub use locations::{LocationCards, ProviderCards};
pub use pager::Pager;

/// Percent-encodes a query value (for `?next=` and `?back=` links).
pub fn encode_query(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_query;

    #[test]
    fn query_values_are_encoded_so_they_cannot_break_out_of_the_link() {
        assert_eq!(encode_query("/admin/mail?page=2"), "/admin/mail%3Fpage%3D2");
        assert_eq!(encode_query("a b&c"), "a%20b%26c");
    }
}
