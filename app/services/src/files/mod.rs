//! Files in and out: CSV exports as Dutch spreadsheets open them, safe reading of uploaded
//! CSV and Excel files, Excel workbooks, and the invoice PDF.

pub mod csv;
pub mod pdf;
pub mod tabular;
pub mod xlsx;
