//! Arkki, the web app: a Leptos single-page app compiled to WebAssembly.

pub mod account;
pub mod admin;
pub mod api;
pub mod app;
pub mod i18n;
pub mod terms;
pub mod ui;
