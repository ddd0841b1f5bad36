//! Shared components.

pub mod language_switch;
pub mod loading;
pub mod pager;
pub mod problem_message;
pub mod site_header;
pub mod toast;
pub mod user_menu;

pub use loading::Loading;
pub use pager::{PageCursor, Pager};
pub use problem_message::{describe, problem_fallback, FieldMessage, ProblemMessage};
pub use toast::{provide_toasts, use_toasts, ToastRegion};
