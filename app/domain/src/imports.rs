//! What the operator sees of an import before and after confirming it: the registry of
//! institutions and locations, and DUO student counts.

use super::ids::LocationId;
use serde::{Deserialize, Serialize};

/// One problem in an uploaded file, with the line and column it is on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowIssue {
    pub line: i64,
    pub column: String,
    pub message: String,
}

/// What a registry row does to what is registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowChange {
    New,
    Changed,
    Unchanged,
}

/// One location of a registry file, as it would be registered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryLine {
    pub brin: String,
    pub institution_name: String,
    pub vestiging_number: String,
    pub name: String,
    pub city: String,
    pub cjp_school_number: String,
    pub change: RowChange,
}

/// A registry file checked against what is registered; nothing is stored until confirmed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryPreview {
    pub staged_id: i64,
    pub filename: String,
    /// Problems with the file; when there are any, nothing can be imported.
    pub problems: Vec<RowIssue>,
    pub lines: Vec<RegistryLine>,
}

impl RegistryPreview {
    /// How many lines make each kind of change.
    pub fn count(&self, change: RowChange) -> usize {
        self.lines.iter().filter(|l| l.change == change).count()
    }
}

/// Which columns of a DUO file hold what (column names as in the file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuoColumns {
    pub brin: String,
    /// Empty when the file has counts per institution only.
    pub vestiging: String,
    pub count: String,
    /// Empty when the file has no privacy-flag column.
    pub masked: String,
}

/// The new count of one registered location, beside its current count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuoLine {
    pub location_id: LocationId,
    pub location_name: String,
    pub brin: String,
    pub vestiging_number: String,
    /// The count in use now, and its school year.
    pub current: Option<(i64, String)>,
    pub students: i64,
    /// Rows of the file whose count was below 5 and published as 4.
    pub masked_rows: i64,
}

/// A DUO file read with a column mapping and matched to the registered locations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuoPreview {
    pub staged_id: i64,
    pub filename: String,
    /// The file's column names, to map from.
    pub headers: Vec<String>,
    /// The mapping used: the one asked for, else the last one confirmed, else a guess.
    pub columns: Option<DuoColumns>,
    /// Problems with the file; when there are any, nothing can be imported.
    pub problems: Vec<RowIssue>,
    pub rows_read: i64,
    pub masked_rows: i64,
    pub lines: Vec<DuoLine>,
    /// Institutions or locations in the file that are not registered here (DUO publishes all).
    pub not_registered: i64,
    /// BRIN codes counted per institution whose institution has several locations here.
    pub ambiguous: Vec<String>,
}

/// One confirmed DUO import, for the history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DuoImportRow {
    pub id: i64,
    pub school_year: String,
    pub filename: String,
    pub rows_read: i64,
    pub masked_rows: i64,
    pub locations: i64,
    pub created_at_ms: i64,
    pub created_by: String,
}
