//! Signing in, the own password and profile, and the session every page relies on.

pub mod account_page;
pub mod password_change_form;
pub mod password_change_page;
pub mod password_rules;
pub mod session;
pub mod sign_in_page;

pub use account_page::AccountPage;
pub use password_change_page::PasswordChangePage;
pub use sign_in_page::SignInPage;
