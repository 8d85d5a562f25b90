//! Pagination: every list the UI shows comes in pages.

use serde::{Deserialize, Serialize};

/// Which page a client asks for. Sizes are clamped so a client cannot ask for everything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub per_page: u32,
}

impl PageRequest {
    /// Largest page a client may ask for.
    pub const MAX_PER_PAGE: u32 = 100;

    /// Page `page` (1-based) of `per_page` rows, both clamped to sensible bounds.
    pub fn new(page: u32, per_page: u32) -> PageRequest {
        PageRequest { page: page.max(1), per_page: per_page.clamp(1, Self::MAX_PER_PAGE) }
    }

    /// Rows to skip.
    pub fn offset(&self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// Rows to return.
    pub fn limit(&self) -> i64 {
        i64::from(self.per_page)
    }
}

/// One page of rows and how many there are in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: i64,
}

impl<T> Page<T> {
    /// The number of pages (at least 1, so an empty list still has a page to show).
    pub fn page_count(&self) -> u32 {
        let per = i64::from(self.per_page.max(1));
        u32::try_from(((self.total + per - 1) / per).max(1)).unwrap_or(u32::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_are_clamped() {
        let r = PageRequest::new(0, 10_000);
        assert_eq!(r.page, 1);
        assert_eq!(r.per_page, 100);
        assert_eq!(PageRequest::new(3, 20).offset(), 40);
    }

    #[test]
    fn an_empty_list_has_one_page() {
        let p: Page<()> = Page { rows: vec![], page: 1, per_page: 25, total: 0 };
        assert_eq!(p.page_count(), 1);
        let p: Page<()> = Page { rows: vec![], page: 1, per_page: 25, total: 51 };
        assert_eq!(p.page_count(), 3);
    }
}
