//! Types and rules that the Arkki app and the reference server share.
//!
//! Everything here is pure: no I/O and no async runtime, so that the browser and the
//! server run the very same rules and the rules can be tested exhaustively.

// The derives of `arkki-json-derive` name this crate by its path, inside it too.
extern crate self as arkki_api;

pub mod account;
pub mod admin;
pub mod json;
pub mod paging;
pub mod problem;
pub mod terms;
pub mod validation;
pub mod wire;

pub use problem::{ErrorCode, FieldError, Problem};
