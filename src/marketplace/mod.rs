//! Talking to marketplaces over their APIs: pushing what each channel may show and pulling
//! its orders through the same path as an order file.

pub mod api;
pub mod config;
pub mod items;
pub mod reconcile;
pub mod sync;
