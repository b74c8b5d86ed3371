//! Files in and out: CSV dialects and encodings, import rows, exports.

pub mod export;
pub mod import;
pub mod marketplace;
pub mod orders;
pub mod paths;
pub mod table;
pub mod xlsx;
